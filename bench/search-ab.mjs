// The directory's search statements of two builds against each other, in one process: the same
// database, old and new statement builders interleaved query by query (so the machine's other load
// falls on both alike), through named prepared statements with generic plans as the API runs
// them, one client; 1,500 first-time name searches (full names, family names, prefixes of the
// people in the database) and 60 topic searches. Prints p50/p95 per class and build.
//   BENCH_KEEP_DATABASE=1 BENCH_PHASES=first-time node bench/directory.mjs 3   (prints the kept database's name)
//   git worktree add ../baseline <commit> && cp -al node_modules ../baseline/ && (cd ../baseline && node scripts/build-server.mjs)
//   node scripts/build-server.mjs && node bench/search-ab.mjs <database> ../baseline
// The baseline's statements must run on this build's schema (true of additive migrations).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { HOT_SESSION_OPTIONS } from '../dist/libs/core/src/index.js';
import * as current from '../dist/libs/directory/src/search/contact-search.sql.js';
import { fold } from '../dist/libs/directory/src/search/fold.js';

const [database, baselineDir] = process.argv.slice(2);
if (!database || !baselineDir) throw new Error('usage: node bench/search-ab.mjs <database> <baseline checkout>');
const builders = ['contact-search.sql.js', 'contact-search.js']
  .map((f) => resolve(baselineDir, 'dist/libs/directory/src/search', f))
  .find((f) => existsSync(f));
const baseline = await import(pathToFileURL(builders).href);
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432');
server.pathname = `/${database}`;
const client = new pg.Client({ connectionString: server.href, options: HOT_SESSION_OPTIONS });
await client.connect();
const {
  rows: [member],
} = await client.query(`SELECT id, organisation_id FROM user_account WHERE email = 'bench.member@police.test'`);
const viewer = {
  userId: member.id,
  email: 'bench.member@police.test',
  organisationId: member.organisation_id,
  secretariat: false,
  orgAdmin: false,
  levels: ['network', 'law_enforcement'],
};
const { rows: people } = await client.query(`SELECT full_name FROM contact ORDER BY md5(id::text) LIMIT 1500`);
const names = people.map((p, i) => {
  const family = fold(p.full_name.split(' ').at(-1));
  const q = [p.full_name, family, family.slice(0, Math.max(3, family.length - 2))][i % 3];
  return { kind: 'name', q };
});
const topics = ['victim identification', 'hotline', 'grooming', 'cybercrime unit'].map((q) => ({ kind: 'topic', q }));
const queries = [...names, ...Array.from({ length: 15 }, () => topics).flat()];

const run = async (label, builder, q) => {
  const s = builder.contactSearchStatements(viewer, { q, page: 1, limit: 25 });
  const started = performance.now();
  if (s.one) {
    const { text, values, name } = s.one;
    await client.query(name ? { name: `${label}.${name}`, text, values } : { text, values });
  } else {
    await client.query(s.page);
    await client.query(s.counts);
  }
  return performance.now() - started;
};
const builds = { baseline, current };
const times = Object.fromEntries(Object.keys(builds).map((b) => [b, { name: [], topic: [] }]));
for (const [i, q] of queries.entries()) {
  const order = i % 2 ? ['baseline', 'current'] : ['current', 'baseline'];
  for (const b of order) times[b][q.kind].push(await run(b, builds[b], q.q));
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
for (const kind of ['name', 'topic']) {
  const base = pct(times.baseline[kind], 50);
  for (const b of Object.keys(builds)) {
    const xs = times[b][kind];
    console.log(
      `${kind.padEnd(6)} ${b.padEnd(9)} ${String(xs.length).padStart(5)} searches  p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  p50 ${(pct(xs, 50) / base).toFixed(2)}x`,
    );
  }
}
await client.end();
