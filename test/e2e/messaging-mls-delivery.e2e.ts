import {
  certifyDevice,
  createKeyPackage,
  DeviceAuthority,
  type DeviceKeys,
  type DeviceRecord,
  E2eeError,
  fromB64,
  fromUtf8,
  generateIdentityKey,
  generateSigningKeyPair,
  identityRecord,
  type IdentityRecord,
  keyPackageBytes,
  keyPackageFromBytes,
  mlsFraming,
  signDelivery,
  signSocketProof,
  type DeviceRef,
  newDeviceBackupKey,
  newRecoveryKey,
  openArchiveChunk,
  openDeviceBackup,
  parseRecoveryWords,
  randomBytes,
  sealArchiveChunk,
  sealDeviceBackup,
  type ArchiveChunk,
  type DeviceBackupBlob,
  type OwnKeyPackage,
  ThreadGroup,
  toB64,
  TrustStore,
  utf8,
} from '@liaison/e2ee';
import pg from 'pg';
import { ApplicationInserts } from '../../libs/messaging/src/delivery/application-inserts.js';
import { MlsAttachmentsService } from '../../libs/messaging/src/delivery/mls-attachments.service.js';
import { dumpDatabase } from '../support/database-dump.js';
import { aUser, type TestUser } from '../support/identity.js';
import type { Socket } from 'socket.io-client';
import { connect, nextEvent, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * The MLS delivery service with real MLS clients over HTTP: creating a thread, adding people from
 * their claimed KeyPackages, messages, leaving; who may do what; and the server playing the
 * attacker (writing to its own database), refused by the clients.
 */

const HEAD = { size: 1, root: new Uint8Array(32) };
const CANARY = 'CANARY-mls-7f3a9c-never-in-clear';

interface Person {
  user: TestUser;
  device: DeviceKeys;
  identities: IdentityRecord[];
  record: DeviceRecord;
  packages: OwnKeyPackage[];
}

describe('threads on MLS: the delivery service', () => {
  let api: TestApi;
  const people: Person[] = [];
  let ana: Person, jurgen: Person, analyst: Person, outsider: Person, carla: Person;

  const post = (p: Person, path: string, body: unknown) =>
    api.json('POST', path, signedBody(p, path, body), p.user.auth);

  /**
   * What a real client does for every delivery request: sign it with the device's key. A body
   * that already has a signature (or cannot be read) is sent as it is.
   */
  function signedBody(p: Person, path: string, body: unknown): unknown {
    const route = path.match(/\/threads\/([^/]+)\/(commits|messages|leave)$/);
    if (!route || !body || typeof body !== 'object' || 'signature' in body) return body;
    const b = body as Record<string, unknown>;
    const kind = route[2] === 'commits' ? 'commit' : route[2] === 'messages' ? 'application' : 'proposal';
    try {
      const bytes = fromB64(String(b.commit ?? b.message ?? b.proposal));
      const epoch = kind === 'commit' ? Number(b.epoch) : mlsFraming(bytes).epoch!;
      const signature = signDelivery(p.device, {
        threadId: route[1]!,
        kind,
        epoch,
        body: bytes,
        clientMessageId: String(b.clientMessageId),
        added: b.added as DeviceRef[] | undefined,
        removed: b.removed as DeviceRef[] | undefined,
      });
      return { ...b, signature: toB64(signature) };
    } catch {
      return body;
    }
  }
  const get = (p: Person, path: string) => api.json('GET', path, undefined, p.user.auth);
  const cmid = () => crypto.randomUUID().replaceAll('-', '');

  async function aPerson(): Promise<Person> {
    const user = await aUser(api);
    const identity = generateIdentityKey(user.id);
    const keys = generateSigningKeyPair();
    const device = { userId: user.id, deviceId: `laptop-${user.id.slice(0, 8)}`, ...keys };
    const record = certifyDevice(identity, device.deviceId, keys.publicKey);
    const id = identityRecord(identity);
    await api.json('POST', '/api/v1/transparency/identity', { identityKey: toB64(id.identityKey) }, user.auth);
    await api.json(
      'POST',
      '/api/v1/transparency/devices',
      {
        deviceId: device.deviceId,
        signatureKey: toB64(record.signatureKey),
        identityKey: toB64(record.identityKey),
        certificate: toB64(record.certificate),
      },
      user.auth,
    );
    const packages = await Promise.all(Array.from({ length: 24 }, () => createKeyPackage(device)));
    await api.json(
      'PUT',
      `/api/v1/devices/${device.deviceId}/key-packages`,
      { keyPackages: packages.map((p) => toB64(keyPackageBytes(p.publicPackage))) },
      user.auth,
    );
    const person = { user, device, identities: [id], record, packages };
    people.push(person);
    return person;
  }

  /** A client's authority: it knows everyone the test made (as the log would show them). */
  function authority(): DeviceAuthority {
    const trust = new TrustStore();
    for (const p of people) trust.review(p.user.id, p.identities);
    return new DeviceAuthority(trust, () => ({ devices: people.map((p) => p.record), revocations: [] }));
  }

  /** The private half of the KeyPackage the server handed out, as the claimed device holds it. */
  const ownPackageFor = (p: Person, claimed: string) =>
    p.packages.find((k) => toB64(keyPackageBytes(k.publicPackage)) === claimed)!;

  async function claim(by: Person, ...whom: Person[]) {
    const res = await post(by, '/api/v1/key-packages/claim', { userIds: whom.map((w) => w.user.id) });
    expect(res.status).toBe(200);
    return res.body.items as { userId: string; deviceId: string; keyPackage: string }[];
  }

  /** Ana's thread with Jürgen in it (epoch 1), both clients loaded. */
  async function threadWithJurgen() {
    const threadId = crypto.randomUUID();
    expect((await post(ana, '/api/v1/threads', { threadId, deviceId: ana.device.deviceId })).status).toBe(201);
    const group = await ThreadGroup.create(threadId, await createKeyPackage(ana.device), authority());
    const [claimed] = await claim(ana, jurgen);
    const pending = await group.commit({ add: [keyPackageFromBytes(fromB64(claimed!.keyPackage))] }, HEAD);
    const stored = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      epoch: 0,
      commit: toB64(pending.commit),
      welcome: toB64(pending.welcome!),
      added: [{ userId: jurgen.user.id, deviceId: jurgen.device.deviceId }],
      removed: [],
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ epoch: 1, created: true });
    group.apply(pending);
    const welcomes = await get(jurgen, `/api/v1/threads/welcomes?deviceId=${jurgen.device.deviceId}`);
    const welcome = (welcomes.body.items as { threadId: string; body: string }[]).find((w) => w.threadId === threadId)!;
    const jGroup = await ThreadGroup.join(
      threadId,
      fromB64(welcome.body),
      ownPackageFor(jurgen, claimed!.keyPackage),
      authority(),
    );
    return { threadId, group, jGroup };
  }

  const send = async (p: Person, threadId: string, group: ThreadGroup, text: string) => {
    const clientMessageId = cmid();
    const message = await group.encrypt(utf8(text), clientMessageId);
    return post(p, `/api/v1/threads/${threadId}/messages`, {
      deviceId: p.device.deviceId,
      clientMessageId,
      message: toB64(message),
    });
  };
  const fetchMessages = async (p: Person, threadId: string, afterSeq = 0) =>
    get(p, `/api/v1/threads/${threadId}/messages?deviceId=${p.device.deviceId}&afterSeq=${afterSeq}`);

  beforeAll(async () => {
    api = await startTestApi();
    [ana, jurgen, analyst, outsider, carla] = [
      await aPerson(),
      await aPerson(),
      await aPerson(),
      await aPerson(),
      await aPerson(),
    ];
  });
  afterAll(async () => {
    await api.close();
  });

  it('carries a thread from creation to messages between two real MLS clients, with nothing readable stored', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const sent = await send(ana, threadId, group, `Hello Jürgen ${CANARY}`);
    expect(sent.status).toBe(201);
    const listed = await fetchMessages(jurgen, threadId);
    expect(listed.body.items.map((m: { kind: string }) => m.kind)).toEqual(['application']);
    const got = await jGroup.process(fromB64(listed.body.items[0].body as string));
    expect(got.kind === 'message' && fromUtf8(got.plaintext)).toBe(`Hello Jürgen ${CANARY}`);
    const threads = await get(jurgen, '/api/v1/threads');
    expect(threads.body.items.find((t: { id: string }) => t.id === threadId)).toMatchObject({ unread: 1, epoch: 1 });
    expect((await get(jurgen, `/api/v1/threads/${threadId}`)).body.members).toHaveLength(2);
    expect(await dumpDatabase(api.databaseUrl)).not.toContain(CANARY);
  });

  it('stores a retried send once and numbers concurrent sends without gaps', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const before = (await get(ana, `/api/v1/threads/${threadId}`)).body.lastSeq as number;
    const clientMessageId = cmid();
    const retried = {
      deviceId: jurgen.device.deviceId,
      clientMessageId,
      message: toB64(await jGroup.encrypt(utf8('retry me'), clientMessageId)),
    };
    const [a, b] = await Promise.all([
      post(jurgen, `/api/v1/threads/${threadId}/messages`, retried),
      post(jurgen, `/api/v1/threads/${threadId}/messages`, retried),
    ]);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.id).toBe(b.body.id);
    // Encrypted one after the other (each sender's generations in order), posted all at once.
    const bodies = [];
    for (let i = 0; i < 12; i++) {
      const [p, g] = i % 2 ? [ana, group] : [jurgen, jGroup];
      const id = cmid();
      bodies.push({
        p,
        body: {
          deviceId: p.device.deviceId,
          clientMessageId: id,
          message: toB64(await g.encrypt(utf8(`burst ${i}`), id)),
        },
      });
    }
    const burst = await Promise.all(bodies.map(({ p, body }) => post(p, `/api/v1/threads/${threadId}/messages`, body)));
    expect(burst.map((r) => r.status)).toEqual(Array(12).fill(201));
    const all = await fetchMessages(ana, threadId, before);
    expect(all.body.items.map((m: { seq: number }) => m.seq)).toEqual(
      Array.from({ length: 13 }, (_, i) => before + i + 1),
    );
    expect(
      all.body.items.filter((m: { clientMessageId: string }) => m.clientMessageId === clientMessageId),
    ).toHaveLength(1);
  });

  it('keeps one key backup per person, refusing an overwrite from a stale device and what is not a backup of theirs', async () => {
    const { key } = newRecoveryKey();
    const blob = sealDeviceBackup(newDeviceBackupKey(carla.user.id, key), {
      v: 2,
      identitySecretKey: toB64(randomBytes(32)),
      logKey: toB64(randomBytes(32)),
      devices: [],
      archiveKey: toB64(randomBytes(32)),
      pins: [],
    });
    const put = (p: Person, body: unknown) => api.json('PUT', '/api/v1/keys/me/backup', body, p.user.auth);
    expect((await get(carla, '/api/v1/keys/me/backup')).status).toBe(404);
    const saved = await put(carla, { blob, expectedVersion: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, blob });
    const stale = await put(carla, { blob, expectedVersion: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'backup_conflict', context: { currentVersion: 1 } });
    // Someone else's backup, protocol v1's blob and a blob without its wrapped key are refused.
    const someoneElses = await put(outsider, { blob, expectedVersion: 0 });
    expect([someoneElses.status, someoneElses.body.details[0].field]).toEqual([400, 'blob']);
    const v1 = {
      version: 1,
      userId: carla.user.id,
      wraps: [{ kind: 'recovery' }],
      nonce: 'bm9uY2U',
      ciphertext: 'Y2lwaGVy',
    };
    expect((await put(carla, { blob: v1, expectedVersion: 1 })).status).toBe(400);
    const { wrappedKey: _, ...unwrapped } = blob;
    expect((await put(carla, { blob: unwrapped, expectedVersion: 1 })).status).toBe(400);
    expect((await get(outsider, '/api/v1/keys/me/backup')).status).toBe(404);
    expect((await get(carla, '/api/v1/keys/me/backup')).body).toMatchObject({ version: 1, blob });
  });

  it('keeps exactly one of six first key backups sent at once, answering the other with 409', async () => {
    const backup = () =>
      sealDeviceBackup(newDeviceBackupKey(analyst.user.id, newRecoveryKey().key), {
        v: 2,
        identitySecretKey: toB64(randomBytes(32)),
        logKey: toB64(randomBytes(32)),
        devices: [],
        archiveKey: toB64(randomBytes(32)),
        pins: [],
      });
    const blobs = Array.from({ length: 6 }, backup);
    const answers = await Promise.all(
      blobs.map((blob) => api.json('PUT', '/api/v1/keys/me/backup', { blob, expectedVersion: 0 }, analyst.user.auth)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = blobs[answers.findIndex((a) => a.status === 200)];
    expect((await get(analyst, '/api/v1/keys/me/backup')).body).toMatchObject({ version: 1, blob: winner });
  });

  it('takes the first commit for an epoch and answers the other with 409 and the current epoch', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const [forAna] = await claim(ana, analyst);
    const mine = await group.commit({ add: [keyPackageFromBytes(fromB64(forAna!.keyPackage))] }, HEAD);
    const theirs = await jGroup.commit({}, HEAD);
    const body = (p: Person, pending: typeof mine, added: { userId: string; deviceId: string }[]) => ({
      deviceId: p.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(pending.commit),
      ...(pending.welcome ? { welcome: toB64(pending.welcome) } : {}),
      added,
      removed: [],
    });
    const first = await post(jurgen, `/api/v1/threads/${threadId}/commits`, body(jurgen, theirs, []));
    expect(first.status).toBe(201);
    const second = await post(
      ana,
      `/api/v1/threads/${threadId}/commits`,
      body(ana, mine, [{ userId: analyst.user.id, deviceId: analyst.device.deviceId }]),
    );
    expect(second.status).toBe(409);
    expect(second.body.context).toEqual({ currentEpoch: 2 });
    // Ana's client processes the winner instead, and the thread goes on.
    const backlog = await fetchMessages(ana, threadId);
    const winner = backlog.body.items.find(
      (m: { kind: string; epoch: number }) => m.kind === 'commit' && m.epoch === 1,
    );
    expect(await group.process(fromB64(winner.body as string))).toMatchObject({
      kind: 'commit',
      committer: { userId: jurgen.user.id },
    });
    jGroup.apply(theirs);
    expect(group.epochAuthenticator).toEqual(jGroup.epochAuthenticator);
  });

  it('refuses commits that add devices nobody claimed, members adding others, and messages under an old epoch', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    // Jürgen is a member, not an admin: he may not add the analyst even with a claimed KeyPackage.
    const [claimed] = await claim(jurgen, analyst);
    const byMember = await jGroup.commit({ add: [keyPackageFromBytes(fromB64(claimed!.keyPackage))] }, HEAD);
    const refused = await post(jurgen, `/api/v1/threads/${threadId}/commits`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(byMember.commit),
      welcome: toB64(byMember.welcome!),
      added: [{ userId: analyst.user.id, deviceId: analyst.device.deviceId }],
      removed: [],
    });
    expect(refused.status).toBe(403);
    // Ana (admin) with a KeyPackage she did not claim herself (Jürgen did).
    const [other] = await claim(jurgen, carla);
    const unclaimed = await group.commit({ add: [keyPackageFromBytes(fromB64(other!.keyPackage))] }, HEAD);
    const noClaim = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(unclaimed.commit),
      welcome: toB64(unclaimed.welcome!),
      added: [{ userId: carla.user.id, deviceId: carla.device.deviceId }],
      removed: [],
    });
    expect(noClaim.status).toBe(400);
    expect(noClaim.body.details[0].field).toBe('added');
    // A message made before a commit the server accepted is refused with the current epoch.
    const old = await group.encrypt(utf8('old epoch'), 'old-epoch-1');
    const update = await jGroup.commit({}, HEAD);
    await post(jurgen, `/api/v1/threads/${threadId}/commits`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(update.commit),
      added: [],
      removed: [],
    });
    const stale = await post(ana, `/api/v1/threads/${threadId}/messages`, {
      deviceId: ana.device.deviceId,
      clientMessageId: 'old-epoch-1',
      message: toB64(old),
    });
    expect(stale.status).toBe(409);
  });

  it('answers strangers 404, and never hands them a message', async () => {
    const { threadId, group } = await threadWithJurgen();
    await send(ana, threadId, group, 'members only');
    expect((await fetchMessages(outsider, threadId)).status).toBe(404);
    expect((await get(outsider, `/api/v1/threads/${threadId}`)).status).toBe(404);
    const forged = await post(outsider, `/api/v1/threads/${threadId}/messages`, {
      deviceId: outsider.device.deviceId,
      clientMessageId: cmid(),
      message: toB64(await group.encrypt(utf8('x'), 'x-1234567')),
    });
    expect(forged.status).toBe(404);
    expect((await get(outsider, '/api/v1/threads')).body.items).toEqual([]);
  });

  it('lets a member leave: they stop receiving at once, and another member commits the removal', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const proposal = await jGroup.proposeLeave();
    const left = await post(jurgen, `/api/v1/threads/${threadId}/leave`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId: cmid(),
      proposal: toB64(proposal),
    });
    expect(left.status).toBe(201);
    // Jürgen's device reads no further than its own request.
    const own = await fetchMessages(jurgen, threadId);
    expect(own.status).toBe(200);
    expect(own.body.items.at(-1)).toMatchObject({ kind: 'proposal', senderUserId: jurgen.user.id });
    const backlog = await fetchMessages(ana, threadId);
    expect(await group.process(fromB64(backlog.body.items.at(-1).body as string))).toMatchObject({
      kind: 'proposal',
      leaving: [{ userId: jurgen.user.id }],
    });
    const removal = await group.commit({}, HEAD);
    const committed = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(removal.commit),
      added: [],
      removed: [{ userId: jurgen.user.id, deviceId: jurgen.device.deviceId }],
    });
    expect(committed.status).toBe(201);
    group.apply(removal);
    expect((await get(ana, `/api/v1/threads/${threadId}`)).body.members).toHaveLength(1);
    await send(ana, threadId, group, 'after Jürgen left');
    expect((await fetchMessages(jurgen, threadId)).body.items.at(-1)).toMatchObject({ kind: 'proposal' });
  });

  it('makes a commit wait when a request to leave came after what its committer read', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const before = (await fetchMessages(ana, threadId)).body.items.at(-1)?.seq ?? 1;
    const proposal = await jGroup.proposeLeave();
    expect(
      (
        await post(jurgen, `/api/v1/threads/${threadId}/leave`, {
          deviceId: jurgen.device.deviceId,
          clientMessageId: cmid(),
          proposal: toB64(proposal),
        })
      ).status,
    ).toBe(201);
    const unaware = await group.commit({}, HEAD);
    const stale = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      afterSeq: before,
      commit: toB64(unaware.commit),
      added: [],
      removed: [],
    });
    expect(stale.status).toBe(409);
  });

  it('gives a newcomer nothing from before the commit that added them', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    await send(ana, threadId, group, 'before the analyst');
    const [claimed] = await claim(ana, analyst);
    const add = await group.commit({ add: [keyPackageFromBytes(fromB64(claimed!.keyPackage))] }, HEAD);
    const stored = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(add.commit),
      welcome: toB64(add.welcome!),
      added: [{ userId: analyst.user.id, deviceId: analyst.device.deviceId }],
      removed: [],
    });
    group.apply(add);
    await send(ana, threadId, group, 'after the analyst');
    const seen = await fetchMessages(analyst, threadId);
    expect(seen.body.items.map((m: { seq: number }) => m.seq)).toEqual([stored.body.seq + 1]);
    expect((await fetchMessages(jurgen, threadId)).body.items).toHaveLength(3);
    expect(jGroup.epoch).toBe(1);
  });

  it('the server playing the attacker: a commit it writes itself, and a thread rolled back, are refused by the client', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      // The operator adds Mallory by writing a commit of its own making into the thread.
      const mallory = await createKeyPackage({ ...outsider.device });
      const rogue = await ThreadGroup.create(threadId, mallory, authority());
      const fake = await rogue.commit({}, HEAD);
      await db.query(
        `INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body)
         VALUES (gen_random_uuid(), $1, 99, 1, 'commit', $2, $3, 'forged-by-server', $4)`,
        [threadId, outsider.user.id, outsider.device.deviceId, Buffer.from(fake.commit)],
      );
      const forged = (await fetchMessages(jurgen, threadId)).body.items.find(
        (m: { clientMessageId: string }) => m.clientMessageId === 'forged-by-server',
      );
      const err = await jGroup.process(fromB64(forged.body as string)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(E2eeError);
      expect(jGroup.epoch).toBe(1);
      // Rolling the thread back: a client restored from storage never goes behind its checkpoint.
      const checkpoint = group.checkpoint;
      const earlier = await ThreadGroup.create(threadId, await createKeyPackage(ana.device), authority());
      expect(() => ThreadGroup.restore(threadId, earlier.save(), authority(), checkpoint)).toThrow(
        expect.objectContaining({ reason: 'epoch_rollback' }),
      );
    } finally {
      await db.end();
    }
  });

  it('delivers live over socket.io: the backlog on subscribe, then each message as it is stored', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const jSocket = await connect(api.url, { token: jurgen.user.accessToken });
    const aSocket = await connect(api.url, { token: ana.user.accessToken });
    const stranger = await connect(api.url, { token: outsider.user.accessToken });
    try {
      await send(ana, threadId, group, 'before subscribing');
      const subscribed = await request(jSocket, 'mls.subscribe', { threadId, deviceId: jurgen.device.deviceId });
      expect(subscribed.messages).toHaveLength(1);
      expect(await jGroup.process(fromB64(subscribed.messages[0].body as string))).toMatchObject({ kind: 'message' });
      const live = nextEvent<{ threadId: string; message: { body: string; seq: number } }>(jSocket, 'mls.message');
      const clientMessageId = cmid();
      const message = await group.encrypt(utf8('live'), clientMessageId);
      const ack = await request(aSocket, 'mls.send', {
        threadId,
        deviceId: ana.device.deviceId,
        clientMessageId,
        message: toB64(message),
        signature: toB64(
          signDelivery(ana.device, { threadId, kind: 'application', epoch: 1, body: message, clientMessageId }),
        ),
      });
      expect(ack).toMatchObject({ ok: true, created: true, seq: 3 });
      const delivered = await live;
      // A thread id in capitals names the same thread: stored once, answered, delivered live.
      const shouting = cmid();
      const loud = await group.encrypt(utf8('LIVE'), shouting);
      const liveAgain = nextEvent<{ threadId: string; message: { seq: number } }>(jSocket, 'mls.message');
      const loudAck = await request(aSocket, 'mls.send', {
        ...socketPayload(ana, threadId, loud, shouting, 1),
        threadId: threadId.toUpperCase(),
      });
      expect(loudAck).toMatchObject({ ok: true, created: true, seq: 4 });
      expect(await liveAgain).toMatchObject({ threadId, message: { seq: 4 } });
      const got = await jGroup.process(fromB64(delivered.message.body));
      expect(got.kind === 'message' && fromUtf8(got.plaintext)).toBe('live');
      const refused = await request(stranger, 'mls.subscribe', { threadId, deviceId: outsider.device.deviceId });
      expect(refused.error).toMatchObject({ statusCode: 404 });
      expect(await request(jSocket, 'mls.read', { threadId, seq: 3 })).toEqual({ ok: true, lastReadSeq: 3 });
    } finally {
      jSocket.close();
      aSocket.close();
      stranger.close();
    }
  });

  /** A socket send as the web client makes it: the MLS message and the device's delivery signature. */
  async function socketSend(p: Person, threadId: string, group: ThreadGroup, text: string, id = cmid()) {
    const message = await group.encrypt(utf8(text), id);
    return socketPayload(p, threadId, message, id, group.epoch);
  }
  const socketPayload = (p: Person, threadId: string, message: Uint8Array, clientMessageId: string, epoch: number) => ({
    threadId,
    deviceId: p.device.deviceId,
    clientMessageId,
    message: toB64(message),
    signature: toB64(signDelivery(p.device, { threadId, kind: 'application', epoch, body: message, clientMessageId })),
  });

  it('stores what arrives together in one statement: seqs without gaps, each connection in its order, each sender its own answer', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const aSocket = await connect(api.url, { token: ana.user.accessToken });
    const jSocket = await connect(api.url, { token: jurgen.user.accessToken });
    try {
      // Jürgen's state before a commit: what he encrypts with it is under a stale epoch.
      const stale = ThreadGroup.restore(threadId, jGroup.save(), authority());
      const pending = await group.commit({}, HEAD);
      const committed = await post(ana, `/api/v1/threads/${threadId}/commits`, {
        deviceId: ana.device.deviceId,
        clientMessageId: cmid(),
        epoch: 1,
        commit: toB64(pending.commit),
        added: [],
        removed: [],
      });
      expect(committed.status).toBe(201);
      group.apply(pending);
      await jGroup.process(pending.commit);
      const before = (await get(ana, `/api/v1/threads/${threadId}`)).body.lastSeq as number;
      const inserts = api.app.get(ApplicationInserts);
      const batchedBefore = inserts.stats.batched;

      const sends: { socket: Socket; payload: ReturnType<typeof socketPayload> }[] = [];
      for (let i = 0; i < 16; i++) {
        const [p, g, socket] = i % 2 ? [ana, group, aSocket] : [jurgen, jGroup, jSocket];
        sends.push({ socket, payload: await socketSend(p, threadId, g, `together ${i}`) });
      }
      const retried = sends[3]!;
      const staleId = cmid();
      const stalePayload = socketPayload(jurgen, threadId, await stale.encrypt(utf8('old epoch'), staleId), staleId, 1);
      // All emitted in one turn, the retry and the stale one among them.
      const acks = await Promise.all([
        ...sends.map(({ socket, payload }) => request(socket, 'mls.send', payload)),
        request(retried.socket, 'mls.send', retried.payload),
        request(jSocket, 'mls.send', stalePayload),
      ]);
      const [fresh, retry, old] = [acks.slice(0, 16), acks[16], acks[17]];
      expect(fresh.map((a) => [a.ok, a.created])).toEqual(Array(16).fill([true, true]));
      expect(retry).toMatchObject({ ok: true, created: false, id: fresh[3].id, seq: fresh[3].seq });
      expect(old).toMatchObject({ ok: false, error: { statusCode: 409 } });
      // Seqs without gaps; each connection's messages in the order they were sent.
      expect(fresh.map((a) => a.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 16 }, (_, i) => before + i + 1),
      );
      for (const parity of [0, 1]) {
        const own = fresh.filter((_, i) => i % 2 === parity).map((a) => a.seq as number);
        expect(own).toEqual([...own].sort((a, b) => a - b));
      }
      expect(inserts.stats.batched - batchedBefore).toBeGreaterThan(1);
      // Each recipient reads them in the senders' order.
      const stored = (await fetchMessages(ana, threadId, before)).body.items as {
        body: string;
        senderUserId: string;
      }[];
      const fromAna: string[] = [];
      for (const m of stored.filter((x) => x.senderUserId === ana.user.id)) {
        const got = await jGroup.process(fromB64(m.body));
        if (got.kind === 'message') fromAna.push(fromUtf8(got.plaintext));
      }
      expect(fromAna).toEqual([1, 3, 5, 7, 9, 11, 13, 15].map((i) => `together ${i}`));
    } finally {
      aSocket.close();
      jSocket.close();
    }
  });

  it('skips the per-message signature check only on the connection the device proved, never on another with the same session', async () => {
    const { threadId, group } = await threadWithJurgen();
    const own = await connect(api.url, { token: ana.user.accessToken });
    // Someone holding Ana's session opens a connection of their own.
    const thief = await connect(api.url, { token: ana.user.accessToken });
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const proof = (socketId: string) => ({
        deviceId: ana.device.deviceId,
        signature: toB64(signSocketProof(ana.device, { userId: ana.user.id, deviceId: ana.device.deviceId }, socketId)),
      });
      expect(await request(own, 'mls.prove', proof(own.id!))).toEqual({ ok: true });
      // Replaying the proof of Ana's connection, or one signed by another key, proves nothing.
      const replayed = await request(thief, 'mls.prove', proof(own.id!));
      expect(replayed.error).toMatchObject({ statusCode: 400, details: [{ field: 'signature' }] });
      const stranger = generateSigningKeyPair();
      const forged = await request(thief, 'mls.prove', {
        deviceId: ana.device.deviceId,
        signature: toB64(signSocketProof(stranger, { userId: ana.user.id, deviceId: ana.device.deviceId }, thief.id!)),
      });
      expect(forged.error).toMatchObject({ statusCode: 400, details: [{ field: 'signature' }] });
      // A proof for Jürgen's device under Ana's session: no such device of hers.
      const borrowed = await request(thief, 'mls.prove', {
        deviceId: jurgen.device.deviceId,
        signature: toB64(
          signSocketProof(jurgen.device, { userId: ana.user.id, deviceId: jurgen.device.deviceId }, thief.id!),
        ),
      });
      expect(borrowed.error).toMatchObject({ statusCode: 400 });

      // On the unproven connection every message's signature is checked.
      const id = cmid();
      const message = await group.encrypt(utf8('from the thief'), id);
      const unsigned = await request(thief, 'mls.send', {
        ...socketPayload(ana, threadId, message, id, 1),
        signature: toB64(
          signDelivery(stranger, { threadId, kind: 'application', epoch: 1, body: message, clientMessageId: id }),
        ),
      });
      expect(unsigned.error).toMatchObject({ statusCode: 400, details: [{ field: 'signature' }] });
      // On the proven one, the device's messages go through; once revoked, not even there.
      expect(await request(own, 'mls.send', await socketSend(ana, threadId, group, 'proven'))).toMatchObject({
        ok: true,
        created: true,
      });
      await db.query(`UPDATE mls_device SET revoked_at = now() WHERE user_id = $1`, [ana.user.id]);
      const afterRevocation = await request(own, 'mls.send', await socketSend(ana, threadId, group, 'revoked'));
      expect(afterRevocation.error).toMatchObject({ statusCode: 404, code: 'device_not_found' });
      const stored = (await fetchMessages(jurgen, threadId)).body.items as { kind: string }[];
      expect(stored.filter((m) => m.kind === 'application')).toHaveLength(1);
    } finally {
      await db.query(`UPDATE mls_device SET revoked_at = NULL WHERE user_id = $1`, [ana.user.id]);
      await db.end();
      own.close();
      thief.close();
    }
  });

  it('restores history on a new device: the backup opened with the 24 words, the archive read back', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    await send(ana, threadId, group, `archived ${CANARY}`);
    const read = await fetchMessages(jurgen, threadId);
    const got = await jGroup.process(fromB64(read.body.items[0].body as string));
    const archiveKey = randomBytes(32);
    const chunk = sealArchiveChunk(archiveKey, jurgen.user.id, threadId, [
      {
        seq: read.body.items[0].seq as number,
        senderUserId: ana.user.id,
        senderDeviceId: ana.device.deviceId,
        sentAt: read.body.items[0].createdAt as string,
        body: { text: got.kind === 'message' ? fromUtf8(got.plaintext) : '' },
      },
    ]);
    expect((await api.json('PUT', '/api/v1/archive/chunks', { chunks: [chunk] }, jurgen.user.auth)).status).toBe(200);
    const { key: recovery, words } = newRecoveryKey();
    const blob = sealDeviceBackup(newDeviceBackupKey(jurgen.user.id, recovery), {
      v: 2,
      identitySecretKey: toB64(randomBytes(32)),
      logKey: toB64(randomBytes(32)),
      devices: [],
      archiveKey: toB64(archiveKey),
      pins: [],
    });
    expect(
      (await api.json('PUT', '/api/v1/keys/me/backup', { blob, expectedVersion: 0 }, jurgen.user.auth)).status,
    ).toBe(200);
    // The new laptop: the words typed in, the backup and the archive downloaded and opened.
    const saved = await get(jurgen, '/api/v1/keys/me/backup');
    const opened = openDeviceBackup(saved.body.blob as DeviceBackupBlob, jurgen.user.id, parseRecoveryWords(words));
    const page = await get(jurgen, '/api/v1/archive/chunks');
    const history = (page.body.items as ArchiveChunk[]).flatMap((c) =>
      openArchiveChunk(fromB64(opened.payload.archiveKey), jurgen.user.id, c),
    );
    expect(history.map((m) => (m.body as { text: string }).text)).toEqual([`archived ${CANARY}`]);
    // Nobody else sees Jürgen's archive, and the server holds no readable copy.
    expect((await get(ana, '/api/v1/archive/chunks')).body.items).toEqual([]);
    expect(await dumpDatabase(api.databaseUrl)).not.toContain(CANARY);
    const backwards = await api.json(
      'PUT',
      '/api/v1/archive/chunks',
      { chunks: [{ ...chunk, fromSeq: 5, toSeq: 4 }] },
      jurgen.user.auth,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0].field).toBe('chunks.0.toSeq');
  });

  it('refuses what a stolen session posts without the device’s key: a commit and a leave signed by another key', async () => {
    const { threadId, jGroup } = await threadWithJurgen();
    const thief = generateSigningKeyPair();
    const commit = (await jGroup.commit({}, HEAD)).commit;
    const clientMessageId = cmid();
    const forgedCommit = await post(jurgen, `/api/v1/threads/${threadId}/commits`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId,
      epoch: 1,
      commit: toB64(commit),
      added: [],
      removed: [],
      signature: toB64(
        signDelivery(thief, {
          threadId,
          kind: 'commit',
          epoch: 1,
          body: commit,
          clientMessageId,
          added: [],
          removed: [],
        }),
      ),
    });
    expect(forgedCommit.status).toBe(400);
    expect(forgedCommit.body.details[0].field).toBe('signature');
    const proposal = await jGroup.proposeLeave();
    const forgedLeave = await post(jurgen, `/api/v1/threads/${threadId}/leave`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId,
      proposal: toB64(proposal),
      signature: toB64(signDelivery(thief, { threadId, kind: 'proposal', epoch: 1, body: proposal, clientMessageId })),
    });
    expect(forgedLeave.status).toBe(400);
    expect((await fetchMessages(jurgen, threadId)).status).toBe(200);
    expect((await get(ana, `/api/v1/threads/${threadId}`)).body.epoch).toBe(1);
  });

  it('lets members see a commit that does more than its committer declared (a member removing the admin)', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const anaLeaf = jGroup.members().find((x) => x.userId === ana.user.id)!.leafIndex;
    const eviction = await jGroup.commit({ remove: [anaLeaf] }, HEAD);
    const stored = await post(jurgen, `/api/v1/threads/${threadId}/commits`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId: cmid(),
      epoch: 1,
      commit: toB64(eviction.commit),
      added: [],
      removed: [],
    });
    expect(stored.status).toBe(201);
    const delivered = (await fetchMessages(ana, threadId)).body.items.find(
      (x: { kind: string; epoch: number }) => x.kind === 'commit' && x.epoch === 1,
    );
    expect(delivered).toMatchObject({ added: [], removed: [] });
    const err = await group.process(fromB64(delivered.body as string), delivered).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'commit_undeclared' });
    // Declared honestly, the same removal is the admin's right only: the server refuses it.
    const honest = await post(jurgen, `/api/v1/threads/${threadId}/commits`, {
      deviceId: jurgen.device.deviceId,
      clientMessageId: cmid(),
      epoch: 2,
      commit: toB64((await jGroup.commit({}, HEAD)).commit),
      added: [],
      removed: [{ userId: ana.user.id, deviceId: ana.device.deviceId }],
    });
    expect([400, 403, 409]).toContain(honest.status);
  });

  it('answers malformed Welcomes, devices listed twice and reused message ids with 400, never 500', async () => {
    const { threadId, group, jGroup } = await threadWithJurgen();
    const [claimed] = await claim(ana, analyst);
    const add = await group.commit({ add: [keyPackageFromBytes(fromB64(claimed!.keyPackage))] }, HEAD);
    const base = {
      deviceId: ana.device.deviceId,
      epoch: 1,
      commit: toB64(add.commit),
      added: [{ userId: analyst.user.id, deviceId: analyst.device.deviceId }],
      removed: [],
    };
    const badWelcome = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      ...base,
      clientMessageId: cmid(),
      welcome: 'AAAAAAAAAAAA',
    });
    expect(badWelcome.status).toBe(400);
    expect(badWelcome.body.details[0].field).toBe('welcome');
    const twice = await post(ana, `/api/v1/threads/${threadId}/commits`, {
      ...base,
      clientMessageId: cmid(),
      welcome: toB64(add.welcome!),
      added: [base.added[0], base.added[0]],
    });
    expect(twice.status).toBe(400);
    const id = cmid();
    const sentFirst = await send(ana, threadId, group, 'first');
    expect(sentFirst.status).toBe(201);
    const proposal = await jGroup.proposeLeave();
    const leave = { deviceId: jurgen.device.deviceId, clientMessageId: id, proposal: toB64(proposal) };
    expect((await post(jurgen, `/api/v1/threads/${threadId}/leave`, leave)).status).toBe(201);
  });

  it('stops a revoked device at once, and limits how many KeyPackages one person claims', async () => {
    const { threadId } = await threadWithJurgen();
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO mls_key_package_claim (id, claimed_by, user_id, device_id)
         SELECT gen_random_uuid(), $1, $2, 'drained' FROM generate_series(1, 300)`,
        [outsider.user.id, carla.user.id],
      );
      const drain = await post(outsider, '/api/v1/key-packages/claim', { userIds: [carla.user.id] });
      expect(drain.status).toBe(429);
      await db.query(`UPDATE mls_device SET revoked_at = now() WHERE user_id = $1`, [jurgen.user.id]);
      expect((await fetchMessages(jurgen, threadId)).status).toBe(404);
    } finally {
      await db.query(`UPDATE mls_device SET revoked_at = NULL WHERE user_id = $1`, [jurgen.user.id]);
      await db.end();
    }
  });

  it('keeps the hourly claim limit against parallel requests, counting every KeyPackage handed out', async () => {
    const [attacker, target] = [await aPerson(), await aPerson()];
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO mls_key_package_claim (id, claimed_by, user_id, device_id)
         SELECT gen_random_uuid(), $1, $2, $3 FROM generate_series(1, 295)`,
        [attacker.user.id, target.user.id, target.device.deviceId],
      );
      const body = {
        userIds: [target.user.id],
        devices: [{ userId: target.user.id, deviceId: target.device.deviceId }],
      };
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => api.json('POST', '/api/v1/key-packages/claim', body, attacker.user.auth)),
      );
      expect(answers.filter((a) => a.status === 200 && a.body.items.length === 1)).toHaveLength(5);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(15);
      const claims = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM mls_key_package_claim WHERE claimed_by = $1',
        [attacker.user.id],
      );
      expect(claims.rows[0]!.n).toBe(300);
    } finally {
      await db.end();
    }
  });

  it('stores encrypted attachments for members only, with ids per thread, and lets retention take old ones', async () => {
    const { threadId } = await threadWithJurgen();
    const other = await threadWithJurgen();
    const id = crypto.randomUUID();
    const blob = new Uint8Array(2048).map((_, i) => (i * 7) % 256);
    const put = (p: Person, thread: string) =>
      api.fetch(`/api/v1/threads/${thread}/attachments/${id}`, {
        method: 'PUT',
        headers: { ...p.user.auth, 'content-type': 'application/octet-stream' },
        body: blob,
      });
    const first = await put(ana, threadId);
    expect(`${first.status} ${await first.text()}`).toMatch(/^201 /);
    expect((await put(ana, threadId)).status).toBe(409);
    // The same id in another thread is another attachment: nothing leaks across threads.
    expect((await put(ana, other.threadId)).status).toBe(201);
    const read = await api.fetch(`/api/v1/threads/${threadId}/attachments/${id}`, { headers: jurgen.user.auth });
    expect(read.status).toBe(200);
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(blob);
    expect(
      (await api.fetch(`/api/v1/threads/${threadId}/attachments/${id}`, { headers: outsider.user.auth })).status,
    ).toBe(404);
    expect((await put(outsider, threadId)).status).toBe(404);
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE mls_thread SET retention_days = 1 WHERE id = $1`, [threadId]);
      await db.query(`UPDATE mls_attachment SET created_at = now() - interval '2 days' WHERE thread_id = $1`, [
        threadId,
      ]);
      await db.query(`UPDATE mls_message SET created_at = now() - interval '2 days' WHERE thread_id = $1`, [threadId]);
    } finally {
      await db.end();
    }
    const swept = await api.app.get(MlsAttachmentsService).applyRetention();
    expect(swept.attachments).toBe(1);
    expect(swept.messages).toBeGreaterThan(0);
    expect(
      (await api.fetch(`/api/v1/threads/${threadId}/attachments/${id}`, { headers: jurgen.user.auth })).status,
    ).toBe(404);
    expect(
      (await api.fetch(`/api/v1/threads/${other.threadId}/attachments/${id}`, { headers: jurgen.user.auth })).status,
    ).toBe(200);
  });

  it('does not read a large body for an anonymous caller', async () => {
    const huge = JSON.stringify({ commit: 'A'.repeat(400_000) });
    const res = await api.fetch(`/api/v1/threads/${crypto.randomUUID()}/commits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(res.status).toBe(413);
  });

  it('answers bad input with field-level reasons, and garbage MLS as a refused message', async () => {
    const { threadId } = await threadWithJurgen();
    const bad = await post(ana, `/api/v1/threads/${threadId}/commits`, { epoch: -1, commit: '!!', added: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['epoch', 'commit', 'added', 'deviceId', 'clientMessageId']),
    );
    const garbage = await post(ana, `/api/v1/threads/${threadId}/messages`, {
      deviceId: ana.device.deviceId,
      clientMessageId: cmid(),
      message: 'AAAAAAAA',
      signature: 'A'.repeat(86),
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.details[0].field).toBe('message');
    const notMine = await post(ana, '/api/v1/threads', {
      threadId: crypto.randomUUID(),
      deviceId: jurgen.device.deviceId,
    });
    expect(notMine.status).toBe(404);
  });
});
