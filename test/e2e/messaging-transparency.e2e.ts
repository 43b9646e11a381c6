import {
  certifyDevice,
  createKeyPackage,
  credentialIdentity,
  mlsSuite,
  DeviceAuthority,
  type DeviceKeys,
  type DeviceRecord,
  fromB64,
  generateIdentityKey,
  generateSigningKeyPair,
  headFromJson,
  type IdentityKeyPair,
  identityRecord,
  isSignedHead,
  keyPackageBytes,
  keyPackageFromBytes,
  revokeDevice,
  type SignedHeadJson,
  ThreadGroup,
  toB64,
  TransparencyMonitor,
  TrustStore,
} from '@liaison/e2ee';
import { entryOf } from '../../libs/messaging/src/transparency/key-log.service.js';
import pg from 'pg';
import { defaultCapabilities, defaultLifetime, generateKeyPackageWithKey } from 'ts-mls';
import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Key transparency and devices (protocol v2) over HTTP: what a person publishes, what the log
 * proves to every client, and what a stolen session or the operator cannot do unnoticed.
 */

interface Person {
  user: TestUser;
  identity: IdentityKeyPair;
  device: DeviceKeys;
}

const identityBody = (r: ReturnType<typeof identityRecord>) => ({
  identityKey: toB64(r.identityKey),
  previousKey: r.previousKey ? toB64(r.previousKey) : null,
  succession: r.succession ? toB64(r.succession) : null,
});
const deviceBody = (d: ReturnType<typeof certifyDevice>) => ({
  deviceId: d.deviceId,
  signatureKey: toB64(d.signatureKey),
  identityKey: toB64(d.identityKey),
  certificate: toB64(d.certificate),
});

describe('key transparency: identities, devices and KeyPackages', () => {
  let api: TestApi;
  let ana: Person, jurgen: Person;
  let logKey: string;

  const post = (user: TestUser, path: string, body: unknown) => api.json('POST', path, body, user.auth);
  const get = (user: TestUser, path: string) => api.json('GET', path, undefined, user.auth);

  /** A person with an identity key and one device, both in the log, and `n` KeyPackages. */
  async function aPerson(n = 2): Promise<Person> {
    const user = await aUser(api);
    const identity = generateIdentityKey(user.id);
    const keys = generateSigningKeyPair();
    const device = { userId: user.id, deviceId: `browser-${user.id.slice(0, 8)}`, ...keys };
    expect((await post(user, '/api/v1/transparency/identity', identityBody(identityRecord(identity)))).status).toBe(
      201,
    );
    const published = await post(
      user,
      '/api/v1/transparency/devices',
      deviceBody(certifyDevice(identity, device.deviceId, keys.publicKey)),
    );
    expect(published.status).toBe(201);
    const packages = await Promise.all(Array.from({ length: n }, () => createKeyPackage(device)));
    if (n === 0) return { user, identity, device };
    const uploaded = await api.json(
      'PUT',
      `/api/v1/devices/${device.deviceId}/key-packages`,
      { keyPackages: packages.map((p) => toB64(keyPackageBytes(p.publicPackage))) },
      user.auth,
    );
    expect(uploaded.body).toEqual({ available: n });
    return { user, identity, device };
  }

  /** What a client downloads about a person, checked the way the client checks it. */
  async function verifiedRecords(viewer: TestUser, monitor: TransparencyMonitor, userId: string) {
    const head = await get(viewer, `/api/v1/transparency/head?knownSize=${monitor.knownHead?.size ?? 0}`);
    monitor.observe(headFromJson(head.body.head as SignedHeadJson), (head.body.consistency as string[]).map(fromB64));
    const listed = await get(viewer, `/api/v1/transparency/users/${userId}?size=${monitor.knownHead!.size}`);
    const entries = (
      listed.body.items as {
        position: number;
        kind: 'identity' | 'device' | 'revocation';
        deviceId: string | null;
        record: Record<string, string | null>;
        proof: string[];
      }[]
    ).map((item) => {
      const entry = entryOf({ userId, kind: item.kind, deviceId: item.deviceId, record: item.record });
      return { item, entry, included: monitor.includes(entry, item.position, item.proof.map(fromB64)) };
    });
    return entries;
  }

  /** Sessions that signed in an hour ago (what a stolen token usually is). */
  async function staleSessions(userId: string) {
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE session SET reauthenticated_at = now() - interval '1 hour' WHERE user_id = $1`, [
        userId,
      ]);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    api = await startTestApi();
    ana = await aPerson();
    jurgen = await aPerson();
    logKey = (await get(ana.user, '/api/v1/transparency/key')).body.logKey as string;
  });
  afterAll(async () => {
    await api.close();
  });

  it('signs a head for every record, and proves each person’s records and the log’s growth to any member', async () => {
    const viewer = await aUser(api);
    const monitor = new TransparencyMonitor({ logKey, head: null });
    const records = await verifiedRecords(viewer, monitor, jurgen.user.id);
    expect(records.map((r) => r.entry.kind)).toEqual(['identity', 'device']);
    expect(records.every((r) => r.included)).toBe(true);
    const sizeBefore = monitor.knownHead!.size;
    await aPerson(1);
    const grown = await get(viewer, `/api/v1/transparency/head?knownSize=${sizeBefore}`);
    expect(monitor.observe(headFromJson(grown.body.head), (grown.body.consistency as string[]).map(fromB64))).toBe(
      'advanced',
    );
    expect(monitor.knownHead!.size).toBe(sizeBefore + 2);
    expect(isSignedHead(monitor.knownHead!, fromB64(logKey))).toBe(true);
  });

  it('lets a client build an MLS thread from the published records and KeyPackages alone', async () => {
    const claimed = await post(ana.user, '/api/v1/key-packages/claim', { userIds: [jurgen.user.id] });
    expect(claimed.status).toBe(200);
    expect(claimed.body.items).toHaveLength(1);
    const monitor = new TransparencyMonitor({ logKey, head: null });
    const trust = new TrustStore();
    const devices: DeviceRecord[] = [];
    for (const person of [ana, jurgen]) {
      const records = await verifiedRecords(ana.user, monitor, person.user.id);
      expect(records.every((r) => r.included)).toBe(true);
      trust.review(
        person.user.id,
        records.flatMap((r) => (r.entry.kind === 'identity' ? [r.entry.record] : [])),
      );
      devices.push(...records.flatMap((r) => (r.entry.kind === 'device' ? [r.entry.record] : [])));
    }
    const authority = new DeviceAuthority(trust, () => ({ devices, revocations: [] }));
    const group = await ThreadGroup.create('transparency-thread', await createKeyPackage(ana.device), authority);
    const kp = keyPackageFromBytes(fromB64(claimed.body.items[0].keyPackage as string));
    const commit = await group.commit({ add: [kp] }, { size: 0, root: new Uint8Array(32) });
    expect(commit.added.map((m) => m.userId)).toEqual([jurgen.user.id]);
  });

  it('hands out each KeyPackage once, and says who has none left', async () => {
    const carla = await aPerson(1);
    const first = await post(ana.user, '/api/v1/key-packages/claim', { userIds: [carla.user.id] });
    const second = await post(jurgen.user, '/api/v1/key-packages/claim', { userIds: [carla.user.id] });
    expect(first.body.items).toHaveLength(1);
    expect(second.body).toEqual({ items: [], withoutKeyPackages: [carla.user.id] });
    expect((await get(carla.user, `/api/v1/devices/${carla.device.deviceId}/key-packages`)).body).toEqual({
      available: 0,
    });
  });

  it('refuses KeyPackages that are not the device’s own: another device, another key, garbage', async () => {
    const other = generateSigningKeyPair();
    const foreign = await createKeyPackage({ ...ana.device, ...other });
    const stranger = await createKeyPackage({ ...jurgen.device });
    const put = (keyPackages: string[]) =>
      api.json('PUT', `/api/v1/devices/${ana.device.deviceId}/key-packages`, { keyPackages }, ana.user.auth);
    const wrongKey = await put([toB64(keyPackageBytes(foreign.publicPackage))]);
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.details).toEqual([{ field: 'keyPackages.0', reasons: [expect.any(String)] }]);
    expect((await put([toB64(keyPackageBytes(stranger.publicPackage))])).status).toBe(400);
    const garbage = await put(['AAAA']);
    expect(garbage.status).toBe(400);
    expect(garbage.body.details[0].field).toBe('keyPackages.0');
    // Someone else's device id is not the caller's device.
    const notMine = await api.json(
      'PUT',
      `/api/v1/devices/${jurgen.device.deviceId}/key-packages`,
      { keyPackages: [toB64(keyPackageBytes((await createKeyPackage(ana.device)).publicPackage))] },
      ana.user.auth,
    );
    expect(notMine.status).toBe(404);
  });

  it('refuses a KeyPackage that never expires (a hostile server could keep it and use it any time)', async () => {
    const forever = await generateKeyPackageWithKey(
      { credentialType: 'basic', identity: credentialIdentity(ana.user.id, ana.device.deviceId) },
      defaultCapabilities(),
      defaultLifetime,
      [],
      { signKey: ana.device.secretKey, publicKey: ana.device.publicKey },
      await mlsSuite(),
    );
    const refused = await api.json(
      'PUT',
      `/api/v1/devices/${ana.device.deviceId}/key-packages`,
      { keyPackages: [toB64(keyPackageBytes(forever.publicPackage))] },
      ana.user.auth,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]).toMatchObject({ field: 'keyPackages.0' });
  });

  it('refuses a device certificate the identity key did not sign, and a device signed by a key that is not current', async () => {
    const keys = generateSigningKeyPair();
    const forged = certifyDevice(generateIdentityKey(ana.user.id), 'stolen-session-laptop', keys.publicKey);
    const withForeignKey = await post(ana.user, '/api/v1/transparency/devices', deviceBody(forged));
    expect(withForeignKey.status).toBe(400);
    expect(withForeignKey.body.details[0].field).toBe('identityKey');
    const bad = deviceBody(certifyDevice(ana.identity, 'tampered-device', keys.publicKey));
    const tampered = await post(ana.user, '/api/v1/transparency/devices', {
      ...bad,
      signatureKey: toB64(generateSigningKeyPair().publicKey),
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.details[0].field).toBe('certificate');
    // A record about someone else cannot be published: the user id is always the caller's.
    const asJurgen = deviceBody(certifyDevice(jurgen.identity, 'jurgen-extra-device', keys.publicKey));
    expect((await post(ana.user, '/api/v1/transparency/devices', asJurgen)).status).toBe(400);
    expect(
      (
        await post(
          ana.user,
          '/api/v1/transparency/devices',
          deviceBody(certifyDevice(ana.identity, ana.device.deviceId, keys.publicKey)),
        )
      ).status,
    ).toBe(409);
  });

  it('accepts a succession the old key signed, but a reset only after the password and code again', async () => {
    const person = await aPerson(0);
    const next = generateIdentityKey(person.user.id);
    expect(
      (await post(person.user, '/api/v1/transparency/identity', identityBody(identityRecord(next, person.identity))))
        .status,
    ).toBe(201);
    // The device is certified again by the new key (same id, same key); another key under that id is not.
    const again = certifyDevice(next, person.device.deviceId, person.device.publicKey);
    expect((await post(person.user, '/api/v1/transparency/devices', deviceBody(again))).status).toBe(201);
    const swapped = certifyDevice(next, person.device.deviceId, generateSigningKeyPair().publicKey);
    expect((await post(person.user, '/api/v1/transparency/devices', deviceBody(swapped))).status).toBe(409);
    // With only the session (what a thief has, signed in long ago), a new unrelated key is refused.
    await staleSessions(person.user.id);
    // The client asks before it publishes: the session is not fresh, so the password comes first.
    expect((await get(person.user, '/api/v1/auth/reauthenticate')).body).toEqual({ freshUntil: null });
    const reset = identityBody(identityRecord(generateIdentityKey(person.user.id)));
    const refused = await post(person.user, '/api/v1/transparency/identity', reset);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('reauthentication_required');
    const wrong = await post(person.user, '/api/v1/auth/reauthenticate', { password: 'not the password at all' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([{ field: 'password', reasons: ['the password is not right'] }]);
    expect((await post(person.user, '/api/v1/transparency/identity', reset)).status).toBe(403);
    const confirmed = await post(person.user, '/api/v1/auth/reauthenticate', { password: person.user.password });
    expect(confirmed.status).toBe(200);
    const fresh = (await get(person.user, '/api/v1/auth/reauthenticate')).body as { freshUntil: string };
    expect(Date.parse(fresh.freshUntil)).toBeGreaterThan(Date.now() + 200_000);
    expect(Math.abs(Date.parse(fresh.freshUntil) - Date.parse(confirmed.body.freshUntil))).toBeLessThan(2_000);
    expect((await post(person.user, '/api/v1/transparency/identity', reset)).status).toBe(201);
    // Members' clients see the reset as a key change, and the signed succession as none.
    const monitor = new TransparencyMonitor({ logKey, head: null });
    const records = await verifiedRecords(person.user, monitor, person.user.id);
    const identities = records.flatMap((r) => (r.entry.kind === 'identity' ? [r.entry.record] : []));
    const trust = new TrustStore();
    expect(trust.review(person.user.id, identities.slice(0, 1))).toBe('trusted');
    expect(trust.review(person.user.id, identities.slice(0, 2))).toBe('trusted');
    expect(trust.review(person.user.id, identities)).toBe('changed');
  });

  it('asks for the second factor too when one is enrolled', async () => {
    const user = await aUser(api, { mfa: true });
    const identity = generateIdentityKey(user.id);
    await post(user, '/api/v1/transparency/identity', identityBody(identityRecord(identity)));
    await staleSessions(user.id);
    const withoutCode = await post(user, '/api/v1/auth/reauthenticate', { password: user.password });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.details[0].field).toBe('code');
    const recovery = await post(user, '/api/v1/auth/reauthenticate', {
      password: user.password,
      code: user.recoveryCodes![0],
    });
    expect(recovery.status).toBe(200);
    expect(new Date(recovery.body.freshUntil as string).getTime()).toBeGreaterThan(Date.now() + 200_000);
    const reset = identityBody(identityRecord(generateIdentityKey(user.id)));
    expect((await post(user, '/api/v1/transparency/identity', reset)).status).toBe(201);
  });

  it('revokes a device with the identity key’s signature; its KeyPackages are no longer handed out', async () => {
    const person = await aPerson(2);
    const revocation = revokeDevice(person.identity, person.device.deviceId);
    const forged = revokeDevice(generateIdentityKey(person.user.id), person.device.deviceId);
    const body = (r: typeof revocation) => ({ identityKey: toB64(r.identityKey), signature: toB64(r.signature) });
    const path = `/api/v1/transparency/devices/${person.device.deviceId}/revoke`;
    expect((await post(person.user, path, body(forged))).status).toBe(400);
    expect((await post(jurgen.user, path, body(revocation))).status).toBe(400);
    expect((await post(person.user, path, body(revocation))).status).toBe(200);
    expect((await post(ana.user, '/api/v1/key-packages/claim', { userIds: [person.user.id] })).body.items).toEqual([]);
  });

  it('keeps the log append-only even for someone with database access, and a rewritten entry shows as a fork', async () => {
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      await expect(client.query(`UPDATE key_log_entry SET record = '{}' WHERE position = 0`)).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`DELETE FROM key_log_head`)).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE key_log_entry`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
    // A client that saw a head, then is shown a log signed with the same key but another history.
    const monitor = new TransparencyMonitor({ logKey, head: null });
    await verifiedRecords(ana.user, monitor, ana.user.id);
    const known = monitor.knownHead!;
    const lie = { ...known, root: new Uint8Array(32) };
    expect(() => monitor.observe(lie, [])).toThrow(expect.objectContaining({ reason: 'log_bad_head_signature' }));
  });

  it('refuses a first identity key from a session that signed in long ago (a stolen token), and takes it after re-authentication', async () => {
    const user = await aUser(api);
    await staleSessions(user.id);
    const first = identityBody(identityRecord(generateIdentityKey(user.id)));
    expect((await post(user, '/api/v1/transparency/identity', first)).status).toBe(403);
    expect((await post(user, '/api/v1/auth/reauthenticate', { password: user.password })).status).toBe(200);
    expect((await post(user, '/api/v1/transparency/identity', first)).status).toBe(201);
  });

  it('does not let a device be certified again by the key that already certifies it (the log would only grow)', async () => {
    const person = await aPerson(0);
    const again = certifyDevice(person.identity, person.device.deviceId, person.device.publicKey);
    expect((await post(person.user, '/api/v1/transparency/devices', deviceBody(again))).status).toBe(409);
  });

  it('answers bad input with field-level reasons', async () => {
    const bad = await post(ana.user, '/api/v1/transparency/devices', { deviceId: 'x', signatureKey: '!!' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'certificate',
      'deviceId',
      'identityKey',
      'signatureKey',
    ]);
    expect((await get(ana.user, '/api/v1/transparency/head?knownSize=-1')).status).toBe(400);
    expect((await get(ana.user, '/api/v1/transparency/head?knownSize=999999')).status).toBe(400);
    expect((await get(ana.user, '/api/v1/transparency/users/not-a-uuid')).status).toBe(400);
    expect((await get(ana.user, '/api/v1/transparency/consistency?from=3&to=2')).status).toBe(400);
    expect((await get(ana.user, '/api/v1/transparency/consistency?from=1&to=99999')).status).toBe(400);
    expect((await get(ana.user, '/api/v1/transparency/consistency?from=x&to=2')).status).toBe(400);
    expect((await post(ana.user, '/api/v1/key-packages/claim', { userIds: [] })).status).toBe(400);
    expect((await api.json('GET', '/api/v1/transparency/head')).status).toBe(401);
  });
});
