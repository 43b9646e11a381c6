// A benchmark's own database on the PostgreSQL server of DATABASE_URL (default the local one):
// created afresh, migrated, the countries filled in; the API started in this process on it; and
// both cleaned up at the end (the database kept when BENCH_KEEP_DATABASE is set, for EXPLAINs).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApi } from '../../dist/apps/api/src/api-app.js';
import { runMigrations } from '../../dist/libs/core/src/index.js';
import { CountriesService } from '../../dist/libs/directory/src/countries/countries.service.js';
import { CountriesRepository } from '../../dist/libs/directory/src/countries/countries.repository.js';
import { MIGRATIONS } from '../../dist/migrations/index.js';

export class BenchDatabase {
  /** `kind` names the database (`liaison_bench_<kind>_<pid>`) and the data directory. */
  constructor(kind) {
    const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const urlFor = (db) => Object.assign(new URL(server), { pathname: `/${db}` }).toString();
    this.name = `liaison_bench_${kind}_${process.pid}`;
    this.url = urlFor(this.name);
    this.adminUrl = urlFor('postgres');
    this.dataDir = mkdtempSync(join(tmpdir(), `liaison-bench-${kind}-`));
  }

  /** Runs one statement on the server's `postgres` database. */
  async admin(sql) {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** Creates the database afresh, migrates it and fills in the countries; a client connected to it. */
  async create() {
    await this.admin(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    await this.admin(`CREATE DATABASE ${this.name}`);
    await runMigrations(this.url, MIGRATIONS);
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    await new CountriesService(
      new CountriesRepository({ query: (sql, params) => client.query(sql, params).then((r) => r.rows) }),
    ).onApplicationBootstrap();
    return client;
  }

  /** The API in this process on the database, with fresh secrets; `env` adds to its configuration. */
  startApi(env = {}) {
    return startApi({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: this.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      TOKEN_PEPPER: randomBytes(32).toString('hex'),
      DATA_DIR: this.dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      DEMO: 'false',
      ...env,
    });
  }

  /** Removes the data directory and drops the database, unless BENCH_KEEP_DATABASE keeps it. */
  async cleanUp(log = console.log) {
    rmSync(this.dataDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_DATABASE) log(`kept the database ${this.name} (BENCH_KEEP_DATABASE)`);
    else await this.admin(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}
