import {
  applyRosterEvent,
  createDistribution,
  encryptMessage,
  newEpochSecret,
  fromB64,
  generateIdentity,
  type MessageBody,
  nextRosterEvent,
  publicIdentity,
  signRosterEvent,
  toB64,
} from '@liaison/e2ee';
import { HotStatements } from '@liaison/core';
import { BATCH_STATEMENT, batchColumns, type MessageInsert, MessageInserts } from '@liaison/messaging';
import pg from 'pg';
import { dumpDatabase } from '../support/database-dump.js';
import { aUser, type TestUser } from '../support/identity.js';
import { aMember, aThread, directoryKeys, type Member, openThread } from '../support/messaging.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const text = (t: string): MessageBody => ({ v: 1, kind: 'text', text: t });
/** A message row for MessageInserts (which stores, not checks, signatures and ciphertext). */
const insertRow = (threadId: string, sender: Member, clientMessageId: string, epoch = 1): MessageInsert => ({
  threadId,
  epoch,
  senderUserId: sender.id,
  clientMessageId,
  sentAt: new Date().toISOString(),
  nonce: 'n'.repeat(32),
  ciphertext: 'c'.repeat(40),
  signature: 's'.repeat(86),
});
const CANARY = 'CANARY-7f3a9c-do-not-store-in-clear';

describe('messaging: keys, threads and messages over REST', () => {
  let api: TestApi;
  let ana: Member, jurgen: Member, thijs: Member;
  let outsider: TestUser;
  let threadId: string;

  const post = (member: TestUser, path: string, body: unknown) => api.json('POST', path, body, member.auth);
  const send = async (member: Member, t: string, clientMessageId: string = crypto.randomUUID()) => {
    const client = await openThread(api, member, threadId);
    const { threadId: _t, senderUserId: _s, ...wire } = client.encrypt(text(t), clientMessageId);
    return post(member, `/api/v1/threads/${threadId}/messages`, wire);
  };

  beforeAll(async () => {
    api = await startTestApi();
    [ana, jurgen, thijs] = await Promise.all([aMember(api), aMember(api), aMember(api)]);
    outsider = await aUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('publishes identities, refuses a bad self-signature, and keeps the history across a reset', async () => {
    const me = await aMember(api);
    const first = await api.json('GET', `/api/v1/keys/${me.id}`, undefined, outsider.auth);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ userId: me.id, current: { version: 1 }, history: [] });

    const { userId: _, ...other } = publicIdentity(await generateIdentity(me.id));
    const forged = await api.json(
      'PUT',
      '/api/v1/keys/me',
      { ...other, encPublicKey: publicIdentity(me.keys).encPublicKey },
      me.auth,
    );
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'keys_invalid', context: { reason: 'bad_self_signature' } });
    const malformed = await api.json('PUT', '/api/v1/keys/me', { ...other, signPublicKey: 'not base64!' }, me.auth);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.map((d: { field: string }) => d.field)).toEqual(['signPublicKey']);

    const reset = await api.json('PUT', '/api/v1/keys/me', other, me.auth);
    expect(reset.status).toBe(200);
    expect(reset.body.current).toMatchObject({ version: 2, signPublicKey: other.signPublicKey });
    expect(reset.body.history.map((k: { version: number }) => k.version)).toEqual([1]);
    // Publishing the same keys again changes nothing.
    expect((await api.json('PUT', '/api/v1/keys/me', other, me.auth)).body.current.version).toBe(2);
    expect((await api.json('GET', `/api/v1/keys/${crypto.randomUUID()}`, undefined, me.auth)).status).toBe(404);
    expect((await api.json('GET', `/api/v1/keys/${me.id}`)).status).toBe(401);
  });

  it('keeps one key backup per user, refusing an overwrite from a stale device', async () => {
    const blob = {
      version: 1,
      userId: ana.id,
      wraps: [{ kind: 'recovery' }],
      nonce: 'bm9uY2U',
      ciphertext: 'Y2lwaGVy',
    };
    expect((await api.json('GET', '/api/v1/keys/me/backup', undefined, ana.auth)).status).toBe(404);
    const saved = await api.json('PUT', '/api/v1/keys/me/backup', { blob, expectedVersion: 0 }, ana.auth);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, blob });
    const stale = await api.json('PUT', '/api/v1/keys/me/backup', { blob, expectedVersion: 0 }, ana.auth);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'backup_conflict', context: { currentVersion: 1 } });
    const someoneElses = await api.json('PUT', '/api/v1/keys/me/backup', { blob, expectedVersion: 0 }, jurgen.auth);
    expect(someoneElses.status).toBe(400);
    expect((await api.json('GET', '/api/v1/keys/me/backup', undefined, jurgen.auth)).status).toBe(404);
    expect((await api.json('GET', '/api/v1/keys/me/backup', undefined, ana.auth)).body.blob).toEqual(blob);
  });

  it('creates a thread whose members read each other; outsiders get 404 everywhere', async () => {
    threadId = await aThread(api, ana, [{ member: jurgen }]);
    const sent = await send(ana, `Who covers victim identification in Romania? ${CANARY}`);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ seq: 1, epoch: 1, senderUserId: ana.id });

    const list = await api.json('GET', '/api/v1/threads', undefined, jurgen.auth);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: threadId, unread: 1, memberCount: 2, role: 'member' }),
    ]);
    const page = await api.json('GET', `/api/v1/threads/${threadId}/messages?afterSeq=0`, undefined, jurgen.auth);
    const client = await openThread(api, jurgen, threadId);
    expect(client.decrypt(page.body.items[0]).text).toContain('Who covers victim identification in Romania?');
    expect((await post(jurgen, `/api/v1/threads/${threadId}/read`, { seq: 1 })).body).toEqual({ lastReadSeq: 1 });
    expect((await api.json('GET', '/api/v1/threads', undefined, jurgen.auth)).body.items[0].unread).toBe(0);

    const { id: _i, seq: _q, threadId: _t, senderUserId: _s, createdAt: _c, ...outsiderWire } = sent.body;
    for (const [method, path, body] of [
      ['GET', `/api/v1/threads/${threadId}`, undefined],
      ['GET', `/api/v1/threads/${threadId}/messages`, undefined],
      ['POST', `/api/v1/threads/${threadId}/messages`, outsiderWire],
      ['POST', `/api/v1/threads/${threadId}/read`, { seq: 1 }],
      ['POST', `/api/v1/threads/${threadId}/membership`, { event: {} }],
    ] as const) {
      const res = await api.json(method, path, body, outsider.auth);
      expect([method, path, res.status]).toEqual([
        method,
        path,
        method === 'POST' && path.endsWith('membership') ? 400 : 404,
      ]);
    }
    expect((await api.json('GET', '/api/v1/threads', undefined, outsider.auth)).body.items).toEqual([]);
  });

  it('stores a retried send once and numbers concurrent sends without gaps', async () => {
    const id = crypto.randomUUID();
    const client = await openThread(api, jurgen, threadId);
    const { threadId: _t, senderUserId: _s, ...wire } = client.encrypt(text('retry me'), id);
    const [a, b] = await Promise.all([
      post(jurgen, `/api/v1/threads/${threadId}/messages`, wire),
      post(jurgen, `/api/v1/threads/${threadId}/messages`, wire),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2 ? ana : jurgen, `burst ${i}`)));
    expect(burst.every((r) => r.status === 201)).toBe(true);
    const all = await api.json('GET', `/api/v1/threads/${threadId}/messages?afterSeq=0&limit=500`, undefined, ana.auth);
    expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(all.body.items.filter((m: { clientMessageId: string }) => m.clientMessageId === id)).toHaveLength(1);
  });

  it('stores a burst over two threads gap-free per thread, a retry once, and refuses strangers and wrong epochs one by one', async () => {
    // More sends at once than the inserts run concurrently, so they are stored in shared statements.
    const a = await aThread(api, ana, [{ member: jurgen }]);
    const b = await aThread(api, ana, [{ member: thijs }]);
    const clients = new Map<string, Awaited<ReturnType<typeof openThread>>>();
    const clientOf = async (m: Member, t: string) => {
      if (!clients.has(`${m.id}${t}`)) clients.set(`${m.id}${t}`, await openThread(api, m, t));
      return clients.get(`${m.id}${t}`)!;
    };
    const wireOf = async (m: Member, t: string, body: string, id: string = crypto.randomUUID()) => {
      const { threadId: _t, senderUserId: _s, ...wire } = (await clientOf(m, t)).encrypt(text(body), id);
      return wire;
    };
    const sends: { who: Member; thread: string; wire: Record<string, unknown> }[] = [];
    for (let i = 0; i < 24; i++) {
      sends.push({ who: i % 2 ? ana : jurgen, thread: a, wire: await wireOf(i % 2 ? ana : jurgen, a, `a ${i}`) });
      sends.push({ who: i % 2 ? ana : thijs, thread: b, wire: await wireOf(i % 2 ? ana : thijs, b, `b ${i}`) });
    }
    const retried = await wireOf(jurgen, a, 'sent twice');
    // Jürgen signs a message for thread b, where he is no member; Ana one under an epoch b is not at.
    // Signed by its sender, under an epoch secret of nobody's: the server checks all but the AEAD.
    const signedBlind = (sender: Member, body: string, epoch: number) => {
      const {
        threadId: _t,
        senderUserId: _s,
        ...wire
      } = encryptMessage(text(body), {
        threadId: b,
        epoch,
        epochSecret: newEpochSecret(),
        sender: sender.keys,
        clientMessageId: crypto.randomUUID(),
      });
      return wire;
    };
    const stranger = signedBlind(jurgen, 'not mine', 1);
    const wrongEpoch = signedBlind(ana, 'too early', 2);
    const results = await Promise.all([
      ...sends.map((x) => post(x.who, `/api/v1/threads/${x.thread}/messages`, x.wire)),
      post(jurgen, `/api/v1/threads/${a}/messages`, retried),
      post(jurgen, `/api/v1/threads/${a}/messages`, retried),
      post(jurgen, `/api/v1/threads/${b}/messages`, stranger),
      post(ana, `/api/v1/threads/${b}/messages`, wrongEpoch),
    ]);
    const [strangerAnswer, wrongEpochAnswer] = results.slice(-2);
    expect(results.slice(0, sends.length).map((r) => r.status)).toEqual(sends.map(() => 201));
    expect([results[sends.length].status, results[sends.length + 1].status].sort()).toEqual([200, 201]);
    expect(results[sends.length].body.id).toBe(results[sends.length + 1].body.id);
    expect(strangerAnswer.status).toBe(404);
    expect(wrongEpochAnswer.status).toBe(409);
    expect(wrongEpochAnswer.body).toMatchObject({ code: 'stale_epoch', context: { currentEpoch: 1 } });

    for (const [thread, count] of [
      [a, 25],
      [b, 24],
    ] as const) {
      const all = await api.json('GET', `/api/v1/threads/${thread}/messages?afterSeq=0&limit=500`, undefined, ana.auth);
      expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      const answered = new Map(results.filter((r) => r.status === 201).map((r) => [r.body.id, r.body.seq]));
      for (const m of all.body.items as { id: string; seq: number }[]) expect(answered.get(m.id)).toBe(m.seq);
      const thread_ = await api.json('GET', `/api/v1/threads/${thread}`, undefined, ana.auth);
      expect(thread_.body.lastSeq).toBe(count);
    }
  });

  it('stores messages waiting together in one statement, with the rules of a single send for each', async () => {
    const a = await aThread(api, ana, [{ member: jurgen }]);
    const b = await aThread(api, ana, [{ member: thijs }]);
    const stored = await send(ana, 'before', 'stored-before'); // in the suite's thread
    expect(stored.status).toBe(201);
    // One statement at a time: the first message goes alone, all the others wait and go together.
    const inserts = new MessageInserts(api.app.get(HotStatements), 1);
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (v) => v,
        (err: { code?: string }) => ({ failed: err.code }),
      );
    const batch = [
      ...Array.from({ length: 10 }, (_, i) => insertRow(i % 3 ? a : b, i % 2 ? ana : i % 3 ? jurgen : thijs, `m${i}`)),
      insertRow(a, jurgen, 'twice'),
      insertRow(a, jurgen, 'twice'),
      insertRow(b, jurgen, 'stranger'),
      insertRow(a, ana, 'future', 2),
      insertRow(threadId, ana, 'stored-before'),
    ];
    const results = await Promise.all(batch.map((m) => outcome(inserts.insert(m))));
    expect(inserts.stats.statements).toBeLessThan(batch.length);
    expect(inserts.stats.batched).toBeGreaterThan(1);
    const seqs = (thread: string) =>
      batch
        .map((m, i) => [m, results[i]] as const)
        .filter(([m, r]) => m.threadId === thread && r && 'seq' in (r as object))
        .map(([, r]) => Number((r as { seq: string }).seq));
    // Gap-free per thread, in the order given.
    expect(seqs(a)).toEqual(Array.from({ length: seqs(a).length }, (_, i) => i + 1));
    expect(seqs(b)).toEqual(Array.from({ length: seqs(b).length }, (_, i) => i + 1));
    expect(seqs(a).length + seqs(b).length).toBe(11); // ten, and one of the twins
    expect([results[10], results[11]].filter((r) => r && 'failed' in (r as object))).toEqual([{ failed: '23505' }]);
    expect(results[12]).toBeNull(); // not a member
    expect(results[13]).toBeNull(); // not the thread's epoch
    expect(results[14]).toEqual({ failed: '23505' }); // stored before
    for (const [thread, count] of [
      [a, seqs(a).length],
      [b, seqs(b).length],
    ] as const)
      expect((await api.json('GET', `/api/v1/threads/${thread}`, undefined, ana.auth)).body.lastSeq).toBe(count);
  });

  it('stores what arrives in one turn of the event loop in one statement, even with connections free', async () => {
    const thread = await aThread(api, ana, [{ member: jurgen }]);
    const inserts = new MessageInserts(api.app.get(HotStatements), 4);
    const together = await Promise.all(
      Array.from({ length: 5 }, (_, i) => inserts.insert(insertRow(thread, i % 2 ? ana : jurgen, `turn-${i}`))),
    );
    expect(inserts.stats).toEqual({ statements: 1, batched: 5, failedBatches: 0 });
    expect(together.map((r) => Number(r!.seq))).toEqual([1, 2, 3, 4, 5]);
    // Alone, a message still goes at once, in a statement of its own.
    expect(Number((await inserts.insert(insertRow(thread, ana, 'alone')))!.seq)).toBe(6);
    expect(inserts.stats).toEqual({ statements: 2, batched: 5, failedBatches: 0 });
  });

  it('lets a thread gain a member while a batch of its messages holds the thread row', async () => {
    const thread = await aThread(api, ana, [{ member: jurgen }]);
    const batch = new pg.Client({ connectionString: api.databaseUrl });
    const other = new pg.Client({ connectionString: api.databaseUrl });
    await batch.connect();
    await other.connect();
    try {
      await batch.query('BEGIN');
      const stored = await batch.query(
        BATCH_STATEMENT,
        batchColumns([insertRow(thread, ana, 'held-1'), insertRow(thread, jurgen, 'held-2')]),
      );
      expect(stored.rowCount).toBe(2);
      // The batch's transaction is still open, holding the thread's row: a row that refers to the
      // thread (a new member) goes in meanwhile instead of waiting for it.
      await other.query(`SET lock_timeout = '2s'`);
      await other.query(`INSERT INTO thread_member (thread_id, user_id, role) VALUES ($1, $2, 'member')`, [
        thread,
        thijs.id,
      ]);
      await batch.query('COMMIT');
      const members = await other.query<{ user_id: string }>('SELECT user_id FROM thread_member WHERE thread_id = $1', [
        thread,
      ]);
      expect(members.rows.map((r) => r.user_id)).toContain(thijs.id);
    } finally {
      await batch.end();
      await other.end();
    }
  });

  it('stores batches from two API instances into the same threads once each, gap-free', async () => {
    const a = await aThread(api, ana, [{ member: jurgen }]);
    const b = await aThread(api, ana, [{ member: thijs }]);
    const sibling = await api.startSibling();
    try {
      const here = new MessageInserts(api.app.get(HotStatements), 1);
      const there = new MessageInserts(sibling.app.get(HotStatements), 1);
      const row = (threadId: string, clientMessageId: string) => insertRow(threadId, ana, clientMessageId);
      // The two instances take the threads' row locks in opposite orders.
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2
            ? here.insert(row(i % 4 === 1 ? a : b, `here-${i}`))
            : there.insert(row(i % 4 === 0 ? b : a, `there-${i}`)),
        ),
      );
      expect(results.every((r) => r !== null)).toBe(true);
      // Both take the rows in one order, so neither batch deadlocks and has to be stored again.
      expect(here.stats.failedBatches + there.stats.failedBatches).toBe(0);
      expect(here.stats.batched + there.stats.batched).toBeGreaterThan(20);
      for (const thread of [a, b]) {
        const all = await api.json(
          'GET',
          `/api/v1/threads/${thread}/messages?afterSeq=0&limit=500`,
          undefined,
          ana.auth,
        );
        expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      }
    } finally {
      await sibling.close();
    }
  });

  it('refuses forged, malformed and oversized messages with field-level reasons, storing nothing', async () => {
    const client = await openThread(api, ana, threadId);
    const { threadId: _t, senderUserId: _s, ...wire } = client.encrypt(text('tamper'), crypto.randomUUID());
    const flipped = fromB64(wire.ciphertext);
    flipped[0] ^= 1;
    const forged = await post(ana, `/api/v1/threads/${threadId}/messages`, { ...wire, ciphertext: toB64(flipped) });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'message_rejected', context: { reason: 'bad_signature' } });
    // Jürgen cannot pass off Ana's signed message as his.
    expect((await post(jurgen, `/api/v1/threads/${threadId}/messages`, wire)).body.context).toEqual({
      reason: 'bad_signature',
    });
    const bad = await post(ana, `/api/v1/threads/${threadId}/messages`, {
      ...wire,
      nonce: 'short',
      epoch: 'one',
      ciphertext: 'has spaces in it',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['ciphertext', 'epoch', 'nonce']);
    const huge = await post(ana, `/api/v1/threads/${threadId}/messages`, { ...wire, ciphertext: 'A'.repeat(100_000) });
    expect(huge.status).toBe(413);
    const before = (await api.json('GET', `/api/v1/threads/${threadId}`, undefined, ana.auth)).body.lastSeq;
    expect((await post(ana, `/api/v1/threads/${threadId}/messages`, wire)).status).toBe(201);
    expect((await api.json('GET', `/api/v1/threads/${threadId}`, undefined, ana.auth)).body.lastSeq).toBe(before + 1);
  });

  it('adds a member, then removes them with a new epoch: they cannot read on, stale epochs get 409', async () => {
    const client = await openThread(api, ana, threadId);
    const { kemOf, keysOf } = await directoryKeys(api, ana, [ana.id, jurgen.id, thijs.id]);
    const add = await client.change({ kind: 'add', subject: thijs.id, role: 'member' }, kemOf, keysOf);
    const added = await post(ana, `/api/v1/threads/${threadId}/membership`, {
      event: add.event,
      keyDistribution: add.keyDistribution,
    });
    expect([added.status, added.body]).toEqual([200, expect.anything()]);
    const thijsClient = await openThread(api, thijs, threadId);
    expect(thijsClient.canSend).toBe(true);
    expect((await send(thijs, 'hello from Thijs')).status).toBe(201);
    // Jürgen sends under epoch 1; his retry of it arrives after the rotation below.
    const beforeRotation = (await openThread(api, jurgen, threadId)).encrypt(text('sent before'), 'before-rotation');
    const { threadId: _bt, senderUserId: _bs, ...beforeWire } = beforeRotation;
    const firstTry = await post(jurgen, `/api/v1/threads/${threadId}/messages`, beforeWire);
    expect(firstTry.status).toBe(201);

    await client.update({
      id: threadId,
      ...(await api.json('GET', `/api/v1/threads/${threadId}`, undefined, ana.auth)).body,
    });
    const remove = await client.change({ kind: 'remove', subject: thijs.id }, kemOf, keysOf);
    // A distribution that still includes Thijs is refused.
    const afterRemoval = applyRosterEvent(client.roster, remove.event, keysOf);
    const leaky = await createDistribution(
      { ...afterRemoval, members: new Map([...afterRemoval.members, [thijs.id, 'member' as const]]) },
      ana.keys,
      remove.epochSecret!,
      kemOf,
    );
    const refused = await post(ana, `/api/v1/threads/${threadId}/membership`, {
      event: remove.event,
      keyDistribution: leaky,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'distribution_rejected',
      context: { reason: 'distribution_members_mismatch' },
    });
    expect((await post(ana, `/api/v1/threads/${threadId}/membership`, { event: remove.event })).status).toBe(400);
    const removed = await post(ana, `/api/v1/threads/${threadId}/membership`, {
      event: remove.event,
      keyDistribution: remove.keyDistribution,
    });
    expect(removed.status).toBe(200);

    const stale = thijsClient.encrypt(text('still here?'), crypto.randomUUID());
    const { threadId: _t, senderUserId: _s, ...wire } = stale;
    expect((await post(thijs, `/api/v1/threads/${threadId}/messages`, wire)).status).toBe(404);
    expect((await api.json('GET', `/api/v1/threads/${threadId}/messages`, undefined, thijs.auth)).status).toBe(404);

    // The retry of a message stored before the rotation is that message, not a 409.
    const retried = await post(jurgen, `/api/v1/threads/${threadId}/messages`, beforeWire);
    expect([retried.status, retried.body.id]).toEqual([200, firstTry.body.id]);
    const jurgenOld = await openThread(api, jurgen, threadId);
    expect(jurgenOld.epoch).toBe(2);
    // Jürgen's client still on epoch 1 (it missed the rotation): signed, but stale.
    const {
      threadId: _st,
      senderUserId: _ss,
      ...staleWire
    } = encryptMessage(text('from an old key'), {
      threadId,
      epoch: 1,
      epochSecret: newEpochSecret(),
      sender: jurgen.keys,
      clientMessageId: 'stale-epoch',
    });
    const staleFromMember = await post(jurgen, `/api/v1/threads/${threadId}/messages`, staleWire);
    expect(staleFromMember.status).toBe(409);
    expect(staleFromMember.body).toMatchObject({ code: 'stale_epoch', context: { currentEpoch: 2 } });
    const after = await send(jurgen, 'after Thijs left');
    expect(after.body.epoch).toBe(2);
    // Thijs's copy of the keys does not open it, even if he obtained the ciphertext.
    expect(() => thijsClient.decrypt(after.body)).toThrow(expect.objectContaining({ reason: 'unknown_epoch' }));
  });

  it('lets any member rotate to a new epoch, which every member then opens', async () => {
    const jurgenClient = await openThread(api, jurgen, threadId);
    const before = jurgenClient.epoch;
    const { kemOf, keysOf } = await directoryKeys(api, jurgen, [ana.id, jurgen.id]);
    const rotation = await jurgenClient.change({ kind: 'rotate' }, kemOf, keysOf);
    const rotated = await post(jurgen, `/api/v1/threads/${threadId}/membership`, {
      event: rotation.event,
      keyDistribution: rotation.keyDistribution,
    });
    expect(rotated.body).toMatchObject({ epoch: before + 1 });
    const anaClient = await openThread(api, ana, threadId);
    expect(anaClient.epoch).toBe(before + 1);
    expect(anaClient.canSend).toBe(true);
    expect(toB64(anaClient.secrets.get(before + 1)!)).toBe(toB64(rotation.epochSecret!));
    // A rotation without its key distribution would leave the new epoch without a key.
    const current = await openThread(api, jurgen, threadId);
    const again = await current.change({ kind: 'rotate' }, kemOf, keysOf);
    const withoutKey = await post(jurgen, `/api/v1/threads/${threadId}/membership`, { event: again.event });
    expect([withoutKey.status, withoutKey.body.code]).toEqual([400, 'distribution_rejected']);
    // And one made from an outdated roster is out of chain: 409 with the head.
    const stale = await jurgenClient.change({ kind: 'rotate' }, kemOf, keysOf);
    const outOfChain = await post(jurgen, `/api/v1/threads/${threadId}/membership`, {
      event: stale.event,
      keyDistribution: stale.keyDistribution,
    });
    expect([outOfChain.status, outOfChain.body.code]).toEqual([409, 'roster_conflict']);
  });

  it('refuses a membership event the server (or anyone) forged, and one out of chain', async () => {
    const client = await openThread(api, ana, threadId);
    const mallory = await generateIdentity(ana.id);
    const forged = signRosterEvent(
      nextRosterEvent(client.roster, ana.id, { kind: 'add', subject: outsider.id, role: 'member' }),
      mallory.signSecretKey,
    );
    const forgedAdd = await post(ana, `/api/v1/threads/${threadId}/membership`, { event: forged });
    expect(forgedAdd.status).toBe(400); // the outsider has no keys: refused before anything else
    const byJurgen = signRosterEvent(
      nextRosterEvent(client.roster, ana.id, { kind: 'rotate' }),
      jurgen.keys.signSecretKey,
    );
    const res = await post(ana, `/api/v1/threads/${threadId}/membership`, {
      event: byJurgen,
      keyDistribution: undefined,
    });
    expect(res.status).toBe(400);
    expect(res.body.context.reason).toBe('roster_bad_signature');
    const old = signRosterEvent(
      { ...nextRosterEvent(client.roster, ana.id, { kind: 'rotate' }), seq: 1 },
      ana.keys.signSecretKey,
    );
    const outOfChain = await post(ana, `/api/v1/threads/${threadId}/membership`, { event: old });
    expect(outOfChain.status).toBe(409);
    expect(outOfChain.body).toMatchObject({
      code: 'roster_conflict',
      context: { rosterSeq: client.roster.nextSeq - 1 },
    });
    // Clients refuse a roster event that does not verify, whatever the server says.
    await expect(
      client.update({
        id: threadId,
        rosterEvents: [...Array(client.roster.nextSeq).fill(null), byJurgen],
        keyDistributions: [],
      }),
    ).rejects.toMatchObject({ reason: 'roster_bad_signature' });
  });

  it('leaves no plaintext in the database', async () => {
    const stdout = await dumpDatabase(api.databaseUrl);
    expect(stdout.length).toBeGreaterThan(1000);
    expect(stdout).toContain(threadId);
    expect(stdout).not.toContain(CANARY);
    expect(stdout).not.toContain('Who covers victim identification');
  });
});
