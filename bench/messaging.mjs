// Encrypted messaging under load: 1,000 authenticated socket.io clients in threads of 2 to 50
// members, messages sent at a steady rate (after a 3-second warm-up at the same rate, whose first
// second is reported apart: a freshly started process), then 1.5 times the rate for 5 s to find
// how many messages a second are persisted; send-to-deliver latency (p50/p99) and persisted
// messages per second for Liaison, and for a bare socket.io relay (bench/support/bare-relay.mjs)
// with the same payloads, rooms and rate, in the same run: both servers are up with every user
// connected, and the measured seconds are sent in rounds that alternate between them (BENCH_ROUNDS,
// default 5), so a few slow seconds of the machine fall on both; memory per idle authenticated
// socket; and, in Chromium, the time to encrypt and decrypt one message and to rotate a 50-member thread.
// Run after `npm run build` (or `node scripts/build-server.mjs`):
//   node bench/messaging.mjs [seconds per phase, default 10] [messages per second, default 1000]
// Uses the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432) with a
// database of its own, dropped at the end. The API runs as a child process (as in production).
import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { runMigrations } from '../dist/libs/core/src/index.js';
import {
  encryptMessage,
  generateKemKeyPair,
  generateSigningKeyPair,
  publicIdentity,
  signConnectionProof,
  ThreadCrypto,
} from '../dist/libs/e2ee/src/index.js';
import { MIGRATIONS } from '../dist/migrations/index.js';
import { cpuOf, machineCpu, postgresCpu, threadCpuOf } from './support/cpu.mjs';

const SECONDS = Number(process.argv[2] ?? 10);
const RATE = Number(process.argv[3] ?? 1000);
const WARMUP = 3;
/** The warm-up's deliveries are recorded as round 0 (the measured rounds are 1, 2, ...). */
const WARMUP_ROUND = 0;
// The measured seconds are sent in ROUNDS rounds per server, the servers' rounds alternating.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Capacity: after the latency phase, the same sockets offered CAPACITY_FACTOR x RATE for
// CAPACITY_SECONDS; persisted messages per second = acknowledged / (last acknowledgement - start).
const CAPACITY_FACTOR = 1.5;
const CAPACITY_SECONDS = 5;
const USERS = 1000;
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const dbName = `liaison_bench_messaging_${process.pid}`;
const benchUrl = new URL(server);
benchUrl.pathname = `/${dbName}`;
const log = (line) => process.stdout.write(`${line}\n`);
const admin = async (sql) => {
  const c = new pg.Client({ connectionString: server.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const rssOf = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A seeded generator, so every run builds the same threads.
let seed = 20261128;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);

/**
 * The load generator parses 12,000 deliveries a second; with V8's default young generation it
 * collected it some 3,000 times a run, for up to 20 ms each (`node --trace-gc`), and each
 * pause counts as latency for the server being measured. The measuring process runs itself again
 * with a larger young generation (the servers keep their defaults).
 */
const GENERATOR_FLAGS = ['--max-semi-space-size=64'];

async function main() {
  if (!GENERATOR_FLAGS.every((f) => process.execArgv.includes(f))) {
    const child = spawn(process.execPath, [...GENERATOR_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
    });
    process.exitCode = await new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
    return;
  }
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-messaging-'));
  const children = [];
  try {
    await runMigrations(benchUrl.toString(), MIGRATIONS);
    const db = new pg.Client({ connectionString: benchUrl.toString() });
    await db.connect();

    // 1,000 users with a live session each; tokens signed as the API signs them.
    const secret = randomBytes(32).toString('hex');
    const users = Array.from({ length: USERS }, (_, i) => ({ id: randomUUID(), sid: randomUUID(), i }));
    await db.query(
      `INSERT INTO user_account (id, email, display_name, password_hash)
       SELECT id, 'bench' || i || '@liaison.test', 'Bench user ' || i, 'not-a-hash' FROM jsonb_to_recordset($1) AS u(id uuid, i int)`,
      [JSON.stringify(users)],
    );
    await db.query(
      `INSERT INTO session (id, user_id, device, last_used_at, expires_at)
       SELECT sid, id, 'bench', now(), now() + interval '1 day' FROM jsonb_to_recordset($1) AS u(id uuid, sid uuid)`,
      [JSON.stringify(users)],
    );
    for (const u of users)
      u.token = jwt.sign({ sub: u.id, sid: u.sid, roles: ['member'], org: null, enr: false }, secret, {
        algorithm: 'HS256',
        issuer: 'liaison',
        audience: 'liaison-api',
        expiresIn: 3600,
      });

    // The API, as a child process (started again, fresh, before the measured phase).
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const startApiProcess = async () => {
      // BENCH_PROFILE=dir writes a CPU profile of the API process there.
      const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
      // BENCH_API_FLAGS adds Node flags to the API process (e.g. --trace-gc; its output is shown).
      const flags = process.env.BENCH_API_FLAGS?.split(' ').filter(Boolean) ?? [];
      const child = spawn(process.execPath, [...profile, ...flags, 'dist/apps/api/src/main.js'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: benchUrl.toString(),
          JWT_SECRET: secret,
          TOKEN_PEPPER: pepper,
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'error',
          DEMO: 'false',
          ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
          ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
        },
        stdio: ['ignore', flags.length ? 'inherit' : 'ignore', 'inherit'],
      });
      children.push(child);
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/health/ready`)).ok) return child;
        } catch {
          // not listening yet
        }
        if (i > 300) throw new Error('the API did not start');
        await sleep(100);
      }
    };
    const pepper = randomBytes(32).toString('hex');
    let api = await startApiProcess();
    const call = async (user, method, path, body) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    // Keys: a signing key each; one shared X-Wing key (the server checks sizes and signatures,
    // not which KEM key a user has; generating 1,000 takes 36 s and measures nothing here).
    let t = performance.now();
    const kem = await generateKemKeyPair();
    for (const u of users) {
      const signing = generateSigningKeyPair();
      u.keys = {
        userId: u.id,
        signSecretKey: signing.secretKey,
        signPublicKey: signing.publicKey,
        kemSecretKey: kem.secretKey,
        kemPublicKey: kem.publicKey,
      };
    }
    for (let i = 0; i < users.length; i += 50)
      await Promise.all(
        users.slice(i, i + 50).map((u) => {
          const published = publicIdentity(u.keys);
          delete published.userId;
          return call(u, 'PUT', '/keys/me', published);
        }),
      );
    log(`${USERS} users with sessions and published keys in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // Threads of 2 to 50 members until everyone is in at least one; sizes log-uniform (most
    // threads small, a few of 50, as in working networks: median about 10).
    t = performance.now();
    const threads = [];
    const order = [...users].sort(() => random() - 0.5);
    let next = 0;
    while (next < order.length) {
      const size = Math.min(50, Math.floor(2 * 25 ** random()));
      const members = order.slice(next, next + size);
      next += size;
      while (members.length < 2) members.push(order[Math.floor(random() * order.length)]);
      threads.push({ id: randomUUID(), members });
    }
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const thread of threads) {
      const [creator, ...rest] = thread.members;
      const created = await ThreadCrypto.create(
        thread.id,
        creator.keys,
        rest.map((m) => ({ userId: m.id, role: 'member' })),
        () => kem.publicKey,
        (id) => [byId.get(id).keys.signPublicKey],
      );
      thread.secret = created.epochSecret;
      await call(creator, 'POST', '/threads', {
        threadId: thread.id,
        rosterEvents: created.rosterEvents,
        keyDistribution: created.keyDistribution,
      });
      for (const m of thread.members) (m.threads ??= []).push(thread);
    }
    const sizes = threads.map((th) => th.members.length).sort((a, b) => a - b);
    log(
      `${threads.length} threads of ${sizes[0]} to ${sizes.at(-1)} members (median ${percentile(sizes, 0.5)}), ` +
        `created through the API in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    await db.end();

    // Messages prepared ahead (encrypted and signed as a client would), so the load generator
    // spends its time sending, for both servers alike.
    const total = Math.ceil(RATE * (WARMUP + SECONDS + CAPACITY_FACTOR * CAPACITY_SECONDS) * 1.1);
    const prepared = [];
    t = performance.now();
    for (let i = 0; i < total * 2; i++) {
      const thread = threads[Math.floor(random() * threads.length)];
      const sender = thread.members[Math.floor(random() * thread.members.length)];
      const m = encryptMessage(
        { v: 1, kind: 'text', text: `message ${i} ${'x'.repeat(Math.floor(random() * 400))}` },
        { threadId: thread.id, epoch: 1, epochSecret: thread.secret, sender: sender.keys, clientMessageId: `m${i}` },
      );
      delete m.senderUserId;
      prepared.push({ sender, wire: m, receivers: thread.members.length - 1 });
    }
    log(`${prepared.length} messages encrypted and signed ahead in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    // A fresh API process for the measurement, so its memory holds only what the sockets need.
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    api = await startApiProcess();
    const relay = spawn(process.execPath, ['bench/support/bare-relay.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(relay);
    const relayPort = await new Promise((resolve) =>
      relay.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
    );
    await sleep(2000);
    // Both servers up with every user connected; their rounds alternate (in turn first), so both
    // meet the same machine: a hiccup of a few seconds falls on both rather than on one.
    const liaison = await connectSide(
      'Liaison',
      base,
      users,
      prepared.slice(0, total),
      (u) => ({ token: u.token }),
      api.pid,
      true,
    );
    const bare = await connectSide(
      'bare socket.io relay',
      `http://127.0.0.1:${relayPort}`,
      users,
      prepared.slice(total),
      () => ({}),
      relay.pid,
    );
    for (const side of [liaison, bare]) {
      await warmUp(side);
      await sleep(1000);
    }
    for (let round = 0; round < ROUNDS; round++)
      for (const side of round % 2 ? [bare, liaison] : [liaison, bare]) {
        await measureRound(side, SECONDS / ROUNDS);
        await sleep(500);
      }
    for (const side of [liaison, bare]) {
      await measureCapacity(side);
      await sleep(1000);
    }
    for (const side of [liaison, bare]) for (const s of side.sockets.values()) s.close();
    api.kill('SIGTERM');
    relay.kill('SIGTERM');
    const results = { liaison: summarise(liaison), bare: summarise(bare) };

    const chromiumTimings = await timingsInChromium();
    report(results, chromiumTimings);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Send times and deliveries of one side, in typed arrays filled without allocating per delivery:
 * arrays of small arrays made the load generator's heap grow until a major collection paused its
 * event loop for up to 100 ms, counted as latency for whichever server was being measured.
 */
class Deliveries {
  constructor(messages) {
    this.index = new Map(messages.map((m, i) => [m.wire.clientMessageId, i]));
    this.sentAt = new Float64Array(messages.length);
    this.roundOf = new Int16Array(messages.length).fill(-1);
    const capacity = messages.reduce((n, m) => n + m.receivers, 0);
    this.at = new Float64Array(capacity);
    this.ms = new Float64Array(capacity);
    this.round = new Int16Array(capacity);
    this.count = 0;
  }

  /** Message `i` sent now, in `round` (-1: not measured). */
  sent(i, round, at) {
    this.sentAt[i] = at;
    this.roundOf[i] = round;
  }

  delivered(clientMessageId, now) {
    const i = this.index.get(clientMessageId);
    if (i === undefined || this.roundOf[i] < 0 || this.count === this.at.length) return;
    this.at[this.count] = this.sentAt[i];
    this.ms[this.count] = now - this.sentAt[i];
    this.round[this.count++] = this.roundOf[i];
  }

  /** The deliveries of a round: sending times and latencies. */
  of(round) {
    const at = [];
    const ms = [];
    for (let k = 0; k < this.count; k++)
      if (this.round[k] === round) {
        at.push(this.at[k]);
        ms.push(this.ms[k]);
      }
    return { at, ms };
  }
}

/**
 * Sends the side's messages from `from` at `rate` (default RATE) for `seconds` (a batch every
 * 10 ms) from their senders' sockets; their deliveries count for `round` (-1: not recorded).
 */
async function sendSteadily(side, from, seconds, round, rate = RATE) {
  const ackLatencies = [];
  const outcome = { acked: 0, failed: 0, errors: {} };
  const pending = [];
  const started = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(side.messages.length - from, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) {
        const { sender, wire } = side.messages[from + sent];
        const at = performance.now();
        side.deliveries.sent(from + sent, round, at);
        pending.push(
          side.sockets
            .get(sender.id)
            .timeout(30_000)
            .emitWithAck('message.send', wire)
            .then(
              (a) => {
                ackLatencies.push(performance.now() - at);
                if (a.ok) outcome.acked++;
                else {
                  outcome.failed++;
                  const code = a.error?.code ?? a.error?.statusCode;
                  outcome.errors[code] = (outcome.errors[code] ?? 0) + 1;
                }
              },
              () => {
                outcome.failed++;
                outcome.errors.timeout = (outcome.errors.timeout ?? 0) + 1;
              },
            ),
        );
      }
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  return { round, started, sent, pending, ackLatencies, outcome };
}

/** Connects every user to one server, proves their signing keys if asked, and subscribes them to their threads; memory per socket. */
async function connectSide(name, base, users, messages, auth, pid, proveSigners = false) {
  const rssBefore = rssOf(pid);
  const sockets = new Map();
  const deliveries = new Deliveries(messages);
  for (let i = 0; i < users.length; i += 100)
    await Promise.all(
      users.slice(i, i + 100).map(
        (u) =>
          new Promise((resolve, reject) => {
            const s = io(`${base}/realtime`, { auth: auth(u), transports: ['websocket'], reconnection: false });
            s.once('connect', () => resolve());
            s.once('connect_error', reject);
            s.on('message.new', (m) => deliveries.delivered(m.clientMessageId, performance.now()));
            sockets.set(u.id, s);
          }),
      ),
    );
  await sleep(1000);
  const rssConnected = rssOf(pid);
  for (const u of users) {
    const socket = sockets.get(u.id);
    // As the web client does before its first message: the server then leaves signatures to the recipients.
    if (proveSigners) {
      const proof = { signature: signConnectionProof(u.keys, socket.id) };
      const answer = await socket.timeout(10_000).emitWithAck('signer.prove', proof);
      if (!answer.ok) throw new Error(`signer.prove: ${JSON.stringify(answer.error)}`);
    }
    for (const th of u.threads)
      await socket.timeout(10_000).emitWithAck('thread.subscribe', { threadId: th.id, afterSeq: 0 });
  }
  await sleep(1000);
  const rssIdle = rssOf(pid);
  return {
    name,
    pid,
    sockets,
    deliveries,
    messages,
    cursor: 0,
    perSocketKb: (rssConnected - rssBefore) / users.length / 1024,
    perSocketSubscribedKb: (rssIdle - rssBefore) / users.length / 1024,
    // What the measured rounds add up.
    sent: 0,
    acked: 0,
    failed: 0,
    errors: {},
    expected: 0,
    rounds: [],
    seconds: 0,
    cpu: { load: 0, server: 0, main: 0, database: 0, machineBusy: 0, machineIdle: 0 },
    loopDelayP99: 0,
    loopDelayMax: 0,
  };
}

/**
 * A fresh process first runs its code cold: WARMUP seconds at the rate, whose first second is
 * reported apart and which is not measured otherwise.
 */
async function warmUp(side) {
  const warm = await sendSteadily(side, 0, WARMUP, WARMUP_ROUND);
  await Promise.all(warm.pending);
  side.cursor = warm.sent;
  const delivered = side.deliveries.of(WARMUP_ROUND);
  const firstSecond = delivered.ms.filter((_, k) => delivered.at[k] - warm.started < 1000);
  side.firstSecondP99 = percentile(
    firstSecond.sort((a, b) => a - b),
    0.99,
  );
}

/** One measured round: `seconds` of sending at the rate; its latencies and CPU join the side's. */
async function measureRound(side, seconds) {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const serverBefore = cpuOf(side.pid);
  const mainBefore = threadCpuOf(side.pid, side.pid);
  const databaseBefore = postgresCpu();
  const machineBefore = machineCpu();
  const round = await sendSteadily(side, side.cursor, seconds, side.rounds.length + 1);
  await Promise.all(round.pending);
  const elapsed = (performance.now() - round.started) / 1000;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineCpu();
  side.cpu.load += (cpu.user + cpu.system) / 1e6;
  side.cpu.server += cpuOf(side.pid) - serverBefore;
  side.cpu.main += threadCpuOf(side.pid, side.pid) - mainBefore;
  side.cpu.database += postgresCpu() - databaseBefore;
  side.cpu.machineBusy += machine.busy - machineBefore.busy;
  side.cpu.machineIdle += machine.idle - machineBefore.idle;
  side.loopDelayP99 = Math.max(side.loopDelayP99, loopDelay.percentile(99) / 1e6);
  side.loopDelayMax = Math.max(side.loopDelayMax, loopDelay.max / 1e6);
  side.cursor += round.sent;
  side.sent += round.sent;
  side.acked += round.outcome.acked;
  side.failed += round.outcome.failed;
  for (const [code, n] of Object.entries(round.outcome.errors)) side.errors[code] = (side.errors[code] ?? 0) + n;
  side.seconds += elapsed;
  side.expected += side.messages.slice(side.cursor - round.sent, side.cursor).reduce((n, m) => n + m.receivers, 0);
  // Deliveries may still arrive after the acknowledgements: they are read when the run is summed up.
  side.rounds.push(round);
}

/** Capacity: more than RATE offered for a while; how many messages a second are persisted. */
async function measureCapacity(side) {
  side.capacityRate = RATE * CAPACITY_FACTOR;
  const capacity = await sendSteadily(side, side.cursor, CAPACITY_SECONDS, -1, side.capacityRate);
  await Promise.all(capacity.pending);
  side.persistedPerSecond = capacity.outcome.acked / ((performance.now() - capacity.started) / 1000);
  side.capacityFailed = capacity.outcome.failed;
}

/** The side's figures over all its measured rounds. */
function summarise(side) {
  const delivered = side.rounds.map((r) => ({ ...r, ...side.deliveries.of(r.round) }));
  const latencies = delivered.flatMap((r) => r.ms).sort((a, b) => a - b);
  const acks = side.rounds.flatMap((r) => r.ackLatencies).sort((a, b) => a - b);
  const perSecondP99 = delivered.flatMap((round) => {
    const bySecond = new Map();
    round.ms.forEach((ms, k) => {
      const second = Math.floor((round.at[k] - round.started) / 1000);
      bySecond.set(second, [...(bySecond.get(second) ?? []), ms]);
    });
    return [...bySecond.values()].map((xs) =>
      percentile(
        xs.sort((a, b) => a - b),
        0.99,
      ).toFixed(0),
    );
  });
  // Each round's own p99, and their median: a pause of the load generator inflates the round it
  // falls in, and the median of the rounds does not follow one such round.
  const roundP99s = delivered.map((r) =>
    percentile(
      [...r.ms].sort((a, b) => a - b),
      0.99,
    ),
  );
  const out = {
    ...side,
    perSecondP99,
    roundP99s,
    medianRoundP99: percentile(
      [...roundP99s].sort((a, b) => a - b),
      0.5,
    ),
    perSecond: side.acked / side.seconds,
    deliveries: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ackP50: percentile(acks, 0.5),
    ackP99: percentile(acks, 0.99),
    loadGeneratorCpu: side.cpu.load / side.seconds,
    serverCpu: side.cpu.server / side.seconds,
    mainThreadCpu: side.cpu.main / side.seconds,
    databaseCpu: side.cpu.database / side.seconds,
    machineBusy: side.cpu.machineBusy / (side.cpu.machineBusy + side.cpu.machineIdle),
  };
  log(
    `${out.name}: sent ${out.sent} in ${ROUNDS} rounds (${out.seconds.toFixed(1)} s), acknowledged ${out.acked} (${out.failed} failed), ` +
      `${out.deliveries}/${out.expected} deliveries, p50 ${out.p50?.toFixed(1)} ms, p99 ${out.p99?.toFixed(1)} ms; ` +
      `acknowledgement p50 ${out.ackP50?.toFixed(1)} ms, p99 ${out.ackP99?.toFixed(1)} ms; load generator ` +
      `${(out.loadGeneratorCpu * 100).toFixed(0)} % of a core, event-loop delay p99 ${out.loopDelayP99.toFixed(0)} ms (max ${out.loopDelayMax.toFixed(0)} ms); ` +
      `server ${(out.serverCpu * 100).toFixed(0)} % of a core (main thread ${(out.mainThreadCpu * 100).toFixed(0)} %), PostgreSQL ${(out.databaseCpu * 100).toFixed(0)} %, ` +
      `machine ${(out.machineBusy * 100).toFixed(0)} % busy` +
      (out.failed ? `; failures: ${JSON.stringify(out.errors)}` : '') +
      `\n  send-to-deliver p99 in each round: ${out.roundP99s.map((x) => x.toFixed(1)).join(' ')} ms (median ${out.medianRoundP99.toFixed(1)} ms)` +
      `\n  send-to-deliver p99 in each second of sending: ${out.perSecondP99.join(' ')} ms; ` +
      `in the first second after the process started (warm-up): ${out.firstSecondP99.toFixed(0)} ms`,
  );
  return out;
}

/** Times the client-side work in Debian's Chromium with the protocol library bundled by Vite. */
async function timingsInChromium() {
  await promisify(execFile)(process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'test/browser/kat/kat.vite.config.mjs',
  ]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const origin = 'http://localhost:9/';
    await page.route(`${origin}**`, (route) =>
      route.request().url().endsWith('.js')
        ? route.fulfill({
            contentType: 'text/javascript',
            path: join('dist/kat', new URL(route.request().url()).pathname.split('/').pop()),
          })
        : route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><script type="module" src="kat.js"></script>',
          }),
    );
    await page.goto(`${origin}index.html`);
    await page.waitForFunction('globalThis.liaisonKat !== undefined');
    return await page.evaluate('globalThis.liaisonKat.timings()');
  } finally {
    await browser.close();
  }
}

function report({ liaison, bare }, timings) {
  const row = (label, value, target = '', met = '') =>
    log(`${label.padEnd(58)} ${String(value).padEnd(34)} ${target.padEnd(16)} ${met}`);
  log(`\n${'-'.repeat(120)}\nMessaging: ${USERS} sockets, ${RATE} messages/s offered for ${SECONDS} s\n`);
  for (const r of [liaison, bare]) {
    row(`${r.name}: send-to-deliver latency`, `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
    row(`${r.name}: send-to-acknowledgement`, `p50 ${r.ackP50.toFixed(1)} ms, p99 ${r.ackP99.toFixed(1)} ms`);
  }
  row(
    'first second after start (warm-up, not above): p99',
    `Liaison ${liaison.firstSecondP99.toFixed(0)} ms, bare ${bare.firstSecondP99.toFixed(0)} ms`,
  );
  row(
    'Liaison p99 / bare p99',
    `${(liaison.p99 / bare.p99).toFixed(2)}x`,
    '≤ 2.5x',
    liaison.p99 / bare.p99 <= 2.5 ? 'yes' : 'NO',
  );
  row(
    "median of the rounds' p99s, Liaison / bare",
    `${liaison.medianRoundP99.toFixed(1)} / ${bare.medianRoundP99.toFixed(1)} ms: ${(liaison.medianRoundP99 / bare.medianRoundP99).toFixed(2)}x`,
  );
  row('Liaison p50', `${liaison.p50.toFixed(1)} ms`, '≤ 15 ms', liaison.p50 <= 15 ? 'yes' : 'NO');
  row(
    'Liaison persisted messages per second',
    `${liaison.persistedPerSecond.toFixed(0)} with ${liaison.capacityRate}/s offered for ${CAPACITY_SECONDS} s (${liaison.capacityFailed} failed)`,
    '≥ 1000',
    liaison.persistedPerSecond >= 1000 && liaison.capacityFailed === 0 ? 'yes' : 'NO',
  );
  row(
    `Liaison messages per second at ${RATE}/s offered`,
    `${liaison.perSecond.toFixed(0)} (${liaison.acked} of ${liaison.sent}, ${liaison.failed} failed)`,
  );
  row(
    'bare relay messages per second',
    `${bare.perSecond.toFixed(0)}; ${bare.persistedPerSecond.toFixed(0)} with ${bare.capacityRate}/s offered`,
  );
  for (const r of [liaison, bare])
    row(
      `${r.name}: CPU while sending (share of one core)`,
      `server ${(r.serverCpu * 100).toFixed(0)} % (main thread ${(r.mainThreadCpu * 100).toFixed(0)} %), PostgreSQL ${(r.databaseCpu * 100).toFixed(0)} %, load ${(r.loadGeneratorCpu * 100).toFixed(0)} %`,
    );
  row('deliveries (Liaison, bare)', `${liaison.deliveries}/${liaison.expected}, ${bare.deliveries}/${bare.expected}`);
  row(
    'memory per idle authenticated socket (Liaison)',
    `${liaison.perSocketKb.toFixed(1)} KB (${liaison.perSocketSubscribedKb.toFixed(1)} KB subscribed)`,
    '< 60 KB',
    liaison.perSocketSubscribedKb < 60 ? 'yes' : 'NO',
  );
  row(
    'memory per socket (bare relay)',
    `${bare.perSocketKb.toFixed(1)} KB (${bare.perSocketSubscribedKb.toFixed(1)} KB subscribed)`,
  );
  row('Chromium: encrypt one message (median of 200)', `${timings.encryptMs.toFixed(2)} ms`);
  row('Chromium: decrypt one message (median of 200)', `${timings.decryptMs.toFixed(2)} ms`);
  row('Chromium: rotate the key of a 50-member thread (median of 5)', `${timings.rotateMs.toFixed(0)} ms`);
  row('Chromium: one X-Wing identity key pair (median of 5)', `${timings.keygenMs.toFixed(1)} ms`);
}

await main();
