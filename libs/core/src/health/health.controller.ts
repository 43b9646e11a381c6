import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { REDIS, type RedisClient } from '../redis/redis.js';
import { HealthDto } from './health.dto.js';
import { HealthRepository } from './health.repository.js';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly repo: HealthRepository,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  /** The process is up. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness probe' })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok', checks: {} };
  }

  /** The process can serve: its database (and Redis, when configured) answer. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness probe' })
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer' })
  async ready(): Promise<HealthDto> {
    const checks: Record<string, 'ok' | 'down'> = {};
    checks.database = await withTimeout(this.repo.ping(), 2000).then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    if (this.redis) {
      checks.redis = await withTimeout(this.redis.ping(), 2000).then(
        () => 'ok' as const,
        () => 'down' as const,
      );
    }
    const healthy = Object.values(checks).every((c) => c === 'ok');
    if (!healthy) throw new ServiceUnavailableException({ message: 'Not ready', checks });
    return { status: 'ok', checks };
  }
}
