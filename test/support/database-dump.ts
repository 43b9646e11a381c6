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
