// What each cache on the directory's search path gives a person at the realistic load profile
// (docs/benchmarks.md): the same API process, the same database, each cache switched off in turn
// between rounds (interleaved, so that the machine's other load falls on every configuration
// alike), an open-loop stream of searches from many signed-in people and edits committed by
// another process, and the search latency each configuration gives.
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
async function openLoop({ seconds, searchesPerSecond, editsPerSecond, people, queries, search, edit, cursor }) {
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
        (ok) => (ok ? latencies.push(performance.now() - started) : errors++),
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
export async function cacheAblation({ app, log, rounds, seconds, profile, people, queries, search, edit }) {
  const switches = cacheSwitches(app);
  const names = Object.keys(switches);
  const configs = [
    { label: 'all caches on', off: [] },
    ...names.map((n) => ({ label: `without ${n}`, off: [n] })),
    ...(names.length > 1 ? [{ label: 'all of them off', off: names }] : []),
  ];
  const samples = new Map(configs.map((c) => [c.label, { latencies: [], errors: 0 }]));
  const cursor = { next: 0 };
  await openLoop({ ...profile, seconds: 5, people, queries, search, edit, cursor }); // warm-up
  for (let round = 0; round < rounds; round++) {
    // A new order each round, so that no configuration always follows the same one.
    const order = configs.map((c, i) => [((round + 1) * 7919 * (i + 1)) % 101, c]).sort((a, b) => a[0] - b[0]);
    for (const [, config] of order) {
      for (const n of config.off) switches[n].off();
      try {
        const result = await openLoop({ ...profile, seconds, people, queries, search, edit, cursor });
        const kept = samples.get(config.label);
        kept.latencies.push(...result.latencies);
        kept.errors += result.errors;
      } finally {
        for (const n of config.off) switches[n].on();
      }
    }
  }
  const base = samples.get('all caches on').latencies;
  log(
    `\nCaches at the realistic profile: ${profile.searchesPerSecond} searches/s from ${people.length} people, ` +
      `${profile.editsPerSecond} edit/s by another process, ${rounds} interleaved rounds of ${seconds} s per configuration`,
  );
  log(
    `  ${'configuration'.padEnd(78)} ${'searches'.padStart(8)}  ${'p50'.padStart(8)}  ${'p95'.padStart(8)}  p50 / all on`,
  );
  for (const config of configs) {
    const { latencies, errors } = samples.get(config.label);
    log(
      `  ${config.label.padEnd(78)} ${String(latencies.length).padStart(8)}  ${pct(latencies, 50).toFixed(2).padStart(5)} ms  ${pct(latencies, 95).toFixed(2).padStart(5)} ms  ${(pct(latencies, 50) / pct(base, 50)).toFixed(2)}x${errors ? ` (${errors} errors)` : ''}`,
    );
  }
  return samples;
}
