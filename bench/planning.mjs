// Action plans at scale: one plan with 2,000 items and 20,000 activity rows on a fresh database, then
//  - GET /api/v1/plans/:id/items (the board) and GET /api/v1/plans/:id/summary with 16 concurrent
//    keep-alive clients (in a worker thread, off the API's event loop): p50/p95/p99 against the
//    50 ms target;
//  - the same SQL straight through `pg` with 16 clients (the baseline): p50/p95 and the API/raw ratio;
//  - 50 clients editing 20 items of the plan at once (read, PATCH with the version read, on 409 take
//    the current item from the answer and try again): accepted edits, conflicts, and lost updates
//    (an accepted edit missing from the final state or from the history).
// Run after `node scripts/build-server.mjs`:
//   node bench/planning.mjs [seconds per phase, default 10]
// Uses the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432); creates
// and finally drops its own database there.
import http from 'node:http';
import pg from 'pg';
import { SESSION_OPTIONS } from '../dist/libs/core/src/index.js';
import { InvitationsService } from '../dist/libs/identity/src/index.js';
import { PlanCache } from '../dist/libs/planning/src/plans/plan-cache.js';
import { BOARD_JSON_SQL, PlanViewsRepository } from '../dist/libs/planning/src/plans/plan-views.repository.js';
import { cacheAblation } from './support/cache-ablation.mjs';
import { BenchDatabase } from './support/bench-database.mjs';
import { jsonRequester } from './support/json-request.mjs';
import { httpLoad } from './support/http-load.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
// BENCH_MODE=caches measures, instead of the phases below, what the plan cache (PlanViewsRepository's
// PlanCache: boards and summaries kept per items revision) gives at the realistic profile (docs/benchmarks.md).
const MODE = process.env.BENCH_MODE ?? 'phases';
// The realistic profile's other plans: typical working-group plans beside the one of 2,000 items.
const TYPICAL_PLANS = 30;
const TYPICAL_ITEMS = 150;
const CONCURRENCY = 16;
const EDITORS = 50;
const ITEMS = 2_000;
const ACTIVITY = 20_000;
const CONTESTED = 20;
const TARGETS = { p95: 50 };
const COUNTRIES = ['PL', 'BG', 'RO', 'DE', 'FR', 'NL', 'DK', 'SE', 'ES', 'IT', 'SK', 'CZ'];
const STATUSES = ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'];

const database = new BenchDatabase('planning');
const benchUrl = database.url;
const log = (...args) => console.log(...args);
const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);
const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const agent = new http.Agent({ keepAlive: true, maxSockets: EDITORS });
const request = jsonRequester(agent);

/** Runs `fn` from `concurrency` workers for `seconds`; latencies in ms. */
async function drive(seconds, fn, concurrency = CONCURRENCY) {
  const until = performance.now() + seconds * 1000;
  const samples = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < until; i++) {
        const started = performance.now();
        if ((await fn(i).catch(() => false)) === false) errors++;
        samples.push(performance.now() - started);
      }
    }),
  );
  return { samples, errors, rate: samples.length / seconds };
}

/**
 * A plan of `count` items over the 12 countries, two assignees each, a dependency chain per section,
 * `activity` activity rows and a comment on every tenth item.
 */
async function loadPlan(client, { groupId, chair, orgs, people, title, count, activity }) {
  const { rows: plans } = await client.query(
    `INSERT INTO action_plan (group_id, title, status, tlp, created_by) VALUES ($1, $3, 'active', 'AMBER', $2) RETURNING id`,
    [groupId, chair.id, title],
  );
  const planId = plans[0].id;
  const { rows: items } = await client.query(
    `INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date, due_date,
                              priority, progress, status, status_reason, created_by)
     SELECT $1, (n / 20 + 1) || '.' || (n % 20 + 1), 'Campaign action ' || n, 'Do **this**', '<p>Do <strong>this</strong></p>',
            ($2::uuid[])[n % 12 + 1], current_date - 30 + n % 30, current_date - 10 + n % 120,
            (ARRAY['low','normal','high','critical'])[n % 4 + 1], (n * 7) % 101,
            ($3::text[])[n % 5 + 1], CASE WHEN n % 5 IN (2, 4) THEN 'a reason' END, $4
       FROM generate_series(0, $5 - 1) n RETURNING id, reference`,
    [planId, orgs, STATUSES, chair.id, count],
  );
  await client.query(
    `INSERT INTO action_item_assignee (item_id, user_id)
     SELECT i.id, ($2::uuid[])[(row_number() OVER ()) % 5 + 1] FROM action_item i WHERE i.plan_id = $1
     UNION SELECT i.id, ($2::uuid[])[(row_number() OVER ()) % 4 + 2] FROM action_item i WHERE i.plan_id = $1`,
    [planId, people.map((p) => p.id)],
  );
  await client.query(
    `INSERT INTO action_item_dependency (item_id, depends_on_id)
     SELECT b.id, a.id FROM action_item a JOIN action_item b ON b.plan_id = a.plan_id
        AND split_part(b.reference, '.', 1) = split_part(a.reference, '.', 1)
        AND split_part(b.reference, '.', 2)::int = split_part(a.reference, '.', 2)::int + 1
      WHERE a.plan_id = $1`,
    [planId],
  );
  await client.query(
    `INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version)
     SELECT ($2::uuid[])[n % $3 + 1], $1, $4, 'updated', '{"progress": {"before": 10, "after": 20}}', 1
       FROM generate_series(0, $5 - 1) n`,
    [planId, items.map((i) => i.id), items.length, chair.id, activity],
  );
  await client.query(
    `INSERT INTO action_item_comment (item_id, author_id, body, body_html)
     SELECT id, $2, 'Noted.', '<p>Noted.</p>' FROM action_item WHERE plan_id = $1 AND reference LIKE '%0'`,
    [planId, chair.id],
  );
  return { planId, items };
}

/**
 * BENCH_MODE=caches: the plan cache at the realistic profile. Beside the plan of 2,000 items,
 * TYPICAL_PLANS plans of TYPICAL_ITEMS; people open plans' pages (the board and the summary,
 * taking gzip) in an open loop, a quarter of the reads on the large plan, while items are edited
 * through the API; the cache on, then off (every read builds and encodes its own view, as without
 * the cache), in interleaved rounds.
 */
async function measurePlanCache({ client, groupId, chair, orgs, people, large }) {
  const plans = [{ ...large, size: ITEMS }];
  for (let p = 0; p < TYPICAL_PLANS; p++) {
    const title = `Working group plan ${p + 1}`;
    const plan = await loadPlan(client, { groupId, chair, orgs, people, title, count: TYPICAL_ITEMS, activity: 1_500 });
    plans.push({ ...plan, size: TYPICAL_ITEMS });
  }
  await client.query('ANALYZE');
  log(`loaded ${TYPICAL_PLANS} more plans of ${TYPICAL_ITEMS} items`);
  // A quarter of the reads and edits on the large plan, the rest spread over the typical ones;
  // two boards for every summary.
  const pickPlan = (i) => (i % 4 === 0 ? plans[0] : plans[1 + ((i * 7) % TYPICAL_PLANS)]);
  const queries = Array.from({ length: 3_000 }, (_, i) => {
    const plan = pickPlan(i);
    const kind = i % 3 === 2 ? 'summary' : 'board';
    return {
      kind,
      size: plan.size,
      url: `${api.url}/api/v1/plans/${plan.planId}/${kind === 'board' ? 'items' : 'summary'}`,
    };
  });
  const readers = people.map((p) => ({ ...p.auth, 'accept-encoding': 'gzip' }));
  const read = (headers, q) =>
    new Promise((resolve) => {
      const req = http.request(q.url, { method: 'GET', agent, headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.end();
    });
  let edits = 0;
  const edit = async () => {
    const plan = pickPlan(edits++);
    const itemId = plan.items[(edits * 13) % plan.items.length].id;
    const editor = people[1 + (edits % 4)].auth;
    const current = (await request('GET', `${api.url}/api/v1/items/${itemId}`, editor)).body;
    const res = await request('PATCH', `${api.url}/api/v1/items/${itemId}`, editor, {
      version: current.version,
      progress: (current.progress + 1) % 101,
    });
    if (res.status !== 200 && res.status !== 409) throw new Error(`edit answered ${res.status}`);
  };
  // The repository's own cache (a private field: only the instance's methods are replaced below).
  const cache = api.app.get(PlanViewsRepository).cache;
  const uncached = (method) =>
    function (...args) {
      // Nothing kept: every read builds, serialises and encodes its own view.
      this.entries.clear();
      return PlanCache.prototype[method].apply(this, args);
    };
  const switches = {
    'plan cache (PlanCache: boards and summaries per items revision)': {
      off() {
        cache.get = uncached('get');
        cache.board = uncached('board');
        cache.patchBoard = () => undefined;
      },
      on() {
        delete cache.get;
        delete cache.board;
        delete cache.patchBoard;
      },
    },
  };
  await cacheAblation({
    app: api.app,
    log,
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    seconds: SECONDS,
    profile: { searchesPerSecond: Number(process.env.BENCH_READS ?? 3), editsPerSecond: 0.5 },
    people: readers,
    queries,
    search: read,
    edit,
    switches,
    classOf: (q) => `${q.kind === 'board' ? 'boards' : 'summaries'} of ${q.size} items`,
    what: 'reads',
  });
}

const row = (what, result, target = '', met = '') => log(`| ${what} | ${result} | ${target} | ${met} |`);

let api;
const client = await database.create();
try {
  // Four people make thousands of edits a minute here, far past the per-person write limit (600):
  // raised, not off, so the limiter's own cost stays in the figures.
  api = await database.startApi({ WRITES_PER_MINUTE: '1000000' });

  // Twelve organisations, one per country; five group members (accounts made the real way).
  const orgs = [];
  for (const code of COUNTRIES) {
    const { rows } = await client.query(
      `INSERT INTO organisation (name, kind, country_code) VALUES ($1, 'law_enforcement', $2) RETURNING id`,
      [`Police ${code}`, code],
    );
    orgs.push(rows[0].id);
  }
  const invitations = api.app.get(InvitationsService);
  const password = 'a long enough benchmark passphrase 2026';
  const people = [];
  for (let i = 0; i < 5; i++) {
    const email = `planner${i}@bench.test`;
    const { token } = await invitations.invite(null, { email, role: 'member', organisationId: orgs[i] }, null);
    await invitations.accept(token, password, `Planner ${i}`, null);
    const signIn = await request('POST', `${api.url}/api/v1/auth/login`, {}, { email, password });
    people.push({ id: signIn.body.user.id, auth: { authorization: `Bearer ${signIn.body.accessToken}` } });
  }

  // The plan: 2,000 items over 12 countries, two assignees each, a dependency chain per section,
  // 20,000 activity rows and a comment on every tenth item.
  let t = performance.now();
  const chair = people[0];
  const { rows: groups } = await client.query(
    `INSERT INTO working_group (name, created_by) VALUES ('Prevention campaigns', $1) RETURNING id`,
    [chair.id],
  );
  const groupId = groups[0].id;
  for (const [i, p] of people.entries())
    await client.query(`INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)`, [
      groupId,
      p.id,
      i === 0 ? 'chair' : 'member',
    ]);
  const { planId, items } = await loadPlan(client, {
    groupId,
    chair,
    orgs,
    people,
    title: 'Prevention campaigns 2026',
    count: ITEMS,
    activity: ACTIVITY,
  });
  await client.query('ANALYZE');
  log(
    `loaded a plan of ${items.length} items with ${ACTIVITY} activity rows in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );

  if (MODE === 'caches') {
    await measurePlanCache({ client, groupId, chair, orgs, people, large: { planId, items } });
  } else {
    // Board and summary: API, then the same SQL through pg.
    const board = `${api.url}/api/v1/plans/${planId}/items`;
    const summary = `${api.url}/api/v1/plans/${planId}/summary`;
    // Readers take gzip, as browsers do.
    const reader = { ...people[1].auth, 'accept-encoding': 'gzip' };
    const first = await request('GET', board, people[1].auth);
    if (first.status !== 200 || first.body.items.length !== ITEMS) throw new Error(`board answered ${first.status}`);
    const pool = new pg.Pool({ connectionString: benchUrl, max: CONCURRENCY, options: SESSION_OPTIONS });
    // What a rebuild of the board runs (each item serialised by PostgreSQL).
    const rawBoard = () => pool.query(BOARD_JSON_SQL, [planId]).then((r) => r.rows.length === ITEMS);
    const today = `(now() AT TIME ZONE 'UTC')::date`;
    const rawSummary = () =>
      Promise.all([
        pool.query(
          `SELECT status, count(*)::int, count(*) FILTER (WHERE due_date < ${today} AND status NOT IN ('done', 'cancelled'))::int,
                count(*) FILTER (WHERE due_date >= ${today} AND due_date < ${today} + 7)::int, COALESCE(sum(progress), 0)::int
           FROM action_item WHERE plan_id = $1 GROUP BY status`,
          [planId],
        ),
        pool.query(
          `SELECT i.lead_organisation_id, o.name, o.country_code, c.name, count(*)::int, count(*) FILTER (WHERE i.status = 'done')::int,
                count(*) FILTER (WHERE i.due_date < ${today} AND i.status NOT IN ('done', 'cancelled'))::int,
                COALESCE(sum(i.progress) FILTER (WHERE i.status <> 'cancelled'), 0)::int, count(*) FILTER (WHERE i.status <> 'cancelled')::int
           FROM action_item i LEFT JOIN organisation o ON o.id = i.lead_organisation_id LEFT JOIN country c ON c.code = o.country_code
          WHERE i.plan_id = $1 GROUP BY i.lead_organisation_id, o.name, o.country_code, c.name`,
          [planId],
        ),
      ]).then(() => true);

    log('| measure | result | target | met |');
    log('|---|---|---|---|');
    const figures = {};
    for (const [name, url, raw] of [
      ['board (2,000 items)', board, rawBoard],
      ['summary', summary, rawSummary],
    ]) {
      await httpLoad({ url, headers: reader, concurrency: CONCURRENCY, seconds: 2 });
      const viaApi = await httpLoad({ url, headers: reader, concurrency: CONCURRENCY, seconds: SECONDS });
      await drive(2, raw);
      const direct = await drive(SECONDS, raw);
      const p95 = pct(viaApi.samples, 95);
      figures[name] = { api: viaApi, raw: direct };
      row(
        `${name} via API, 16 clients (${viaApi.samples.length} requests, ${viaApi.rate.toFixed(0)}/s, ${viaApi.errors} errors)`,
        `p50 ${ms(pct(viaApi.samples, 50))}, p95 ${ms(p95)}, p99 ${ms(pct(viaApi.samples, 99))}`,
        `p95 ≤ ${TARGETS.p95} ms`,
        p95 <= TARGETS.p95 ? 'yes' : 'NO',
      );
      row(
        `${name}, same SQL through pg (baseline, ${direct.samples.length} runs)`,
        `p50 ${ms(pct(direct.samples, 50))}, p95 ${ms(pct(direct.samples, 95))}; API/raw p50 ${(pct(viaApi.samples, 50) / pct(direct.samples, 50)).toFixed(2)}x`,
      );
    }

    // The board while two members keep editing items (each edit raises the revision; the next read rebuilds).
    {
      let stop = false;
      let edits = 0;
      const editors = [1, 2].map(async (e) => {
        for (let n = 0; !stop; n++) {
          const itemId = items[(e * 100 + n) % items.length].id;
          const current = (await request('GET', `${api.url}/api/v1/items/${itemId}`, people[e].auth)).body;
          const res = await request('PATCH', `${api.url}/api/v1/items/${itemId}`, people[e].auth, {
            version: current.version,
            progress: (current.progress + 1) % 101,
          });
          if (res.status === 200) edits++;
        }
      });
      const started = performance.now();
      const busy = await httpLoad({ url: board, headers: reader, concurrency: CONCURRENCY, seconds: SECONDS });
      stop = true;
      await Promise.all(editors);
      const p95 = pct(busy.samples, 95);
      row(
        `board via API while 2 members edit (${busy.samples.length} reads, ${(edits / ((performance.now() - started) / 1000)).toFixed(0)} edits/s)`,
        `p50 ${ms(pct(busy.samples, 50))}, p95 ${ms(p95)}, p99 ${ms(pct(busy.samples, 99))}`,
        `p95 ≤ ${TARGETS.p95} ms`,
        p95 <= TARGETS.p95 ? 'yes' : 'NO',
      );
    }

    // 50 editors on 20 contested items.
    const contested = items.slice(0, CONTESTED).map((i) => i.id);
    const accepted = [];
    let conflicts = 0;
    let failures = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: EDITORS }, async (_, e) => {
        const who = people[(e % 4) + 1].auth;
        const until = performance.now() + SECONDS * 1000;
        for (let n = 0; performance.now() < until; n++) {
          const itemId = contested[(e * 7 + n) % CONTESTED];
          let current = (await request('GET', `${api.url}/api/v1/items/${itemId}`, who)).body;
          for (let tries = 0; tries < 20; tries++) {
            const title = `edit ${e}-${n}`;
            const res = await request('PATCH', `${api.url}/api/v1/items/${itemId}`, who, {
              version: current.version,
              title,
            });
            if (res.status === 200) {
              accepted.push({ itemId, title, version: res.body.version });
              break;
            }
            if (res.status === 409) {
              conflicts++;
              current = res.body.context.current;
            } else {
              failures++;
              break;
            }
          }
        }
      }),
    );
    const editSeconds = (performance.now() - t) / 1000;
    // Every accepted edit must be in the history with its version and title, and the last one per item in the final state.
    const { rows: history } = await client.query(
      `SELECT item_id AS "itemId", item_version AS version, changes->'title'->>'after' AS title
       FROM action_item_activity WHERE item_id = ANY($1::uuid[]) AND action = 'updated' AND changes ? 'title'`,
      [contested],
    );
    const recorded = new Set(history.map((h) => `${h.itemId}:${h.version}:${h.title}`));
    const missing = accepted.filter((a) => !recorded.has(`${a.itemId}:${a.version}:${a.title}`));
    const { rows: finals } = await client.query(
      `SELECT id, title, version FROM action_item WHERE id = ANY($1::uuid[])`,
      [contested],
    );
    const lastOf = new Map();
    for (const a of accepted) if ((lastOf.get(a.itemId)?.version ?? 0) < a.version) lastOf.set(a.itemId, a);
    const wrongFinal = finals.filter(
      (f) => lastOf.get(f.id) && (lastOf.get(f.id).title !== f.title || lastOf.get(f.id).version !== f.version),
    );
    const versionsUnique = new Set(accepted.map((a) => `${a.itemId}:${a.version}`)).size === accepted.length;
    row(
      `${EDITORS} editors on ${CONTESTED} items for ${editSeconds.toFixed(0)} s`,
      `${accepted.length} accepted (${(accepted.length / editSeconds).toFixed(0)}/s), ${conflicts} conflicts (409, retried), ${failures} other failures`,
    );
    row(
      'lost updates (accepted but missing from the history or the final state; versions given twice)',
      `${missing.length} + ${wrongFinal.length}; ${versionsUnique ? 'no version twice' : 'A VERSION TWICE'}`,
      '0',
      missing.length + wrongFinal.length === 0 && versionsUnique && failures === 0 ? 'yes' : 'NO',
    );
    await pool.end();
  }
} finally {
  await client.end().catch(() => undefined);
  await api?.close();
  agent.destroy();
  await database.cleanUp();
}
