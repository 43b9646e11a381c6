import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { freePort, PROJECT_ROOT } from '@liaison/core';
import {
  encryptAttachment,
  fromB64,
  generateIdentity,
  type IdentityKeys,
  publicIdentity,
  ThreadCrypto,
  utf8,
} from '@liaison/e2ee';
import { DEMO_PASSWORD } from '@liaison/identity';
import { dumpDatabase } from '../support/database-dump.js';
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
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-canary-'));

  beforeAll(async () => {
    database = await createTestDatabase();
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

  const json = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  async function person(email: string): Promise<{ id: string; token: string; keys: IdentityKeys }> {
    const session = await json(null, 'POST', '/auth/login', { email, password: DEMO_PASSWORD });
    const keys = await generateIdentity(session.user.id);
    const { userId: _, ...published } = publicIdentity(keys);
    await json(session.accessToken, 'PUT', '/keys/me', published);
    return { id: session.user.id, token: session.accessToken, keys };
  }

  it('holds no plaintext in the database, the logs, the attachment store or Redis', async () => {
    const ana = await person('ana.ionescu@liaison.test');
    const jurgen = await person('jurgen.mueller@liaison.test');
    const keysOf = (id: string) => [id === ana.id ? ana.keys.signPublicKey : jurgen.keys.signPublicKey];
    const kemOf = (id: string) => (id === ana.id ? ana.keys.kemPublicKey : jurgen.keys.kemPublicKey);
    const threadId = crypto.randomUUID();
    const created = await ThreadCrypto.create(
      threadId,
      ana.keys,
      [{ userId: jurgen.id, role: 'member' }],
      kemOf,
      keysOf,
    );
    await json(ana.token, 'POST', '/threads', {
      threadId,
      rosterEvents: created.rosterEvents,
      keyDistribution: created.keyDistribution,
    });
    const snapshot = { id: threadId, rosterEvents: created.rosterEvents, keyDistributions: [created.keyDistribution] };
    const anaClient = await ThreadCrypto.load(snapshot, ana.keys, keysOf);
    const jurgenClient = await ThreadCrypto.load(snapshot, jurgen.keys, keysOf);

    // Subject and a message over REST, an attachment, and a reply over socket.io.
    const {
      threadId: _t,
      senderUserId: _s,
      ...subject
    } = anaClient.encrypt({ v: 1, kind: 'subject', text: `Subject ${CANARY}` }, crypto.randomUUID());
    await json(ana.token, 'POST', `/threads/${threadId}/messages`, subject);
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
    const {
      threadId: _t2,
      senderUserId: _s2,
      ...withFile
    } = anaClient.encrypt(
      { v: 1, kind: 'text', text: `Here is the file ${CANARY}`, attachments: [descriptor] },
      crypto.randomUUID(),
    );
    await json(ana.token, 'POST', `/threads/${threadId}/messages`, withFile);
    const socket = io(`${base}/realtime`, { auth: { token: jurgen.token }, transports: ['websocket'] });
    try {
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', reject);
      });
      const backlog = await socket.timeout(5000).emitWithAck('thread.subscribe', { threadId, afterSeq: 0 });
      expect(backlog.messages.map((m: never) => jurgenClient.decrypt(m).text)).toEqual([
        `Subject ${CANARY}`,
        `Here is the file ${CANARY}`,
      ]);
      const { senderUserId: _s3, ...reply } = jurgenClient.encrypt(
        { v: 1, kind: 'text', text: `Reply ${CANARY}` },
        crypto.randomUUID(),
      );
      expect((await socket.timeout(5000).emitWithAck('message.send', reply)).ok).toBe(true);
    } finally {
      socket.close();
    }
    const page = await json(ana.token, 'GET', `/threads/${threadId}/messages?afterSeq=0`);
    expect(page.items).toHaveLength(3);
    expect(anaClient.decrypt(page.items[2]).text).toBe(`Reply ${CANARY}`);
    expect(fromB64(page.items[0].ciphertext).length).toBeGreaterThan(16);

    // The database.
    const dump = await dumpDatabase(database.url);
    expect(dump).toContain(threadId);
    expect(dump).not.toContain(CANARY);
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
  });
});
