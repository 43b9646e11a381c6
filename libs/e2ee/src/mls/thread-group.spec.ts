import { utf8, fromUtf8 } from '../bytes.js';
import { E2eeError } from '../errors.js';
import { generateIdentityKey, identityRecord } from './identity.js';
import { client, person, Published } from './test-people.js';
import { createKeyPackage, ThreadGroup } from './thread-group.js';
import { DeviceAuthority } from './trust.js';

/**
 * The thread protocol between real MLS clients, with the test holding what the server would
 * hand out (identity and device records): the attacks are what a hostile server can do with that.
 */

const context = { size: 1, root: new Uint8Array(32) };
const text = (bytes: Uint8Array) => fromUtf8(bytes);

async function expectRefusal(promise: Promise<unknown>, reason: string) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(E2eeError);
  expect((err as E2eeError).reason).toBe(reason);
}

describe('threads on MLS (RFC 9420)', () => {
  const server = new Published();
  const ana = person('ana');
  const jurgen = person('jurgen');
  const analyst = person('analyst');
  server.publish(ana, jurgen, analyst);

  it('delivers between members, and a removed member reads nothing sent after the removal', async () => {
    const a = client(server);
    const j = client(server);
    const x = client(server);
    const anaGroup = await ThreadGroup.create('t1', await createKeyPackage(ana.device), a.authority);
    const jKp = await createKeyPackage(jurgen.device);
    const xKp = await createKeyPackage(analyst.device);
    const add = await anaGroup.commit({ add: [jKp.publicPackage, xKp.publicPackage] }, context);
    expect(add.added.map((m) => m.userId)).toEqual(['jurgen', 'analyst']);
    expect(add.welcome).not.toBeNull();
    anaGroup.apply(add);
    const jGroup = await ThreadGroup.join('t1', add.welcome!, jKp, j.authority);
    const xGroup = await ThreadGroup.join('t1', add.welcome!, xKp, x.authority);
    expect(jGroup.epochAuthenticator).toEqual(anaGroup.epochAuthenticator);

    const hello = await anaGroup.encrypt(utf8('hello both'), 'm1');
    for (const g of [jGroup, xGroup]) {
      const got = await g.process(hello);
      expect(got).toMatchObject({ kind: 'message', clientMessageId: 'm1', order: 'in_order' });
      if (got.kind === 'message') {
        expect(text(got.plaintext)).toBe('hello both');
        expect(got.sender).toMatchObject({ userId: 'ana', deviceId: 'ana-laptop' });
      }
    }

    const analystLeaf = anaGroup.members().find((m) => m.userId === 'analyst')!.leafIndex;
    const removal = await anaGroup.commit({ remove: [analystLeaf] }, context);
    anaGroup.apply(removal);
    expect(await jGroup.process(removal.commit)).toMatchObject({ kind: 'commit', removed: [{ userId: 'analyst' }] });
    expect(await xGroup.process(removal.commit)).toMatchObject({ kind: 'removed' });
    const secret = await anaGroup.encrypt(utf8('after the removal'), 'm2');
    expect(text(((await jGroup.process(secret)) as { plaintext: Uint8Array }).plaintext)).toBe('after the removal');
    await expectRefusal(xGroup.process(secret), 'unknown_epoch');
  });

  it('refuses to add a device that its owner never certified (a key the server made up)', async () => {
    const a = client(server);
    const anaGroup = await ThreadGroup.create('t2', await createKeyPackage(ana.device), a.authority);
    const forged = person('jurgen', generateIdentityKey('jurgen'), 'jurgen-laptop');
    // The server lists a device under Jürgen's name, certified by a key that is not his.
    server.devices.push(forged.record);
    try {
      await expectRefusal(
        anaGroup.commit({ add: [(await createKeyPackage(forged.device)).publicPackage] }, context),
        'device_key_mismatch',
      );
      const stranger = person('jurgen', jurgen.identity, 'jurgen-phone');
      await expectRefusal(
        anaGroup.commit({ add: [(await createKeyPackage(stranger.device)).publicPackage] }, context),
        'unknown_device',
      );
    } finally {
      server.devices.pop();
    }
  });

  it('refuses a Welcome into a group whose members it cannot authenticate', async () => {
    const mallory = person('mallory');
    const hidden = new Published();
    hidden.publish(mallory, jurgen);
    const m = client(hidden);
    const group = await ThreadGroup.create('t3', await createKeyPackage(mallory.device), m.authority);
    const jKp = await createKeyPackage(jurgen.device);
    const add = await group.commit({ add: [jKp.publicPackage] }, context);
    // Jürgen's client reads the directory the honest server publishes: there is no mallory.
    await expectRefusal(ThreadGroup.join('t3', add.welcome!, jKp, client(server).authority), 'unknown_device');
    await expectRefusal(ThreadGroup.join('other', add.welcome!, jKp, client(hidden).authority), 'wrong_group');
  });

  it('blocks a person whose identity key was replaced without the old key signing it, until it is accepted', async () => {
    const a = client(server);
    const reset = generateIdentityKey('jurgen');
    const newDevice = person('jurgen', reset, 'jurgen-new-laptop');
    const view = new Published();
    view.identities = [...server.identities, identityRecord(reset)];
    view.devices = [...server.devices, newDevice.record];
    expect(a.trust.review('jurgen', view.identities)).toBe('changed');
    const authority = new DeviceAuthority(a.trust, () => ({ devices: view.devices, revocations: [] }));
    const group = await ThreadGroup.create('t4', await createKeyPackage(ana.device), authority);
    const kp = await createKeyPackage(newDevice.device);
    await expectRefusal(group.commit({ add: [kp.publicPackage] }, context), 'identity_changed');
    expect(a.trust.acceptChange('jurgen', reset.publicKey)).toBe(true);
    expect(a.trust.trustOf('jurgen')).toBe('trusted');
    expect((await group.commit({ add: [kp.publicPackage] }, context)).added).toHaveLength(1);
  });

  it('follows an identity key that the previous key signed over, silently, verified status kept', async () => {
    const a = client(server);
    a.trust.markVerified('jurgen', jurgen.identity.publicKey);
    const next = generateIdentityKey('jurgen');
    const identities = [...server.identities, identityRecord(next, jurgen.identity)];
    expect(a.trust.review('jurgen', identities)).toBe('verified');
    expect(a.trust.currentKey('jurgen')).toEqual(next.publicKey);
    // A later record that claims the succession with a bad signature is a change, not a succession.
    const bogus = { ...identityRecord(generateIdentityKey('jurgen'), next), succession: new Uint8Array(64) };
    expect(a.trust.review('jurgen', [...identities, bogus])).toBe('changed');
  });

  it('keeps newcomers out of what was said before they joined', async () => {
    const a = client(server);
    const group = await ThreadGroup.create('t5', await createKeyPackage(ana.device), a.authority);
    const jKp = await createKeyPackage(jurgen.device);
    const first = await group.commit({ add: [jKp.publicPackage] }, context);
    group.apply(first);
    const jGroup = await ThreadGroup.join('t5', first.welcome!, jKp, client(server).authority);
    const before = await group.encrypt(utf8('before the analyst joined'), 'b1');
    await jGroup.process(before);
    const xKp = await createKeyPackage(analyst.device);
    const second = await group.commit({ add: [xKp.publicPackage] }, context);
    group.apply(second);
    await jGroup.process(second.commit);
    const xGroup = await ThreadGroup.join('t5', second.welcome!, xKp, client(server).authority);
    await expectRefusal(xGroup.process(before), 'stale_epoch');
    const after = await jGroup.encrypt(utf8('welcome'), 'w1');
    expect(await xGroup.process(after)).toMatchObject({ kind: 'message', sender: { userId: 'jurgen' } });
  });

  it('shows a gap and a late arrival in a sender’s messages, and refuses a replay', async () => {
    const group = await ThreadGroup.create('t6', await createKeyPackage(ana.device), client(server).authority);
    const jKp = await createKeyPackage(jurgen.device);
    const add = await group.commit({ add: [jKp.publicPackage] }, context);
    group.apply(add);
    const jGroup = await ThreadGroup.join('t6', add.welcome!, jKp, client(server).authority);
    const [m0, m1, m2] = [
      await group.encrypt(utf8('0'), 'a'),
      await group.encrypt(utf8('1'), 'b'),
      await group.encrypt(utf8('2'), 'c'),
    ];
    expect(await jGroup.process(m0)).toMatchObject({ order: 'in_order', generation: 0 });
    expect(await jGroup.process(m2)).toMatchObject({ order: 'gap', generation: 2 });
    expect(await jGroup.process(m1)).toMatchObject({ order: 'late', generation: 1 });
    await expectRefusal(jGroup.process(m1), 'replayed_message');
  });

  it('lets any member leave: the leaver proposes, another member commits, the leaver reads no more', async () => {
    const group = await ThreadGroup.create('t7', await createKeyPackage(ana.device), client(server).authority);
    const jKp = await createKeyPackage(jurgen.device);
    const add = await group.commit({ add: [jKp.publicPackage] }, context);
    group.apply(add);
    const jGroup = await ThreadGroup.join('t7', add.welcome!, jKp, client(server).authority);
    const leave = await jGroup.proposeLeave();
    expect(await group.process(leave)).toMatchObject({ kind: 'proposal', leaving: [{ userId: 'jurgen' }] });
    expect(group.hasPendingProposals).toBe(true);
    const commit = await group.commit({}, context);
    expect(commit.removed.map((m) => m.userId)).toEqual(['jurgen']);
    group.apply(commit);
    expect(await jGroup.process(commit.commit)).toMatchObject({ kind: 'removed' });
    await expectRefusal(jGroup.process(await group.encrypt(utf8('gone'), 'g')), 'unknown_epoch');
  });

  it('restores a saved state, and refuses one older than the epoch it verified', async () => {
    const a = client(server);
    const group = await ThreadGroup.create('t8', await createKeyPackage(ana.device), a.authority);
    const old = group.save();
    const add = await group.commit({ add: [(await createKeyPackage(jurgen.device)).publicPackage] }, context);
    group.apply(add);
    const checkpoint = group.checkpoint;
    const restored = ThreadGroup.restore('t8', group.save(), a.authority, checkpoint);
    expect(restored.epoch).toBe(1);
    expect(restored.members().map((m) => m.userId)).toEqual(['ana', 'jurgen']);
    expect(() => ThreadGroup.restore('t8', old, a.authority, checkpoint)).toThrow(
      expect.objectContaining({ reason: 'epoch_rollback' }),
    );
  });

  it('refuses a message of another thread and bytes that are not MLS', async () => {
    const group = await ThreadGroup.create('t9', await createKeyPackage(ana.device), client(server).authority);
    const other = await ThreadGroup.create('t10', await createKeyPackage(ana.device), client(server).authority);
    await expectRefusal(group.process(await other.encrypt(utf8('x'), 'x')), 'wrong_group');
    await expectRefusal(group.process(utf8('not mls at all')), 'malformed');
  });
});
