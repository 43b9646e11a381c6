// Protocol v2's send path (the MLS delivery service) under load, against a bare socket.io relay
// (bench/support/bare-relay.mjs) with the same rooms, payload sizes and rate, in the same run:
// USERS people set up real devices (identity, device, KeyPackages through the API), start threads
// of THREAD_SIZE members with real MLS commits, and every member subscribes over socket.io. Each
// sender then sends real MLS application messages (encrypted once per sender; the server reads only
// their framing) with fresh client ids, each signed by the device's key as the web client signs
// them. Besides the people, idle authenticated sockets bring the connections to SOCKETS (default
// 1,000) on each server. The measured seconds are sent in rounds that alternate between the two
// servers (BENCH_ROUNDS, default 5), so a few slow seconds of the machine fall on both.
// Reported: send-to-deliver latency p50/p99 for both servers and their ratio, and how many
// messages a second are persisted when the offered rate is raised.
// Run after `npm run build` (or `node scripts/build-server.mjs`):
//   node bench/messaging.mjs [seconds per phase, default 5] [messages per second, default 300] [people, default 60] [sockets, default 1000]
// Uses the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432) with a
// database of its own, dropped at the end. The API runs as a child process (as in production).
import { spawn } from 'node:child_process';
import { createPrivateKey, randomBytes, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:net';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import {
  DeviceClient,
  deliveryStatement,
  fromB64,
  httpTransport,
  socketProofStatement,
  toB64,
} from '../dist/libs/e2ee/src/index.js';
import { BenchDatabase } from './support/bench-database.mjs';

const SECONDS = Number(process.argv[2] ?? 5);
const RATE = Number(process.argv[3] ?? 300);
const USERS = Number(process.argv[4] ?? 60);
const SOCKETS = Math.max(USERS, Number(process.argv[5] ?? 1000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const THREAD_SIZE = 5;
const CAPACITY_FACTOR = 3;
const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
/** The storage of a device, in memory. */
const memoryStorage = () => {
  const data = new Map();
  return { load: async (k) => data.get(k), save: async (k, v) => void data.set(k, structuredClone(v)) };
};
// PKCS#8 header of a raw Ed25519 seed (RFC 8410): node:crypto signs in C, as fast as a browser would.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

async function main() {
  const database = new BenchDatabase('mls');
  const children = [];
  const sockets = [];
  try {
    const db = await database.create();
    const secret = randomBytes(32).toString('hex');
    // The first USERS are people with devices in threads; the others hold idle sockets.
    const everyone = Array.from({ length: SOCKETS }, (_, i) => ({ id: randomUUID(), sid: randomUUID(), i }));
    const users = everyone.slice(0, USERS);
    await db.query(
      `INSERT INTO user_account (id, email, display_name, password_hash)
       SELECT id, 'bench' || i || '@liaison.test', 'Bench user ' || i, 'not-a-hash' FROM jsonb_to_recordset($1) AS u(id uuid, i int)`,
      [JSON.stringify(everyone)],
    );
    await db.query(
      `INSERT INTO session (id, user_id, device, last_used_at, expires_at, reauthenticated_at)
       SELECT sid, id, 'bench', now(), now() + interval '1 day', now() FROM jsonb_to_recordset($1) AS u(id uuid, sid uuid)`,
      [JSON.stringify(everyone)],
    );
    await db.end();
    for (const u of everyone)
      u.token = jwt.sign({ sub: u.id, sid: u.sid, roles: ['member'], org: null, enr: false }, secret, {
        algorithm: 'HS256',
        issuer: 'liaison',
        audience: 'liaison-api',
        expiresIn: 3600,
      });

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const apiProcess = spawn(
      process.execPath,
      [...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/apps/api/src/main.js'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: database.url,
          JWT_SECRET: secret,
          TOKEN_PEPPER: randomBytes(32).toString('hex'),
          DATA_DIR: database.dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'error',
          DEMO: 'false',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(apiProcess);
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error('the API did not start');
      await sleep(100);
    }
    const transportOf = (u) =>
      httpTransport(async (method, path, body) => {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      });

    // Real devices and threads, made the way the web client makes them.
    let t = performance.now();
    for (const u of users) u.client = (await DeviceClient.setUp(u.id, transportOf(u), memoryStorage())).client;
    log(
      `setup: ${USERS} devices (identity, device, 20 KeyPackages each) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    t = performance.now();
    const threads = [];
    for (let i = 0; i + THREAD_SIZE <= USERS; i += THREAD_SIZE) {
      const members = users.slice(i, i + THREAD_SIZE);
      const threadId = randomUUID();
      await members[0].client.startThread(
        threadId,
        members.slice(1).map((m) => m.id),
      );
      for (const m of members.slice(1)) await m.client.joinWelcomes();
      threads.push({ threadId, members });
    }
    log(
      `setup: ${threads.length} threads of ${THREAD_SIZE} with real MLS commits in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // Every member's MLS message, encrypted once (the server reads only the framing).
    const senders = [];
    for (const th of threads)
      for (const m of th.members) {
        const state = await m.client['open'](th.threadId);
        const body = await state.group.encrypt(new TextEncoder().encode('x'.repeat(160)), 'bench-template');
        senders.push({
          user: m,
          threadId: th.threadId,
          epoch: state.group.epoch,
          body,
          bodyB64: toB64(body),
          key: createPrivateKey({
            key: Buffer.concat([ED25519_PKCS8, Buffer.from(fromB64(m.client['state'].deviceSecret))]),
            format: 'der',
            type: 'pkcs8',
          }),
        });
      }

    const relay = spawn(process.execPath, ['bench/support/bare-relay.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(relay);
    const relayPort = await new Promise((resolve) =>
      relay.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
    );

    const connectAll = async (url) =>
      Promise.all(
        everyone.map(
          (u) =>
            new Promise((resolve, reject) => {
              const s = io(`${url}/realtime`, { auth: { token: u.token }, transports: ['websocket'] });
              sockets.push(s);
              s.once('connect', () => resolve([u.id, s]));
              s.once('connect_error', reject);
            }),
        ),
      ).then((pairs) => new Map(pairs));

    const liaison = await connectAll(base);
    const bare = await connectAll(`http://127.0.0.1:${relayPort}`);
    for (const th of threads)
      for (const m of th.members) {
        const ack = await liaison
          .get(m.id)
          .emitWithAck('mls.subscribe', { threadId: th.threadId, deviceId: m.client.deviceId, afterSeq: 1_000_000 });
        if (!ack.ok) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
        await bare.get(m.id).emitWithAck('thread.subscribe', { threadId: th.threadId });
      }

    // Each sending device proves its key on its connection once, as the web client does after
    // connecting (BENCH_PROVE=0 leaves it out: every message's signature is then checked).
    if (process.env.BENCH_PROVE !== '0')
      for (const s of senders) {
        const socket = liaison.get(s.user.id);
        const statement = socketProofStatement(s.user.id, s.user.client.deviceId, socket.id);
        const ack = await socket.emitWithAck('mls.prove', {
          deviceId: s.user.client.deviceId,
          signature: toB64(sign(null, statement, s.key)),
        });
        if (!ack.ok) throw new Error(`prove: ${JSON.stringify(ack)}`);
      }

    /** Why sends were refused, by error code (over the whole run). */
    const failures = new Map();

    /** Sends at `rate` for `seconds`; answers delivery latencies (ms) and acknowledged sends. */
    async function phase(sockets, kind, rate, seconds) {
      const sentAt = new Map();
      const latencies = [];
      const onDeliver = (payload) => {
        const id = kind === 'liaison' ? payload.message.clientMessageId : payload.clientMessageId;
        const t0 = sentAt.get(id);
        if (t0 !== undefined) latencies.push(performance.now() - t0);
      };
      const event = kind === 'liaison' ? 'mls.message' : 'message.new';
      for (const s of sockets.values()) s.on(event, onDeliver);
      let acked = 0;
      let failed = 0;
      let lastAck = 0;
      const total = Math.round(rate * seconds);
      const start = performance.now();
      const pending = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const s = senders[i % senders.length];
        const clientMessageId = `b${i}x${randomBytes(6).toString('hex')}`;
        const socket = sockets.get(s.user.id);
        sentAt.set(clientMessageId, performance.now());
        const payload =
          kind === 'liaison'
            ? {
                threadId: s.threadId,
                deviceId: s.user.client.deviceId,
                clientMessageId,
                message: s.bodyB64,
                signature: toB64(
                  sign(
                    null,
                    deliveryStatement({
                      threadId: s.threadId,
                      kind: 'application',
                      epoch: s.epoch,
                      body: s.body,
                      clientMessageId,
                    }),
                    s.key,
                  ),
                ),
              }
            : { threadId: s.threadId, clientMessageId, ciphertext: s.bodyB64, signature: 'x'.repeat(86) };
        pending.push(
          socket.emitWithAck(kind === 'liaison' ? 'mls.send' : 'message.send', payload).then((ack) => {
            if (ack.ok) {
              acked++;
              lastAck = performance.now();
            } else {
              failed++;
              const code = ack.error?.code ?? String(ack.error?.statusCode ?? 'unknown');
              failures.set(code, (failures.get(code) ?? 0) + 1);
            }
          }),
        );
      }
      await Promise.all(pending);
      await sleep(500);
      for (const s of sockets.values()) s.off(event, onDeliver);
      latencies.sort((a, b) => a - b);
      return {
        latencies,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        delivered: latencies.length,
        acked,
        failed,
        perSecond: acked / ((lastAck - start) / 1000),
      };
    }

    await phase(liaison, 'liaison', RATE / 2, 2); // warm-up
    await phase(bare, 'relay', RATE / 2, 2);
    // The measured seconds, in rounds alternating between the servers.
    const rounds = { liaison: [], relay: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.liaison.push(await phase(liaison, 'liaison', RATE, SECONDS / ROUNDS));
      rounds.relay.push(await phase(bare, 'relay', RATE, SECONDS / ROUNDS));
    }
    const merge = (list) => {
      const latencies = list.flatMap((x) => x.latencies).sort((a, b) => a - b);
      return {
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        acked: list.reduce((n, x) => n + x.acked, 0),
        failed: list.reduce((n, x) => n + x.failed, 0),
      };
    };
    const l = merge(rounds.liaison);
    const r = merge(rounds.relay);
    const cap = await phase(liaison, 'liaison', RATE * CAPACITY_FACTOR, SECONDS);
    log(
      `\n${USERS} people, ${threads.length} threads of ${THREAD_SIZE}, ${SOCKETS} sockets per server, ${RATE} messages/s for ${SECONDS} s in ${ROUNDS} alternating rounds`,
    );
    log('| measure | Liaison (MLS delivery) | bare relay | ratio |');
    log('|---|---|---|---|');
    log(`| p50 send to deliver | ${l.p50.toFixed(1)} ms | ${r.p50.toFixed(1)} ms | ${(l.p50 / r.p50).toFixed(2)}x |`);
    log(`| p99 send to deliver | ${l.p99.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${(l.p99 / r.p99).toFixed(2)}x |`);
    log(`| acknowledged (failed) | ${l.acked} (${l.failed}) | ${r.acked} (${r.failed}) | |`);
    log(
      `| persisted/s with ${RATE * CAPACITY_FACTOR} offered | ${cap.perSecond.toFixed(0)} (${cap.failed} failed, p99 ${cap.p99.toFixed(0)} ms) | | |`,
    );
    const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const lp = rounds.liaison.map((x) => x.p99);
    const rp = rounds.relay.map((x) => x.p99);
    log(
      `rounds' p99: Liaison ${lp.map((x) => x.toFixed(1)).join(', ')} ms; relay ${rp.map((x) => x.toFixed(1)).join(', ')} ms; ` +
        `median ${medianOf(lp).toFixed(1)} against ${medianOf(rp).toFixed(1)} ms (${(medianOf(lp) / medianOf(rp)).toFixed(2)}x)`,
    );
    if (failures.size > 0) log(`refused sends by reason: ${JSON.stringify(Object.fromEntries(failures))}`);
  } finally {
    for (const s of sockets) s.close();
    for (const c of children) c.kill('SIGTERM');
    await sleep(300);
    await database.cleanUp(log);
  }
}

await main();
