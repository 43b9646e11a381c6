// Runs in Jest's parent process, outside its module system: it uses the compiled server (dist/),
// which `npm test` builds first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedDatabase, runMigrations } from '../../dist/libs/core/src/index.js';
import { MIGRATIONS } from '../../dist/migrations/index.js';

export const withDatabase = (url, database) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export async function adminQuery(adminUrl, sql, params = []) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * One database server for the whole run: the one DATABASE_URL names, or an embedded PostgreSQL
 * started here. A template database is migrated once; each test file clones it.
 */
export default async function globalSetup() {
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const embedded = new EmbeddedDatabase({
      dir: join(mkdtempSync(join(tmpdir(), 'liaison-test-')), 'pg'),
      password: 'test',
    });
    await embedded.start();
    globalThis.__LIAISON_EMBEDDED__ = embedded;
    adminUrl = embedded.url;
  }
  const template = `liaison_template_${process.pid}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  await runMigrations(withDatabase(adminUrl, template), MIGRATIONS);
  process.env.LIAISON_TEST_ADMIN_URL = adminUrl;
  process.env.LIAISON_TEST_TEMPLATE = template;
}
