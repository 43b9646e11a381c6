import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg, { type QueryResultRow } from 'pg';
import type { Logger } from 'pino';
import { AppConfig } from '../config/resolve-config.js';
import { LOGGER } from '../logging/logger.js';
import { SESSION_OPTIONS } from './data-source.js';

/**
 * Session settings of the hot-path pool: those of every connection, and generic plans. By default
 * PostgreSQL plans each of a named statement's first five executions with its values and keeps
 * doing so when a generic plan looks costlier on paper: the directory search was planned afresh
 * every time (0.7 to 1 ms of its 2 to 5 ms). The setting covers unnamed statements too, whose
 * optional filters (`$1 IS NULL OR …`) and limits want their values, so it lives on this pool
 * only, not on TypeORM's.
 */
export const HOT_SESSION_OPTIONS = `${SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`;

/**
 * The statements on hot paths (the session check of every request, message inserts, signing-key
 * reads, the common directory searches), straight through a pg pool of their own as named
 * prepared statements: parsed and planned once per connection, TypeORM's query runner skipped.
 * `name` must be unique per statement text. Needs session-level pooling (a transaction-pooling
 * proxy in front of PostgreSQL would lose the prepared statements).
 *
 * What it earns (docs/benchmarks.md, issue 19): at the realistic profile (30,000 contacts, 200
 * people, 5 searches and 1 edit a second) directory searches took 1.24x as long without it,
 * p50 12.0 against 9.7 ms (`BENCH_MODE=caches … node bench/directory.mjs`).
 */
@Injectable()
export class HotStatements implements OnApplicationShutdown {
  private readonly pool: pg.Pool;

  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    if (!config.databaseUrl) throw new Error('No database URL: start the embedded database first');
    this.pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.databasePoolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'liaison',
      options: HOT_SESSION_OPTIONS,
    });
    // An idle connection that PostgreSQL ends (a restart, a dropped database) is only logged: the
    // pool opens another when one is next needed.
    this.pool.on('error', (err) => logger.warn({ err: err.message }, 'a hot-path database connection was lost'));
  }

  async query<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>({ name, text, values })).rows;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
