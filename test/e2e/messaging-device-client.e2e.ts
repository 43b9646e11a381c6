import {
  certifyDevice,
  DeviceClient,
  type DeviceStorage,
  fromB64,
  generateIdentityKey,
  generateSigningKeyPair,
  httpTransport,
  type LiaisonTransport,
  parseRecoveryWords,
  openDeviceBackup,
  identityFromSecret,
  type ThreadEvent,
  ThreadGroup,
  signDelivery,
  utf8,
  toB64,
  identityRecord,
  TransportError,
} from '@liaison/e2ee';
import pg from 'pg';
import { DeliveryRepository } from '../../libs/messaging/src/delivery/delivery.repository.js';
import { aUser, type TestUser } from '../support/identity.js';
import { revokeWith } from '../support/messaging.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Whole stories of protocol v2 with the device client the web client will run, against the real
 * server: people set up devices, start a thread, add and remove, leave, restore on a new device,
 * and see key changes and records they did not make.
 */

/** A browser's storage, kept in memory (the web client keeps it in IndexedDB). */
const memoryStorage = (): DeviceStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    load: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    save: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
  };
};

const kinds = (events: ThreadEvent[]) => events.map((e) => (e.kind === 'refused' ? `refused:${e.reason}` : e.kind));
const texts = (events: ThreadEvent[]) => events.flatMap((e) => (e.kind === 'message' ? [e.body.text] : []));

describe('protocol v2 end to end with the device client', () => {
  let api: TestApi;
  const transportOf = (user: TestUser): LiaisonTransport =>
    httpTransport((method, path, body) => api.json(method, `/api/v1${path}`, body, user.auth));

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('runs a thread: add, write, remove, leave, and a restored device reading on', async () => {
    const [anaUser, jurgenUser, analystUser] = [await aUser(api), await aUser(api), await aUser(api)];
    const ana = await DeviceClient.setUp(anaUser.id, transportOf(anaUser), memoryStorage());
    const jurgen = await DeviceClient.setUp(jurgenUser.id, transportOf(jurgenUser), memoryStorage());
    const analyst = await DeviceClient.setUp(analystUser.id, transportOf(analystUser), memoryStorage());
    expect(ana.words).toHaveLength(24);

    const threadId = crypto.randomUUID();
    expect(await ana.client.startThread(threadId, [jurgenUser.id, analystUser.id])).toEqual({ withoutKeyPackages: [] });
    expect(await jurgen.client.joinWelcomes()).toEqual([threadId]);
    expect(await analyst.client.joinWelcomes()).toEqual([threadId]);
    await ana.client.send(threadId, 'Who covers victim identification in Romania?');
    expect(texts(await jurgen.client.sync(threadId))).toEqual(['Who covers victim identification in Romania?']);
    expect(texts(await analyst.client.sync(threadId))).toEqual(['Who covers victim identification in Romania?']);

    // The analyst leaves the unit: Ana removes him; he can read nothing after.
    await ana.client.removePeople(threadId, [analystUser.id]);
    expect((await jurgen.client.sync(threadId)).map((e) => e.kind)).toEqual(['commit']);
    // His device reads up to the commit that removed it, so it knows; then the thread is gone for it.
    expect((await analyst.client.sync(threadId)).map((e) => e.kind)).toEqual(['removed']);
    await ana.client.send(threadId, 'after the analyst left');
    expect(texts(await jurgen.client.sync(threadId))).toEqual(['after the analyst left']);
    await expect(analyst.client.sync(threadId)).rejects.toMatchObject({ reason: 'not_a_member' });
    const afterRemoval = await transportOf(analystUser).messages(threadId, analyst.client.deviceId, 0);
    expect(afterRemoval.items.at(-1)).toMatchObject({ kind: 'commit' });

    // Ana opens Liaison on a new laptop: the words, a new device, added by her first device.
    const laptop = await DeviceClient.restore(anaUser.id, ana.words, transportOf(anaUser), memoryStorage());
    expect(laptop.deviceId).not.toBe(ana.client.deviceId);
    await ana.client.addPeople(threadId, [anaUser.id]);
    expect(await laptop.joinWelcomes()).toEqual([threadId]);
    await jurgen.client.sync(threadId);
    await jurgen.client.send(threadId, 'hello both of your devices');
    expect(texts(await laptop.sync(threadId))).toEqual(['hello both of your devices']);
    expect(texts(await ana.client.sync(threadId))).toEqual(['hello both of your devices']);
    expect(await laptop.foreignRecordsAboutMe()).toEqual([]);

    // Jürgen leaves; a member's client commits his removal, and the thread goes on without him.
    await jurgen.client.leave(threadId);
    // The laptop commits it (and reads its own commit back, with what it removed); Ana's first
    // device reads the request and the commit.
    const committed = await laptop.sync(threadId);
    expect(committed.map((e) => e.kind)).toEqual(['leaving', 'own_commit']);
    expect(committed[1]).toMatchObject({ removed: [{ userId: jurgenUser.id, deviceId: jurgen.client.deviceId }] });
    expect((await ana.client.sync(threadId)).map((e) => e.kind)).toEqual(['leaving', 'commit']);
    expect(new Set(ana.client.members(threadId).map((m) => m.userId))).toEqual(new Set([anaUser.id]));
  });

  /** Ana's and Jürgen's devices in a thread of two (from a hostile review of the device client). */
  async function pair() {
    const [a, j] = [await aUser(api), await aUser(api)];
    const sa = memoryStorage();
    const sj = memoryStorage();
    const ana = (await DeviceClient.setUp(a.id, transportOf(a), sa)).client;
    const jur = (await DeviceClient.setUp(j.id, transportOf(j), sj)).client;
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id]);
    await jur.joinWelcomes();
    return { a, j, ana, jur, sj, threadId };
  }

  it('reads what was stored before its own commit (it catches up first), and shows its own messages as its own', async () => {
    const { ana, jur, threadId } = await pair();
    const bob = await aUser(api);
    await DeviceClient.setUp(bob.id, transportOf(bob), memoryStorage());
    await jur.send(threadId, 'sent before Ana committed');
    await ana.addPeople(threadId, [bob.id]);
    await ana.send(threadId, 'mine');
    expect(kinds(await ana.sync(threadId))).toEqual(['own_commit', 'message', 'own_commit', 'own']);
    const jurgenSaw = await jur.sync(threadId);
    expect(texts(jurgenSaw)).toEqual(['mine']);
    // An honest commit carries the key log as everyone sees it: no fork.
    expect(jurgenSaw.find((e) => e.kind === 'commit')).toMatchObject({ fork: null });
  });

  it('after a reload, reads the people it met from storage (and the log), and loses no message', async () => {
    const { j, ana, sj, threadId } = await pair();
    const reloaded = (await DeviceClient.load(j.id, transportOf(j), sj))!;
    await ana.send(threadId, 'after reload');
    expect(texts(await reloaded.sync(threadId))).toEqual(['after reload']);
    expect((await reloaded.send(threadId, 'from the reloaded page')).seq).toBeGreaterThan(0);
  });

  it('brings a person’s new browser in through their own devices only, and lets any member swap a reset person’s devices', async () => {
    const [a, j, stranger] = [await aUser(api), await aUser(api), await aUser(api)];
    const first = await DeviceClient.setUp(a.id, transportOf(a), memoryStorage());
    const ana = first.client;
    const jur = (await DeviceClient.setUp(j.id, transportOf(j), memoryStorage())).client;
    await DeviceClient.setUp(stranger.id, transportOf(stranger), memoryStorage());
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id]);
    await jur.joinWelcomes();
    // Jürgen is a plain member: adding someone new is the admin's (the server refuses it too).
    await expect(jur.addPeople(threadId, [stranger.id])).rejects.toMatchObject({
      status: 403,
      code: 'not_thread_admin',
    });

    // Ana opens a new laptop. Someone holding her words could register one too: so another
    // member's device does not pull it in (the server refuses), only Ana's own devices do.
    const laptop = await DeviceClient.restore(a.id, first.words, transportOf(a), memoryStorage());
    expect(await jur.missingOwnDevices(threadId)).toEqual([]);
    const claimedByJurgen = { userId: a.id, deviceId: laptop.deviceId };
    await expect(jur.addPeople(threadId, [a.id], [claimedByJurgen])).rejects.toMatchObject({
      status: 403,
      code: 'not_thread_admin',
    });
    expect(await ana.missingOwnDevices(threadId)).toEqual([claimedByJurgen]);
    await ana.addPeople(threadId, [a.id], [claimedByJurgen]);
    expect(await laptop.joinWelcomes()).toEqual([threadId]);
    expect(kinds(await jur.sync(threadId))).toEqual(['commit']);

    // Ana lost her words and reset her identity on a phone: both earlier devices are certified by
    // a replaced key. Once Jürgen accepts the change, his device swaps them for the phone.
    const phone = (await DeviceClient.setUp(a.id, transportOf(a), memoryStorage())).client;
    await jur.refreshPeople([a.id]);
    expect(jur.trustOf(a.id).trust).toBe('changed');
    expect(await jur.acceptKeyChange(a.id, jur.keysOf(a.id).pending!)).toBe(true);
    await jur.renewDevicesOf(threadId, a.id);
    expect(
      jur
        .members(threadId)
        .map((m) => `${m.userId}/${m.deviceId}`)
        .sort(),
    ).toEqual([`${a.id}/${phone.deviceId}`, `${j.id}/${jur.deviceId}`].sort());
    expect(await phone.joinWelcomes()).toEqual([threadId]);
    await jur.send(threadId, 'to your phone only');
    expect(texts(await phone.sync(threadId))).toEqual(['to your phone only']);
    // The laptop holds the replaced key: it stops at the change (the web asks to restore there).
    expect(await laptop.sync(threadId)).toEqual([
      expect.objectContaining({ kind: 'blocked', reason: 'identity_changed' }),
    ]);
  });

  it('claims KeyPackages only for the devices it adds, never for devices already in the thread', async () => {
    const [a, j] = [await aUser(api), await aUser(api)];
    const storageOfAna = memoryStorage();
    const first = await DeviceClient.setUp(a.id, transportOf(a), storageOfAna);
    const ana = first.client;
    const jurgenSetUp = await DeviceClient.setUp(j.id, transportOf(j), memoryStorage());
    const jur = jurgenSetUp.client;
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id]);
    await jur.joinWelcomes();
    const left = async () => [
      await transportOf(a).availableKeyPackages(ana.deviceId),
      await transportOf(j).availableKeyPackages(jur.deviceId),
    ];
    const before = await left();
    // Adding Jürgen again, and Ana bringing in her new laptop: nothing of the devices already in.
    expect(await ana.addPeople(threadId, [j.id])).toEqual({ withoutKeyPackages: [] });
    const laptop = await DeviceClient.restore(a.id, first.words, transportOf(a), memoryStorage());
    await ana.addPeople(threadId, [a.id], await ana.missingOwnDevices(threadId));
    expect(await laptop.joinWelcomes()).toEqual([threadId]);
    expect(await left()).toEqual(before);
    // The server hands out KeyPackages only for the devices named, and only of the people listed.
    const named = await transportOf(j).claimKeyPackages([a.id], [{ userId: a.id, deviceId: laptop.deviceId }]);
    expect(named.items.map((i) => i.deviceId)).toEqual([laptop.deviceId]);
    const stray = await api.json(
      'POST',
      '/api/v1/key-packages/claim',
      { userIds: [a.id], devices: [{ userId: j.id, deviceId: jur.deviceId }] },
      j.auth,
    );
    expect(stray.status).toBe(400);
    expect(stray.body.details[0].field).toBe('devices');

    // Revoked devices are never named (a person may have revoked any number of them).
    const spare = await DeviceClient.restore(j.id, jurgenSetUp.words, transportOf(j), memoryStorage());
    expect(await revokeWith(api, j, spare, spare.deviceId)).toBe(200);
    const namedInClaims: string[] = [];
    const watching: LiaisonTransport = {
      ...transportOf(a),
      claimKeyPackages: async (userIds, devices) => {
        namedInClaims.push(...(devices ?? []).map((d) => d.deviceId));
        return transportOf(a).claimKeyPackages(userIds, devices);
      },
    };
    const anaWatched = (await DeviceClient.load(a.id, watching, storageOfAna))!;
    await anaWatched.addPeople(threadId, [j.id]);
    expect(namedInClaims).not.toContain(spare.deviceId);
  });

  it('lets admins make others admins, never leaves a thread without one, and refuses everyone else', async () => {
    const { a, j, ana, jur, threadId } = await pair();
    const [bob, stranger] = [await aUser(api), await aUser(api)];
    await DeviceClient.setUp(bob.id, transportOf(bob), memoryStorage());
    const role = (by: TestUser, userId: string, value: unknown) =>
      api.json('PUT', `/api/v1/threads/${threadId}/members/${userId}/role`, { role: value }, by.auth);
    const roles = async () =>
      Object.fromEntries(
        (
          (await api.json('GET', `/api/v1/threads/${threadId}`, undefined, a.auth)).body.members as {
            userId: string;
            role: string;
          }[]
        ).map((m) => [m.userId, m.role]),
      );

    // Jürgen, a plain member, can neither add people nor make himself admin; strangers learn nothing.
    expect((await role(j, j.id, 'admin')).body).toMatchObject({ statusCode: 403, code: 'not_thread_admin' });
    expect((await role(stranger, j.id, 'admin')).status).toBe(404);
    expect((await role(a, j.id, 'owner')).body.details[0].field).toBe('role');
    expect((await role(a, bob.id, 'admin')).body).toMatchObject({ statusCode: 404, code: 'member_not_found' });
    // Ana makes him admin: now he adds Bob.
    expect((await role(a, j.id, 'admin')).body).toMatchObject({ userId: j.id, role: 'admin' });
    expect(await jur.addPeople(threadId, [bob.id])).toEqual({ withoutKeyPackages: [] });
    // Ana steps down; the last admin cannot.
    expect((await role(a, a.id, 'member')).status).toBe(200);
    expect((await role(j, j.id, 'member')).body).toMatchObject({ statusCode: 409, code: 'last_admin' });
    expect(await roles()).toEqual({ [a.id]: 'member', [j.id]: 'admin', [bob.id]: 'member' });
    // Jürgen leaves: the member in the thread longest (Ana) becomes admin, and she commits his leaving.
    await jur.leave(threadId);
    expect(await roles()).toEqual({ [a.id]: 'admin', [bob.id]: 'member' });
    await ana.sync(threadId);
    expect(
      ana
        .members(threadId)
        .map((m) => m.userId)
        .sort(),
    ).toEqual([a.id, bob.id].sort());
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    const audited = await db
      .query<{ action: string; target: string }>(
        `SELECT action, target_id AS target FROM audit_event WHERE details->>'threadId' = $1 ORDER BY seq`,
        [threadId],
      )
      .finally(() => db.end());
    expect(audited.rows.map((r) => `${r.action} ${r.target}`)).toEqual([
      `threads.role.changed ${j.id}`,
      `threads.role.changed ${a.id}`,
      `threads.role.inherited ${a.id}`,
    ]);
  });

  it('never forgets a revocation it read, whatever the server lists later', async () => {
    const { a, j, sj } = await pair();
    // Ana's second browser is stolen; she revokes it with her identity key.
    const own = await DeviceClient.setUp(a.id, transportOf(a), memoryStorage());
    const stolen = await DeviceClient.restore(a.id, own.words, transportOf(a), memoryStorage());
    expect(await revokeWith(api, a, own.client, stolen.deviceId)).toBe(200);
    const revocations = (c: DeviceClient) =>
      (c as unknown as { state: { records: { kind: string }[] } }).state.records.filter((r) => r.kind === 'revocation');
    const jur = (await DeviceClient.load(j.id, transportOf(j), sj))!;
    await jur.refreshPeople([a.id]);
    expect(revocations(jur)).toHaveLength(1);
    // The server stops listing the revocation: Jürgen's device keeps what the log proved.
    const hiding = transportOf(j);
    const lying: LiaisonTransport = {
      ...hiding,
      records: async (userId, size) => {
        const answer = await hiding.records(userId, size);
        return { items: answer.items.filter((i) => i.kind !== 'revocation') };
      },
    };
    const fooled = (await DeviceClient.load(j.id, lying, sj))!;
    await fooled.refreshPeople([a.id]);
    expect(revocations(fooled)).toHaveLength(1);
  });

  it('stores nothing from a device after its request to leave, even a send that raced it', async () => {
    const { j, jur, threadId } = await pair();
    const repo = api.app.get(DeliveryRepository);
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    const blocker = new pg.Client({ connectionString: api.databaseUrl });
    await blocker.connect();
    try {
      const { epoch } = (await db.query<{ epoch: number }>('SELECT epoch FROM mls_thread WHERE id = $1', [threadId]))
        .rows[0]!;
      const message = (how: string) => ({
        threadId,
        epoch,
        senderUserId: j.id,
        senderDeviceId: jur.deviceId,
        clientMessageId: `raced-${how}-${Date.now()}`,
        body: Buffer.from('opaque'),
      });
      // The leave takes the thread's row first; the sends start before it commits and wait behind it.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM mls_thread WHERE id = $1 FOR UPDATE', [threadId]);
      const leaving = jur.leave(threadId);
      await new Promise((r) => setTimeout(r, 300));
      const single = repo.insertApplication(message('single'));
      const batch = repo.insertApplications([message('batch')]);
      await new Promise((r) => setTimeout(r, 300));
      await blocker.query('COMMIT');
      await leaving;
      expect(await single).toBeNull();
      expect(await batch).toEqual([]);
    } finally {
      await blocker.end();
      await db.end();
    }
  });

  it('serves a leaver nothing after their own request to leave, even once it is committed', async () => {
    const { j, ana, jur, threadId } = await pair();
    await jur.leave(threadId);
    const { seq: after } = await ana.send(threadId, 'written after Jürgen asked to leave');
    await ana.sync(threadId);
    expect(ana.members(threadId).some((m) => m.userId === j.id)).toBe(false);
    const served = await transportOf(j).messages(threadId, jur.deviceId, 0);
    expect(served.items.map((i) => i.seq)).not.toContain(after);
    expect(served.items.at(-1)).toMatchObject({ kind: 'proposal', senderUserId: j.id });
  });

  it('hands back what it read before an operation failed, so nothing read is lost', async () => {
    const { ana, sj, j, threadId } = await pair();
    await ana.send(threadId, 'read during a failed add');
    const broken: LiaisonTransport = {
      ...transportOf(j),
      claimKeyPackages: async () => {
        throw new TransportError(500, undefined, 'the server failed');
      },
    };
    const jur = (await DeviceClient.load(j.id, broken, sj))!;
    const bob = await aUser(api);
    await DeviceClient.setUp(bob.id, transportOf(bob), memoryStorage());
    await expect(jur.addPeople(threadId, [bob.id])).rejects.toThrow('the server failed');
    expect(texts(jur.takeEvents(threadId))).toEqual(['read during a failed add']);
    expect(jur.takeEvents(threadId)).toEqual([]);
  });

  it('learns of its removal, and can be added again after it', async () => {
    const { j, ana, jur, threadId } = await pair();
    await ana.removePeople(threadId, [j.id]);
    expect(kinds(await jur.sync(threadId))).toEqual(['removed']);
    await ana.addPeople(threadId, [j.id]);
    expect(await jur.joinWelcomes()).toEqual([threadId]);
    await ana.send(threadId, 'welcome back');
    expect(texts(await jur.sync(threadId))).toEqual(['welcome back']);
  });

  it('commits a member’s leaving along with its own change when the leave came first', async () => {
    const [a, j, c, b] = [await aUser(api), await aUser(api), await aUser(api), await aUser(api)];
    const ana = (await DeviceClient.setUp(a.id, transportOf(a), memoryStorage())).client;
    const jur = (await DeviceClient.setUp(j.id, transportOf(j), memoryStorage())).client;
    const carl = (await DeviceClient.setUp(c.id, transportOf(c), memoryStorage())).client;
    await DeviceClient.setUp(b.id, transportOf(b), memoryStorage());
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id, c.id]);
    await jur.joinWelcomes();
    await carl.joinWelcomes();
    await carl.leave(threadId);
    await ana.addPeople(threadId, [b.id]);
    await jur.sync(threadId);
    const inThread = (client: DeviceClient) => new Set(client.members(threadId).map((m) => m.userId));
    expect(inThread(ana)).toEqual(new Set([a.id, j.id, b.id]));
    expect(inThread(jur)).toEqual(new Set([a.id, j.id, b.id]));
  });

  it('shows a fork when a committer carries a key log that does not extend this device’s', async () => {
    const { j, ana, jur, sj, threadId } = await pair();
    const state = JSON.parse(sj.data.get(`device:${j.id}`)!) as { deviceSecret: string };
    const record = JSON.parse(sj.data.get(`group:${j.id}:${jur.deviceId}:${threadId}`)!);
    const group = ThreadGroup.restore(threadId, record.saved, jur.authority);
    // The server showed Jürgen another history: a head of a size Ana knows, with another root.
    await ana.refreshPeople([]);
    const size = (await transportOf(j).head(0)).head!.size;
    const pending = await group.commit({}, { size, root: new Uint8Array(32).fill(7) });
    const clientMessageId = 'forkedhead1';
    const posted = await api.json(
      'POST',
      `/api/v1/threads/${threadId}/commits`,
      {
        deviceId: jur.deviceId,
        clientMessageId,
        epoch: group.epoch,
        commit: toB64(pending.commit),
        added: [],
        removed: [],
        signature: toB64(
          signDelivery(
            { secretKey: fromB64(state.deviceSecret) },
            {
              threadId,
              kind: 'commit',
              epoch: group.epoch,
              body: pending.commit,
              clientMessageId,
              added: [],
              removed: [],
            },
          ),
        ),
      },
      j.auth,
    );
    expect(posted.status).toBe(201);
    const events = await ana.sync(threadId);
    const commit = events.find((e) => e.kind === 'commit');
    expect(commit).toMatchObject({ kind: 'commit', fork: expect.stringContaining('another key log') });
  });

  it('shows a body that is not a Liaison message as refused, and keeps the others of the batch', async () => {
    const { j, ana, jur, sj, threadId } = await pair();
    await jur.send(threadId, 'a real message');
    const state = JSON.parse(sj.data.get(`device:${j.id}`)!) as { deviceSecret: string };
    const record = JSON.parse(sj.data.get(`group:${j.id}:${jur.deviceId}:${threadId}`)!);
    const group = ThreadGroup.restore(threadId, record.saved, jur.authority);
    const id = 'rawmessage1';
    const message = await group.encrypt(utf8('not json'), id);
    const sent = await api.json(
      'POST',
      `/api/v1/threads/${threadId}/messages`,
      {
        deviceId: jur.deviceId,
        clientMessageId: id,
        message: toB64(message),
        signature: toB64(
          signDelivery(
            { secretKey: fromB64(state.deviceSecret) },
            { threadId, kind: 'application', epoch: group.epoch, body: message, clientMessageId: id },
          ),
        ),
      },
      j.auth,
    );
    expect(sent.status).toBe(201);
    const events = await ana.sync(threadId);
    expect(kinds(events)).toEqual(['own_commit', 'message', 'refused:malformed']);
    expect(texts(events)).toEqual(['a real message']);
  });

  it('blocks writing to a person whose identity key was replaced, until the change is accepted', async () => {
    const [anaUser, jurgenUser] = [await aUser(api), await aUser(api)];
    const ana = (await DeviceClient.setUp(anaUser.id, transportOf(anaUser), memoryStorage())).client;
    const jurgen = (await DeviceClient.setUp(jurgenUser.id, transportOf(jurgenUser), memoryStorage())).client;
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [jurgenUser.id]);
    await jurgen.joinWelcomes();
    // Jürgen resets his identity (his sign-in is fresh) and registers a new device with it.
    const reset = generateIdentityKey(jurgenUser.id);
    const transport = transportOf(jurgenUser);
    const r = identityRecord(reset);
    await transport.publishIdentity({ identityKey: toB64(r.identityKey), previousKey: null, succession: null });
    const device = certifyDevice(reset, 'browser-after-reset', generateSigningKeyPair().publicKey);
    await transport.publishDevice({
      deviceId: device.deviceId,
      signatureKey: toB64(device.signatureKey),
      identityKey: toB64(device.identityKey),
      certificate: toB64(device.certificate),
    });
    await ana.refreshPeople([jurgenUser.id]);
    expect(ana.trustOf(jurgenUser.id).trust).toBe('changed');
    await expect(ana.send(threadId, 'to a changed key')).rejects.toMatchObject({ reason: 'identity_changed' });
    expect(await ana.acceptKeyChange(jurgenUser.id, reset.publicKey)).toBe(true);
    // Accepted: Jürgen's old device is no longer certified by his current key; it is refused until removed.
    await expect(ana.send(threadId, 'still his old laptop')).rejects.toMatchObject({ reason: 'unknown_device' });
    await ana.removePeople(threadId, [jurgenUser.id]);
    expect((await ana.send(threadId, 'thread goes on')).seq).toBeGreaterThan(0);
  });

  it('shows a person a device certified with their identity key that none of their devices made', async () => {
    const user = await aUser(api);
    const { client, words } = await DeviceClient.setUp(user.id, transportOf(user), memoryStorage());
    // Someone who got hold of the identity key (the backup and the words) registers a device.
    const transport = transportOf(user);
    const backup = await transport.backup();
    const { payload } = openDeviceBackup(backup!.blob, user.id, parseRecoveryWords(words));
    const identity = identityFromSecret(user.id, fromB64(payload.identitySecretKey));
    const planted = certifyDevice(identity, 'browser-planted', generateSigningKeyPair().publicKey);
    await transport.publishDevice({
      deviceId: planted.deviceId,
      signatureKey: toB64(planted.signatureKey),
      identityKey: toB64(planted.identityKey),
      certificate: toB64(planted.certificate),
    });
    const foreign = await client.foreignRecordsAboutMe();
    expect(foreign.map((e) => (e.kind === 'device' ? e.record.deviceId : e.kind))).toEqual(['browser-planted']);
  });
});
