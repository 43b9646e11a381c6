import pg from 'pg';
import { WorkspaceOnce } from '@liaison/core';
import { DEMO_ACCOUNTS, DemoSeedService } from '@liaison/demo';
import { ContactIndexer, fold } from '@liaison/directory';
import { sortNameOf } from '../../libs/directory/src/contacts/contact-input.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

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
         FROM contact c JOIN organisation o ON o.id = c.organisation_id`,
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
