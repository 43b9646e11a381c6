import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  configureHttp,
  PinoNestLogger,
  prepareRuntime,
  RealtimeIoAdapter,
  type Runtime,
  workspaceKey,
} from '@liaison/core';
import { DemoSeedService } from '@liaison/demo';
import { MIGRATIONS } from '../../../migrations/index.js';
import { AppModule } from './app.module.js';

export interface RunningApi {
  app: INestApplication;
  runtime: Runtime;
  url: string;
  /** Closes the app, then the embedded database if this process started one. */
  close(): Promise<void>;
}

/** Builds the configured (not yet listening) API application on a prepared runtime. */
export async function createApiApp(
  runtime: Runtime,
  extraImports: ApiOptions['extraImports'] = [],
): Promise<INestApplication> {
  const root = AppModule.forRoot({
    config: runtime.config,
    logger: runtime.logger,
    runsJobs: runtime.config.runJobsInApi,
  });
  root.imports = [...(root.imports ?? []), ...extraImports];
  const app = await NestFactory.create<NestExpressApplication>(root, {
    logger: new PinoNestLogger(runtime.logger),
    bodyParser: false,
    abortOnError: false,
  });
  configureHttp(app, runtime.logger);
  const { redisUrl, databaseUrl } = runtime.config;
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, redisUrl, `socket.io#${workspaceKey(databaseUrl!)}`));
  return app;
}

export interface ApiOptions {
  /** Modules added beside the contexts (test probes only). */
  extraImports?: NonNullable<DynamicModule['imports']>;
}

/** Prepares the runtime, seeds the demo workspace when asked, and listens. */
export async function startApi(env: NodeJS.ProcessEnv = process.env, options: ApiOptions = {}): Promise<RunningApi> {
  const runtime = await prepareRuntime({ env, migrations: MIGRATIONS });
  let app: INestApplication | undefined;
  try {
    app = await createApiApp(runtime, options.extraImports);
    await app.init();
    if (runtime.config.demo) {
      const result = await app.get(DemoSeedService).seedOnce();
      if (result.seeded) runtime.logger.info({ seeders: result.seeders }, 'demo workspace seeded');
    }
    await app.listen(runtime.config.port, runtime.config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw err;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = runtime.config.port === 0 ? `http://127.0.0.1:${address.port}` : runtime.config.publicUrl;
  const running = app;
  return {
    app: running,
    runtime,
    url,
    close: async () => {
      await running.close();
      await runtime.close();
    },
  };
}
