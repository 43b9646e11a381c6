import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { freePort, PROJECT_ROOT } from '@liaison/core';
import {
  type AttachmentDescriptor,
  decryptAttachment,
  DeviceClient,
  encryptAttachment,
  httpTransport,
  randomBytes as randomKey,
  sealArchiveChunk,
  type ThreadEvent,
  utf8,
} from '@liaison/e2ee';
import { DEMO_PASSWORD } from '@liaison/demo';
import { dumpDatabase, walPosition, walSince } from '../support/database-dump.js';
import { memoryStorage, texts } from '../support/messaging.js';
import { createTestDatabase } from '../support/test-database.js';

// The built program (`npm test` builds it first), as in production: its own process, logging at
// the most verbose level, on the run's PostgreSQL and (when set) Redis.
const MAIN = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');
const CANARY = `CANARY-${randomBytes(6).toString('hex')}-never-stored-in-clear`;

describe('what the server keeps after an encrypted conversation', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let walStart: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-canary-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    walStart = await walPosition(database.url);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: database.url,
        JWT_SECRET: randomBytes(32).toString('hex'),
        TOKEN_PEPPER: randomBytes(32).toString('hex'),
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        DEMO: 'true',
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, RUN_JOBS: 'true' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; ; i++) {
      if (
        (await fetch(`${base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )) === true
      )
        break;
      if (i > 300 || child.exitCode !== null) throw new Error(`the API did not start: ${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => (child?.exitCode !== null ? r(null) : child.once('exit', r)));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const request = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  /** A demo person signed in, with a device set up as their browser would (identity, keys, backup). */
  async function person(email: string) {
    const session = (await request(null, 'POST', '/auth/login', { email, password: DEMO_PASSWORD })).body as {
      user: { id: string };
      accessToken: string;
    };
    const transport = httpTransport((method, path, body) => request(session.accessToken, method, path, body));
    const { client } = await DeviceClient.setUp(session.user.id, transport, memoryStorage());
    const socket: Socket = io(`${base}/realtime`, {
      auth: { token: session.accessToken },
      transports: ['websocket'],
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(null));
      socket.once('connect_error', reject);
    });
    return { id: session.user.id, token: session.accessToken, client, socket };
  }

  it('holds no plaintext in the database, its WAL, the logs, the attachment store or Redis', async () => {
    const ana = await person('ana.ionescu@liaison.test');
    const jurgen = await person('jurgen.mueller@liaison.test');
    try {
      const threadId = crypto.randomUUID();
      await ana.client.startThread(threadId, [jurgen.id]);
      expect(await jurgen.client.joinWelcomes()).toEqual([threadId]);
      // Both follow the thread live, as the web client does.
      for (const p of [ana, jurgen])
        expect(
          await p.socket.timeout(5000).emitWithAck('mls.subscribe', { threadId, deviceId: p.client.deviceId }),
        ).toMatchObject({ ok: true });

      // The first message names the subject; then a file, encrypted under its own key, whose
      // descriptor (name, key, hash) travels inside the next message only.
      await ana.client.send(threadId, { text: `First message ${CANARY}`, subject: `Subject ${CANARY}` });
      const attachmentId = crypto.randomUUID();
      const { descriptor, ciphertext } = encryptAttachment(utf8(`Attachment ${CANARY}`.repeat(100)), {
        id: attachmentId,
        name: `${CANARY}.txt`,
        type: 'text/plain',
      });
      const upload = await fetch(`${base}/api/v1/threads/${threadId}/attachments/${attachmentId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/octet-stream' },
        body: ciphertext,
      });
      expect(upload.status).toBe(201);
      await ana.client.send(threadId, { text: `Here is the file ${CANARY}`, attachments: [descriptor] });

      // Jürgen reads both, and the file from the descriptor; his reply reaches Ana live.
      const read: ThreadEvent[] = await jurgen.client.sync(threadId);
      expect(texts(read)).toEqual([`First message ${CANARY}`, `Here is the file ${CANARY}`]);
      const messages = read.flatMap((e) => (e.kind === 'message' ? [e] : []));
      expect(messages[0]!.body.subject).toBe(`Subject ${CANARY}`);
      const file: AttachmentDescriptor = messages[1]!.body.attachments![0]!;
      const download = await fetch(`${base}/api/v1/threads/${threadId}/attachments/${file.id}`, {
        headers: { authorization: `Bearer ${jurgen.token}` },
      });
      expect(new TextDecoder().decode(decryptAttachment(new Uint8Array(await download.arrayBuffer()), file))).toContain(
        CANARY,
      );
      const live = new Promise<unknown>((resolve) => ana.socket.once('mls.message', resolve));
      const reply = await jurgen.client.send(threadId, `Reply ${CANARY}`);
      expect(await live).toMatchObject({ threadId, message: { seq: reply.seq } });
      expect(texts(await ana.client.sync(threadId))).toEqual([`Reply ${CANARY}`]);

      // Jürgen's history archive: what he read, sealed on his device.
      const chunk = sealArchiveChunk(
        randomKey(32),
        jurgen.id,
        threadId,
        messages.map((m) => ({
          seq: m.seq,
          senderUserId: m.sender.userId,
          senderDeviceId: m.sender.deviceId,
          sentAt: m.at,
          body: m.body,
        })),
      );
      expect((await request(jurgen.token, 'PUT', '/archive/chunks', { chunks: [chunk] })).status).toBe(200);

      // The database, as a dump and as its write-ahead log (rows since changed or deleted too).
      const dump = await dumpDatabase(database.url);
      expect(dump).toContain(threadId);
      expect(dump).not.toContain(CANARY);
      const wal = await walSince(database.url, walStart);
      // What the server stores in clear is in it (Jürgen's device id, in every row he sent).
      expect(wal.some((segment) => segment.includes(jurgen.client.deviceId))).toBe(true);
      expect(wal.some((segment) => segment.includes(CANARY))).toBe(false);
      // The logs, at trace level, with the requests in them.
      await new Promise((r) => setTimeout(r, 300));
      expect(output).toContain(`/api/v1/threads/${threadId}/messages`);
      expect(output).not.toContain(CANARY);
      // The attachment store.
      const files = readdirSync(join(dataDir, 'attachments'), { recursive: true, withFileTypes: true }).filter((e) =>
        e.isFile(),
      );
      expect(files).toHaveLength(1);
      for (const f of files) expect(readFileSync(join(f.parentPath, f.name)).includes(CANARY)).toBe(false);
      // Redis: every key and value (jobs, adapter state), when the run has Redis.
      if (process.env.REDIS_URL) {
        const redis = new Redis(process.env.REDIS_URL);
        try {
          const keys = await redis.keys('*');
          let everything = keys.join('\n');
          for (const key of keys) {
            const type = await redis.type(key);
            const value =
              type === 'string'
                ? await redis.get(key)
                : type === 'hash'
                  ? JSON.stringify(await redis.hgetall(key))
                  : type === 'list'
                    ? JSON.stringify(await redis.lrange(key, 0, -1))
                    : type === 'set'
                      ? JSON.stringify(await redis.smembers(key))
                      : type === 'zset'
                        ? JSON.stringify(await redis.zrange(key, '0', '-1'))
                        : type === 'stream'
                          ? JSON.stringify(await redis.xrange(key, '-', '+'))
                          : '';
            everything += `\n${value}`;
          }
          expect(everything).not.toContain(CANARY);
        } finally {
          redis.disconnect();
        }
      }
    } finally {
      ana.socket.close();
      jurgen.socket.close();
    }
  });
});
