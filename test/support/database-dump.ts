import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * Everything a database holds, as text: `pg_dump --data-only` when the machine's pg_dump matches
 * the server (CI's PostgreSQL 15), otherwise (the embedded PostgreSQL 18 has no pg_dump) every
 * row of every table as JSON, read through SQL.
 */
export async function dumpDatabase(url: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', url], { maxBuffer: 512 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    if (!/version mismatch|not found|ENOENT/i.test(String((err as Error).message))) throw err;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
      parts.push(`-- ${name}`, ...rows.map((r) => r.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** The current end of the WAL of the database server `url` names (a point to read from later). */
export async function walPosition(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    return rows[0]!.lsn;
  } finally {
    await client.end();
  }
}

/**
 * The WAL segment files the server wrote from `fromLsn` on, as bytes (read through SQL, which
 * needs a superuser, as the test servers' admin is): what reached the write-ahead log, rows
 * since deleted or updated included. The whole server's, not one database's.
 */
export async function walSince(url: string, fromLsn: string): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: files } = await client.query<{ name: string }>(
      `SELECT name FROM pg_ls_waldir()
        WHERE name ~ '^[0-9A-F]{24}$'
          AND name BETWEEN pg_walfile_name($1::pg_lsn) AND pg_walfile_name(pg_current_wal_insert_lsn())
        ORDER BY name`,
      [fromLsn],
    );
    const segments: Buffer[] = [];
    for (const { name } of files) {
      const { rows } = await client.query<{ data: Buffer }>(`SELECT pg_read_binary_file('pg_wal/' || $1) AS data`, [
        name,
      ]);
      segments.push(rows[0]!.data);
    }
    return segments;
  } finally {
    await client.end();
  }
}
