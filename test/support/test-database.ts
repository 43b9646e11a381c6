import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set by the global setup for every worker: an admin URL of the test server and the template. */
export const TEST_ENV = {
  adminUrl: 'LIAISON_TEST_ADMIN_URL',
  template: 'LIAISON_TEST_TEMPLATE',
} as const;

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A fresh database for one test file, cloned from the migrated template (milliseconds, not a
 * migration run). Returns its URL and a function that drops it.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const template = process.env[TEST_ENV.template];
  if (!adminUrl || !template)
    throw new Error('The test database server is not set up (run the tests through jest with its global setup)');
  const name = `${template}_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}
