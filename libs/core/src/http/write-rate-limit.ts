import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedUser } from '../auth/auth.decorators.js';
import { AppConfig } from '../config/resolve-config.js';
import { DomainError } from '../errors/error-body.js';
import { REDIS, type RedisClient, workspaceKey } from '../redis/redis.js';

const WINDOW_SECONDS = 60;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a write waits for Redis before this process's own count decides (Redis unreachable). */
const REDIS_WAIT_MS = 250;
const KEPT_WINDOWS = 10_000;

/** The 429 of a caller over the limit, in the common shape; the filter answers Retry-After from it. */
export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate_limited',
      `Too many changes in a short time. Try again in ${retryAfterSeconds} second(s).`,
      HttpStatus.TOO_MANY_REQUESTS,
      [{ field: 'retryAfterSeconds', reasons: [String(retryAfterSeconds)] }],
    );
  }
}

/**
 * Counts writes per caller in fixed one-minute windows: in Redis when configured, so every API
 * instance of the workspace shares the count, and in this process otherwise (or while Redis does
 * not answer, so an outage neither blocks writes nor lifts the limit altogether).
 */
@Injectable()
export class WriteRateLimiter {
  private readonly local = new Map<string, { window: number; count: number }>();
  private readonly prefix: string;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {
    this.prefix = config.databaseUrl ? `${workspaceKey(config.databaseUrl)}:writes` : 'writes';
  }

  /** Counts one write of `caller`; answers the seconds to wait when it is over `limit`, else 0. */
  async take(caller: string, limit: number): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / (WINDOW_SECONDS * 1000));
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_SECONDS * 1000 - now) / 1000));
    const count = (await this.countInRedis(caller, window)) ?? this.countHere(caller, window);
    return count > limit ? retryAfter : 0;
  }

  private async countInRedis(caller: string, window: number): Promise<number | null> {
    if (!this.redis) return null;
    const key = `${this.prefix}:${caller}:${window}`;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REDIS_WAIT_MS)));
    const counted = this.redis
      .multi()
      .incr(key)
      .expire(key, WINDOW_SECONDS * 2)
      .exec()
      .then((replies) => (replies?.[0]?.[0] ? null : Number(replies?.[0]?.[1])))
      .catch(() => null);
    try {
      return await Promise.race([counted, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private countHere(caller: string, window: number): number {
    const entry = this.local.get(caller);
    if (entry?.window === window) return ++entry.count;
    if (this.local.size >= KEPT_WINDOWS) for (const [k, e] of this.local) if (e.window !== window) this.local.delete(k);
    this.local.set(caller, { window, count: 1 });
    return 1;
  }
}

/**
 * A global guard after the deny-by-default one: every write (POST, PUT, PATCH, DELETE) counts
 * against the signed-in person, or the client's address for an anonymous caller, and one over
 * the minute's limit answers 429 with Retry-After. Reads are never counted. The limits
 * (WRITES_PER_MINUTE, ANONYMOUS_WRITES_PER_MINUTE; 0 turns one off) are
 * far above what a person or the web client does; they stop a runaway script or a flood.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: WriteRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    if (!WRITE_METHODS.has(request.method)) return true;
    const user = request.user;
    const [caller, limit] = user
      ? [`user:${user.id}`, this.config.writesPerMinute]
      : [`ip:${request.ip ?? 'unknown'}`, this.config.anonymousWritesPerMinute];
    if (limit === 0) return true;
    const retryAfter = await this.limiter.take(caller, limit);
    if (retryAfter > 0) throw new RateLimitedError(retryAfter);
    return true;
  }
}
