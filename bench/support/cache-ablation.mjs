// What each cache gives a person at the realistic load profile (docs/benchmarks.md): the same API
// process, the same database, each cache switched off in turn between rounds (interleaved, so that
// the machine's other load falls on every configuration alike), an open-loop stream of reads (the
// directory's searches, planning's boards and summaries) from many signed-in people and a stream
// of edits, and the latency each configuration gives. The directory's switches are below; other
// benchmarks pass their own.
import { DataSource } from 'typeorm';
import { HotStatements } from '../../dist/libs/core/src/index.js';

/**
 * The switches: each turns one cache off in the running API (only instance properties are
 * replaced, and put back by `on`). Nothing here changes the product's code. The search cache,
 * the serialised pages, the validated queries and the verified tokens were measured here too,
 * found to make no difference at this profile, and removed (docs/benchmarks.md).
 */
export function cacheSwitches(app) {
  const hot = app.get(HotStatements);
  const dataSource = app.get(DataSource);
  const switches = {
    'hot-path pool with generic plans (HotStatements)': {
      off() {
        hot.query = (_name, text, values) => dataSource.query(text, values);
      },
      on() {
        delete hot.query;
      },
    },
  };
  return switches;
}

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * Open loop: searches arrive at `searchesPerSecond` (exponential gaps) whatever the answers
 * take, each from one of `people` in turn with the next query of `queries`; `edit()` runs at
 * `editsPerSecond`. Returns the searches' latencies (ms) and how many failed.
 */
async function openLoop({
  seconds,
  searchesPerSecond,
  editsPerSecond,
  people,
  queries,
  search,
  edit,
  cursor,
  classOf,
}) {
  const latencies = [];
  let errors = 0;
  const inFlight = [];
  const until = performance.now() + seconds * 1000;
  const gap = (rate) => -Math.log(1 - Math.random()) * (1000 / rate);
  const editing = (async () => {
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, gap(editsPerSecond)));
      await edit().catch(() => errors++);
    }
  })();
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, gap(searchesPerSecond)));
    const i = cursor.next++;
    const person = people[i % people.length];
    const query = queries[i % queries.length];
    const started = performance.now();
    inFlight.push(
      search(person, query).then(
        (ok) => (ok ? latencies.push({ ms: performance.now() - started, of: classOf?.(query) }) : errors++),
        () => errors++,
      ),
    );
  }
  await Promise.all(inFlight);
  await editing;
  return { latencies, errors };
}

/**
 * Runs every configuration (all caches on, each off alone, all off) for `rounds` rounds of
 * `seconds`, interleaved, and prints p50/p95 per configuration with its ratio to all-on.
 */
export async function cacheAblation({
  app,
  log,
  rounds,
  seconds,
  profile,
  people,
  queries,
  search,
  edit,
  switches = cacheSwitches(app),
  classOf,
  what = 'searches',
}) {
  const names = Object.keys(switches);
  const configs = [
    { label: 'all caches on', off: [] },
    ...names.map((n) => ({ label: `without ${n}`, off: [n] })),
    ...(names.length > 1 ? [{ label: 'all of them off', off: names }] : []),
  ];
  const samples = new Map(configs.map((c) => [c.label, { latencies: [], errors: 0 }]));
  const cursor = { next: 0 };
  await openLoop({ ...profile, seconds: 5, people, queries, search, edit, cursor, classOf }); // warm-up
  for (let round = 0; round < rounds; round++) {
    // A new order each round, so that no configuration always follows the same one.
    const order = configs.map((c, i) => [((round + 1) * 7919 * (i + 1)) % 101, c]).sort((a, b) => a[0] - b[0]);
    for (const [, config] of order) {
      for (const n of config.off) switches[n].off();
      try {
        const result = await openLoop({ ...profile, seconds, people, queries, search, edit, cursor, classOf });
        const kept = samples.get(config.label);
        kept.latencies.push(...result.latencies);
        kept.errors += result.errors;
      } finally {
        for (const n of config.off) switches[n].on();
      }
    }
  }
  const classes = classOf ? [null, ...new Set(queries.map(classOf))] : [null];
  const of = (label, c) =>
    samples
      .get(label)
      .latencies.filter((l) => c === null || l.of === c)
      .map((l) => l.ms);
  log(
    `\nCaches at the realistic profile: ${profile.searchesPerSecond} ${what}/s from ${people.length} people, ` +
      `${profile.editsPerSecond} edit/s, ${rounds} interleaved rounds of ${seconds} s per configuration`,
  );
  for (const c of classes) {
    if (c !== null) log(`  ${c}:`);
    log(
      `  ${'configuration'.padEnd(78)} ${what.padStart(8)}  ${'p50'.padStart(8)}  ${'p95'.padStart(8)}  p50 / all on`,
    );
    const base = of('all caches on', c);
    for (const config of configs) {
      const latencies = of(config.label, c);
      const { errors } = samples.get(config.label);
      log(
        `  ${config.label.padEnd(78)} ${String(latencies.length).padStart(8)}  ${pct(latencies, 50).toFixed(2).padStart(5)} ms  ${pct(latencies, 95).toFixed(2).padStart(5)} ms  ${(pct(latencies, 50) / pct(base, 50)).toFixed(2)}x${errors && c === null ? ` (${errors} errors)` : ''}`,
      );
    }
  }
  return samples;
}
