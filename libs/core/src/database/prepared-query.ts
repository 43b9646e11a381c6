import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs a statement on a hot path straight through the pg pool as a named prepared statement:
 * PostgreSQL parses and plans it once per connection instead of on every call, and TypeORM's
 * query runner is skipped. `name` must be unique per statement text. Needs session-level pooling
 * (a transaction-pooling proxy in front of PostgreSQL would lose the prepared statements).
 */
export async function preparedQuery<R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return (await pool.query<R>({ name, text, values })).rows;
}
