import { PersonalDataRegistry } from './privacy/personal-data.js';
import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DenyByDefaultGuard } from './auth/deny-by-default.guard.js';
import { AppConfig } from './config/resolve-config.js';
import { typeOrmOptions } from './database/data-source.js';
import { HotStatements } from './database/hot-statements.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { HealthController } from './health/health.controller.js';
import { HealthRepository } from './health/health.repository.js';
import { WriteRateLimitGuard, WriteRateLimiter } from './http/write-rate-limit.js';
import { BullMqJobQueue } from './jobs/bullmq-job-queue.js';
import { InProcessJobQueue } from './jobs/in-process-job-queue.js';
import { JobQueue } from './jobs/job-queue.js';
import { LOGGER } from './logging/logger.js';
import { MailPort } from './mail/mail.port.js';
import { OutboxMailer, SmtpMailer } from './mail/mailers.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RealtimePublisher } from './realtime/realtime-publisher.js';
import { createRedisClient, REDIS, type RedisClient, workspaceKey } from './redis/redis.js';
import { SystemController } from './system/system.controller.js';
import { SystemInfoRepository } from './system/system-info.repository.js';
import { SystemInfoService } from './system/system-info.service.js';
import { createValidationPipe } from './validation/validation.pipe.js';
import { WorkspaceMeta } from './workspace/workspace-meta.entity.js';
import { WorkspaceMetaRepository } from './workspace/workspace-meta.repository.js';
import { WorkspaceOnce } from './workspace/workspace-once.js';

export interface CoreOptions {
  config: AppConfig;
  logger: Logger;
  /** True in processes that run background jobs (apps/worker; api in embedded mode). */
  runsJobs: boolean;
}

/** Closes what core opened, after every context has stopped using it. */
class CoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(MailPort) private readonly mail: MailPort,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  async onApplicationBootstrap() {
    await this.jobs.start();
  }

  async onApplicationShutdown() {
    await this.jobs.close();
    await this.mail.close();
    await this.redis?.quit().catch(() => undefined);
  }
}

/** Configuration, database, logging, errors, auth guard, mail, jobs: what every context stands on. */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ config, logger, runsJobs }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot(typeOrmOptions(config)),
        TypeOrmModule.forFeature([WorkspaceMeta]),
        EventEmitterModule.forRoot({ wildcard: false }),
      ],
      controllers: [HealthController, SystemController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: REDIS, useFactory: () => (config.redisUrl ? createRedisClient(config.redisUrl) : null) },
        {
          provide: MailPort,
          useFactory: () =>
            config.smtpUrl
              ? new SmtpMailer(config.smtpUrl, config.mailFrom)
              : new OutboxMailer(config.outboxDir, config.mailFrom),
        },
        {
          provide: JobQueue,
          useFactory: () =>
            config.redisUrl
              ? new BullMqJobQueue(config.redisUrl, logger, runsJobs, workspaceKey(config.databaseUrl!))
              : new InProcessJobQueue(logger),
        },
        { provide: APP_GUARD, useClass: DenyByDefaultGuard },
        // After the one above, which names the caller the limit counts against.
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
        WriteRateLimiter,
        { provide: APP_FILTER, useFactory: () => new HttpErrorFilter(logger) },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        HealthRepository,
        SystemInfoRepository,
        SystemInfoService,
        HotStatements,
        WorkspaceMetaRepository,
        WorkspaceOnce,
        RealtimeGateway,
        RealtimePublisher,
        CoreLifecycle,
        PersonalDataRegistry,
      ],
      exports: [
        AppConfig,
        HotStatements,
        LOGGER,
        REDIS,
        MailPort,
        JobQueue,
        WorkspaceOnce,
        RealtimePublisher,
        RealtimeGateway,
        SystemInfoService,
        PersonalDataRegistry,
      ],
    };
  }
}
