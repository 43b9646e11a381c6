import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import type { AppConfig } from '../config/resolve-config.js';

export const MIGRATIONS_TABLE = 'schema_migrations';

/** Options shared by the application, the CLI and the test harness. `synchronize` is never on. */
export function baseDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    applicationName: 'liaison',
    // gen_random_uuid() from pgcrypto (created by the first migration), not uuid-ossp.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: SESSION_OPTIONS },
    logging: false,
  };
}

/**
 * Session settings of every connection: the directory's typo-tolerant search takes words of its
 * lexicon within trigram similarity 0.5 of a query word (0.3 by default, which lets the index
 * return many more candidates to recheck for no better matches).
 * The hot-path statements' pool adds generic plans (`HOT_SESSION_OPTIONS`).
 */
export const SESSION_OPTIONS = '-c pg_trgm.similarity_threshold=0.5';

/** The application's connection: entities come from each context's TypeOrmModule.forFeature. */
export function typeOrmOptions(config: AppConfig): TypeOrmModuleOptions {
  if (!config.databaseUrl) throw new Error('No database URL: start the embedded database first');
  return { ...baseDataSourceOptions(config.databaseUrl, config.databasePoolSize), autoLoadEntities: true };
}

/** Applies pending migrations; returns the names of those applied. */
export async function runMigrations(url: string, migrations: MixedList<Function>): Promise<string[]> {
  const dataSource = new DataSource({ ...baseDataSourceOptions(url, 2), migrations });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
