import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT, WorkspaceOnce } from '@liaison/core';
import { DEMO_ACCOUNTS, DemoSeedService } from '@liaison/demo';
import { ContactIndexer, fold } from '@liaison/directory';
import { sortNameOf } from '../../libs/directory/src/contacts/contact-input.js';
import { startTestApi, TEST_SECRET, type TestApi } from '../support/test-api.js';

describe('the demo workspace’s seeding', () => {
  let api: TestApi;
  let db: pg.Client;
  const count = async (sql: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

  beforeAll(async () => {
    // Not a demo: nothing is seeded at start, the test seeds.
    api = await startTestApi({ DEMO: 'false' });
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await api.close();
  });

  it('refuses to seed from the command line a workspace that is not a demo', async () => {
    // The demo's accounts share a published password: on a real workspace they would be a way in.
    const run = promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/apps/api/src/cli.js'), 'seed-demo'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: api.databaseUrl,
        JWT_SECRET: TEST_SECRET,
        TOKEN_PEPPER: `${TEST_SECRET}-pepper`,
        LOG_LEVEL: 'silent',
      },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DEMO=true') });
    expect(await count('user_account')).toBe(0);
    expect(await count('organisation')).toBe(0);
  });

  it('does work once per key, in one transaction: a failure leaves nothing behind', async () => {
    const once = api.app.get(WorkspaceOnce);
    const failed = once.run('probe_done_at', async (m) => {
      await m.query(`INSERT INTO workspace_meta (key, value) VALUES ('probe_row', '"written"')`);
      throw new Error('the work failed');
    });
    await expect(failed).rejects.toThrow('the work failed');
    expect(await count(`workspace_meta WHERE key IN ('probe_row', 'probe_done_at')`)).toBe(0);
    expect(await once.doneAt('probe_done_at')).toBeNull();

    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return runs;
    };
    const results = await Promise.all([once.run('probe_done_at', work), once.run('probe_done_at', work)]);
    expect(runs).toBe(1);
    expect(results).toEqual(expect.arrayContaining([{ ran: true, result: 1 }, { ran: false }]));
    expect(await once.doneAt('probe_done_at')).toEqual(expect.any(Date));
  });

  it('leaves no half-seeded workspace when a step fails', async () => {
    const seeds = api.app.get(DemoSeedService);
    const failing: DemoSeedService = Object.create(seeds, {
      steps: { value: [...seeds.steps.slice(0, 3), { name: 'fails', seed: () => Promise.reject(new Error('boom')) }] },
    });
    await expect(failing.seedOnce()).rejects.toThrow('boom');
    expect(await count('organisation')).toBe(0);
    expect(await count('contact')).toBe(0);
    expect(await count('user_account')).toBe(0);
    expect(await seeds.seededAt()).toBeNull();
  });

  it('gives accounts to the demo’s own people only, never to a real point of contact', async () => {
    // A real police unit and its point of contact for victim identification, in an EU member
    // country, there before the demo is seeded: the demo's rule would otherwise match them.
    const [{ id: unit }] = (
      await db.query<{ id: string }>(
        `INSERT INTO organisation (name, kind, country_code) VALUES ('Real Police Unit', 'law_enforcement', 'PL') RETURNING id`,
      )
    ).rows;
    const [{ id: person }] = (
      await db.query<{ id: string }>(
        `INSERT INTO contact (organisation_id, organisation_kind, country_code, full_name, sort_name, emails, languages,
                              last_confirmed_at, search_names, version)
         VALUES ($1, 'law_enforcement', 'PL', 'Real Person', 'person real', ARRAY['real.person@policja.example'], '{pl}',
                 now(), 'real person', 1) RETURNING id`,
        [unit],
      )
    ).rows;
    await db.query(
      `INSERT INTO point_of_contact (contact_id, mandate_code, scope, country_code, role, valid_from, status,
                                     nominating_authority, last_confirmed_at)
       VALUES ($1, 'victim_identification', 'national', 'PL', 'deputy', current_date, 'active', 'Ministry', now())`,
      [person],
    );
  });

  it('seeds every context once, in order, however many starts ask at the same time', async () => {
    const seeds = api.app.get(DemoSeedService);
    const sibling = await api.startSibling();
    try {
      const results = await Promise.all([seeds.seedOnce(), sibling.app.get(DemoSeedService).seedOnce()]);
      const names = seeds.steps.map((s) => s.name);
      expect(names).toEqual([
        'directory: demo organisations',
        'directory: demo network (organisations, contacts, points of contact)',
        'identity: demo accounts',
        'planning: demo working groups and plans',
        'identity: demo accounts for designated contacts',
        'outreach: demo announcements and the summit invitation',
      ]);
      expect(results).toEqual(
        expect.arrayContaining([
          { seeded: true, seeders: names },
          { seeded: false, seeders: [] },
        ]),
      );
    } finally {
      await sibling.close();
    }
    expect(await seeds.seededAt()).toEqual(expect.any(Date));
    expect(await seeds.seedOnce()).toEqual({ seeded: false, seeders: [] });
    const emails = (await db.query<{ email: string }>(`SELECT email FROM user_account`)).rows.map((r) => r.email);
    for (const account of DEMO_ACCOUNTS) expect(emails.filter((e) => e === account.email)).toHaveLength(1);
    expect(await count('contact')).toBeGreaterThan(1500);
    expect(await count('working_group')).toBeGreaterThan(0);
    expect(await count(`announcement WHERE status = 'draft'`)).toBe(1);
    // The demo's designated contacts got accounts; the real one did not.
    expect(emails.filter((e) => !DEMO_ACCOUNTS.some((a) => a.email === e)).length).toBeGreaterThan(10);
    expect(emails).not.toContain('real.person@policja.example');
  });

  it('has the directory derive the seeded contacts’ search columns as the contacts service does', async () => {
    const { rows } = await db.query<{
      full_name: string;
      sort_name: string;
      search_names: string;
      expertise: string[];
      expertise_folded: string[];
      kind_matches: boolean;
      indexed: boolean;
    }>(
      `SELECT c.full_name, c.sort_name, c.search_names, c.expertise, c.expertise_folded,
              c.organisation_kind = o.kind AS kind_matches, c.search_doc IS NOT NULL AS indexed
         FROM contact c JOIN organisation o ON o.id = c.organisation_id
        WHERE o.name <> 'Real Police Unit'`,
    );
    expect(rows.length).toBeGreaterThan(1500);
    const wrong = rows.filter(
      (c) =>
        c.sort_name !== sortNameOf(c.full_name) ||
        c.search_names !== ContactIndexer.searchNames(c.full_name) ||
        c.expertise_folded.join('|') !== [...new Set(c.expertise.map(fold))].join('|') ||
        !c.kind_matches ||
        !c.indexed,
    );
    expect(wrong).toEqual([]);
  });
});
