import { createHash } from 'node:crypto';
import type { MixedList } from 'typeorm';
import type { Logger } from 'pino';
import { AppConfig, resolveConfig } from './config/resolve-config.js';
import { runMigrations } from './database/data-source.js';
import { EmbeddedDatabase } from './database/embedded-database.js';
import { createLogger } from './logging/logger.js';

/** What a process needs before Nest starts: configuration, logger, a migrated database. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  /** Present in embedded mode: the PostgreSQL server this process started. */
  embedded?: EmbeddedDatabase;
  /** Stops what prepareRuntime started. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  migrations: MixedList<Function>;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  logger?: Logger;
}

/**
 * Reads the configuration (throws ConfigError when invalid), starts the embedded PostgreSQL when
 * no DATABASE_URL is set, and applies pending migrations.
 */
export async function prepareRuntime(options: RuntimeOptions): Promise<Runtime> {
  let config = resolveConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  if (config.mode === 'embedded') {
    const password = createHash('sha256').update(`embedded-postgres:${config.secrets.tokenPepper}`).digest('base64url');
    embedded = new EmbeddedDatabase({
      dir: config.embeddedDatabaseDir,
      password,
      log: (line) => logger.debug({ component: 'embedded-postgres' }, line),
    });
    const started = Date.now();
    await embedded.start();
    logger.info({ dir: config.embeddedDatabaseDir, ms: Date.now() - started }, 'embedded PostgreSQL started');
    config = config.withDatabaseUrl(embedded.url);
  }
  try {
    if (options.migrate !== false) {
      const applied = await runMigrations(config.databaseUrl!, options.migrations);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return { config, logger, embedded, close: async () => embedded?.stop() };
}
