import exitHook from 'async-exit-hook';
import { NestFactory } from '@nestjs/core';
import { ConfigError, PinoNestLogger, prepareRuntime } from '@liaison/core';
import { MIGRATIONS } from '../../../migrations/index.js';
import { WorkerModule } from './worker.module.js';

// Runs background jobs from Redis (BullMQ). Without REDIS_URL the API runs them in-process and
// no worker is needed.
try {
  if (!process.env.REDIS_URL)
    throw new ConfigError([{ variable: 'REDIS_URL', reasons: ['is required by the worker'] }]);
  if (!process.env.DATABASE_URL)
    throw new ConfigError([{ variable: 'DATABASE_URL', reasons: ['is required by the worker'] }]);
  const runtime = await prepareRuntime({ migrations: MIGRATIONS, migrate: false });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config: runtime.config, logger: runtime.logger, runsJobs: true }),
    { logger: new PinoNestLogger(runtime.logger) },
  );
  await app.init();
  runtime.logger.info('worker is taking jobs');
  // A requested stop (SIGTERM from a supervisor, Ctrl-C) that completes cleanly exits with 0.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    exitHook.unhookEvent(signal);
    exitHook.hookEvent(signal, 0);
  }
  exitHook((done) => {
    app.close().then(
      () => runtime.close().then(done),
      () => done(),
    );
  });
} catch (err) {
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `The worker could not start: ${String(err instanceof Error ? err.stack : err)}\n`,
  );
  process.exit(1);
}
