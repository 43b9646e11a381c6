import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '@liaison/core';
import { renderQueryFiles } from '../../scripts/queries.mjs';
import * as audit from '../../libs/audit/src/tables.js';
import * as core from '../../libs/core/src/tables.js';
import * as demo from '../../libs/demo/src/tables.js';
import * as directory from '../../libs/directory/src/tables.js';
import * as identity from '../../libs/identity/src/tables.js';
import * as messaging from '../../libs/messaging/src/tables.js';
import * as notices from '../../libs/notices/src/tables.js';
import * as outreach from '../../libs/outreach/src/tables.js';
import * as planning from '../../libs/planning/src/tables.js';
import * as privacy from '../../libs/privacy/src/tables.js';
import { createTestDatabase } from '../support/test-database.js';

const CONTEXTS: Record<string, { OWN_TABLES: readonly string[]; PUBLISHED_VIEWS: readonly string[] }> = {
  audit,
  core,
  demo,
  directory,
  identity,
  messaging,
  notices,
  outreach,
  planning,
  privacy,
};
const OWNER = new Map(
  Object.entries(CONTEXTS).flatMap(([context, c]) => [...c.OWN_TABLES, ...c.PUBLISHED_VIEWS].map((t) => [t, context])),
);
const VIEWS = new Set(Object.values(CONTEXTS).flatMap((c) => c.PUBLISHED_VIEWS));

/** The relations a statement's fixed text names after FROM, JOIN, INTO, UPDATE or TABLE. */
const tablesNamed = (sql: string) => relationsNamed(sql).map((r) => r.name);

/** The same, each with whether the statement writes it (INSERT INTO, UPDATE, DELETE FROM, TRUNCATE). */
const relationsNamed = (sql: string) =>
  [
    ...sql.replace(/--.*$/gm, '').matchAll(/\b(DELETE\s+FROM|FROM|JOIN|INTO|UPDATE|TABLE|ONLY)\s+([a-z_][a-z0-9_]*)/gi),
  ].map((m) => ({ name: m[2]!.toLowerCase(), write: !/^(FROM|JOIN)$/i.test(m[1]!) }));

function repositoryFiles(dir = join(PROJECT_ROOT, 'libs'), found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) repositoryFiles(path, found);
    else if (entry.name.endsWith('.repository.ts')) found.push(path);
  }
  return found;
}

describe('the data layer: each context names only its own tables', () => {
  it('gives every table and view of the schema exactly one owning context, and no context one that is not there', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      const declared = Object.values(CONTEXTS).flatMap((c) => [...c.OWN_TABLES, ...c.PUBLISHED_VIEWS]);
      expect(declared.length).toBe(new Set(declared).size);
      expect([...declared].sort()).toEqual(rows.map((r) => r.name));
    } finally {
      await client.end();
      await db.drop();
    }
  });

  it('refuses any write through a published view, whoever sends it', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Rows written as their owners write them: through the tables.
      await client.query(
        `INSERT INTO user_account (email, display_name, password_hash) VALUES ('someone@example.test', 'Someone', 'x')`,
      );
      await client.query(`INSERT INTO organisation (name, kind) VALUES ('An office', 'ministry')`);
      const writes = [
        `UPDATE identity_account SET roles = '{secretariat}'`,
        `DELETE FROM identity_account`,
        `INSERT INTO directory_organisation (id, name, kind) VALUES (gen_random_uuid(), 'Planted', 'ministry')`,
        `UPDATE directory_organisation SET kind = 'law_enforcement'`,
        `INSERT INTO planning_group_member (group_id, user_id, role) VALUES (gen_random_uuid(), gen_random_uuid(), 'chair')`,
      ];
      for (const sql of writes) await expect(client.query(sql)).rejects.toThrow(/read-only view/);
      const { rows } = await client.query(`SELECT roles, (SELECT kind FROM organisation) AS kind FROM user_account`);
      expect(rows).toEqual([{ roles: ['member'], kind: 'ministry' }]);
      // Every view, published or to come, carries the refusal for inserts, updates and deletes.
      const unguarded = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'v'
            AND NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                             WHERE t.tgrelid = c.oid AND p.proname = 'refuse_view_write'
                               AND t.tgtype & (4 | 8 | 16) = (4 | 8 | 16))`,
      );
      expect(unguarded.rows).toEqual([]);
    } finally {
      await client.end();
      await db.drop();
    }
  });

  it('keeps every repository statement to its own context’s tables and the views others publish, read only', () => {
    const foreign: Record<string, string[]> = {};
    for (const [file, text] of renderQueryFiles()) {
      const name = relative(join(PROJECT_ROOT, 'queries'), file).split(sep).join('/');
      const context = name.split('/')[0]!;
      // Another context's table, or a write through a view it publishes.
      const others = relationsNamed(text)
        .filter((r) => OWNER.has(r.name) && OWNER.get(r.name) !== context && (!VIEWS.has(r.name) || r.write))
        .map((r) => r.name);
      if (others.length > 0) foreign[name] = [...new Set(others)].sort();
    }
    expect(foreign).toEqual({});
  });

  it('finds a foreign table in a statement, joined or written', () => {
    expect(relationsNamed(`DELETE FROM identity_account WHERE true; SELECT 1 FROM identity_account`)).toEqual([
      { name: 'identity_account', write: true },
      { name: 'identity_account', write: false },
    ]);
    expect(tablesNamed(`SELECT 1 FROM announcement a\n JOIN user_account u ON true`)).toEqual([
      'announcement',
      'user_account',
    ]);
    expect(tablesNamed(`INSERT INTO contact (x) SELECT 1; UPDATE organisation SET y = 1 -- FROM mandate`)).toEqual([
      'contact',
      'organisation',
    ]);
  });

  it('keeps the demo to the contexts’ seeding ports: it has no repository of its own', () => {
    const demoDir = join(PROJECT_ROOT, 'libs', 'demo') + sep;
    expect(repositoryFiles().filter((file) => file.startsWith(demoDir))).toEqual([]);
  });

  it('lets only the demo use the seeding ports, and only the apps (and tests) use the demo', () => {
    // The ports write accounts, contacts and designations without invitations, history or audit.
    const sources = (dir: string, found: string[] = []): string[] => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) sources(path, found);
        else if (entry.name.endsWith('.ts')) found.push(path);
      }
      return found;
    };
    const misuses: string[] = [];
    for (const file of [...sources(join(PROJECT_ROOT, 'libs')), ...sources(join(PROJECT_ROOT, 'apps', 'api', 'src'))]) {
      const name = relative(PROJECT_ROOT, file).split(sep).join('/');
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import \{([^}]*)\} from '@liaison\/([a-z0-9-]+)';$/gm)) {
        if (m[2] === 'demo' && !name.startsWith('apps/')) misuses.push(`${name} imports @liaison/demo`);
        if (!name.startsWith('libs/demo/') && /\b[A-Z]\w*Seeding\b/.test(m[1]!))
          misuses.push(`${name} imports a seeding port from @liaison/${m[2]}`);
      }
    }
    expect(misuses).toEqual([]);
  });

  it('lets a repository import no other context’s entities', () => {
    const imports: string[] = [];
    for (const file of repositoryFiles()) {
      const context = relative(join(PROJECT_ROOT, 'libs'), file).split(sep)[0];
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import (?!type )\{([^}]*)\} from '@liaison\/([a-z0-9-]+)';$/gm)) {
        if (m[2] === 'core' || m[2] === context) continue;
        const values = m[1]!
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n && !n.startsWith('type '));
        for (const v of values) imports.push(`${relative(PROJECT_ROOT, file).split(sep).join('/')}: ${v}`);
      }
    }
    expect(imports.sort()).toEqual([]);
  });
});
