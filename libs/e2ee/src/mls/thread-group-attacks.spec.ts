import { type ClientState, createApplicationMessage, createCommit, createProposal, encodeMlsMessage } from 'ts-mls';
import { encodeExternalSender } from 'ts-mls/externalSender.js';
import { protectExternalProposalPublic } from 'ts-mls/messageProtectionPublic.js';
import { concat, utf8 } from '../bytes.js';
import { canonical, LABEL } from '../canonical.js';
import { E2eeError } from '../errors.js';
import { credentialIdentity, generateIdentityKey, identityRecord, revokeDevice } from './identity.js';
import { client, type Person, person, Published } from './test-people.js';
import { createKeyPackage, mlsSuite, ThreadGroup } from './thread-group.js';
import { DeviceAuthority, TrustStore } from './trust.js';

/**
 * Attacks found by a hostile review of the MLS layer (a member, a non-member with a certified
 * device, or the server), each refused with its reason. The test reaches into ts-mls to craft
 * what an attacker's own client would send.
 */

const head = { size: 1, root: new Uint8Array(32) };
/** The ts-mls state inside a ThreadGroup: what an attacker's own modified client would hold. */
const stateOf = (g: ThreadGroup) => (g as unknown as { state: ClientState }).state;
async function pair(id: string, pub: Published, a: Person, b: Person) {
  const ca = client(pub);
  const cb = client(pub);
  const ga = await ThreadGroup.create(id, await createKeyPackage(a.device), ca.authority);
  const bKp = await createKeyPackage(b.device);
  const add = await ga.commit({ add: [bKp.publicPackage] }, head);
  ga.apply(add);
  return { ga, gb: await ThreadGroup.join(id, add.welcome!, bKp, cb.authority), ca, cb };
}
async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof E2eeError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err.reason;
}

describe('threads on MLS: attacks from members, outsiders and the server', () => {
  const pub = new Published();
  const ana = person('ana');
  const jurgen = person('jurgen');
  const analyst = person('analyst');
  const mallory = person('mallory');
  pub.publish(ana, jurgen, analyst, mallory);

  it('refuses an Add proposed by someone outside the group, so no honest commit carries it in', async () => {
    const { ga } = await pair('a1', pub, ana, jurgen);
    const mKp = await createKeyPackage(mallory.device);
    const { publicMessage } = await protectExternalProposalPublic(
      mallory.device.secretKey,
      { version: 'mls10', groupId: utf8('a1'), epoch: 1n } as never,
      new Uint8Array(),
      { proposalType: 'add', add: { keyPackage: mKp.publicPackage } },
      { senderType: 'new_member_proposal' } as never,
      await mlsSuite(),
    );
    const injected = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage });
    expect(await reasonOf(ga.process(injected))).toBe('proposal_refused');
    expect((await ga.commit({}, head)).added).toEqual([]);
  });

  it('refuses a member’s proposal to remove someone else (only leaving oneself may be proposed)', async () => {
    const { ga, gb } = await pair('a2', pub, ana, jurgen);
    const add = await ga.commit({ add: [(await createKeyPackage(analyst.device)).publicPackage] }, head);
    ga.apply(add);
    await gb.process(add.commit);
    const proposal = await createProposal(
      stateOf(gb),
      false,
      { proposalType: 'remove', remove: { removed: 2 } },
      await mlsSuite(),
    );
    expect(await reasonOf(ga.process(encodeMlsMessage(proposal.message)))).toBe('proposal_refused');
    expect((await ga.commit({}, head)).removed).toEqual([]);
  });

  it('refuses a commit that changes the group’s extensions (an external sender planted by a member)', async () => {
    const { ga, gb } = await pair('a3', pub, ana, jurgen);
    const ext = {
      extensionType: 'external_senders',
      extensionData: encodeExternalSender({
        signaturePublicKey: jurgen.device.publicKey,
        credential: { credentialType: 'basic', identity: credentialIdentity('jurgen', 'jurgen-laptop') },
      }),
    };
    const planted = await createCommit(
      { state: stateOf(gb), cipherSuite: await mlsSuite() },
      {
        extraProposals: [
          { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: [ext] } } as never,
        ],
        // A well-formed head, so that only the proposal is at fault.
        authenticatedData: canonical(LABEL.commitContext, 'commit', head.size, head.root),
      },
    );
    expect(await reasonOf(ga.process(encodeMlsMessage(planted.commit)))).toBe('proposal_refused');
    expect(ga.epoch).toBe(1);
  });

  it('names who committed a change', async () => {
    const { ga, gb } = await pair('a4', pub, ana, jurgen);
    const add = await gb.commit({ add: [(await createKeyPackage(analyst.device)).publicPackage] }, head);
    gb.apply(add);
    expect(await ga.process(add.commit)).toMatchObject({
      kind: 'commit',
      committer: { userId: 'jurgen' },
      added: [{ userId: 'analyst' }],
      head: { size: 1 },
    });
  });

  it('refuses what a removed member sends in an epoch before its removal, after the removal', async () => {
    const { ga, gb } = await pair('a5', pub, ana, jurgen);
    const xKp = await createKeyPackage(analyst.device);
    const add = await ga.commit({ add: [xKp.publicPackage] }, head);
    ga.apply(add);
    await gb.process(add.commit);
    const gx = await ThreadGroup.join('a5', add.welcome!, xKp, client(pub).authority);
    const removal = await ga.commit({ remove: [2] }, head);
    ga.apply(removal);
    await gb.process(removal.commit);
    expect(await reasonOf(gb.process(await gx.encrypt(utf8('after my removal'), 'x')))).toBe('sender_removed');
  });

  it('keeps refusing a revoked device after its owner’s identity key changed (the change does not hide the revocation)', async () => {
    const local = new Published();
    local.publish(ana, jurgen);
    const { ga, gb, ca } = await pair('a6r', local, ana, jurgen);
    const first = await gb.encrypt(utf8('thief 1'), 'r1');
    const second = await gb.encrypt(utf8('thief 2'), 'r2');
    local.revocations = [...local.revocations, revokeDevice(jurgen.identity, jurgen.device.deviceId)];
    expect(await reasonOf(ga.process(first))).toBe('device_revoked');
    expect(ca.trust.review('jurgen', [...local.identities, identityRecord(generateIdentityKey('jurgen'))])).toBe(
      'changed',
    );
    expect(await reasonOf(ga.process(second))).toBe('device_revoked');
  });

  it('answers again when the log’s lists are replaced', async () => {
    const local = new Published();
    local.publish(ana, jurgen);
    const { ca } = await pair('a6i', local, ana, jurgen);
    expect(ca.authority.refusalOf(jurgen.device, jurgen.device.publicKey)).toBeNull();
    const before = ca.authority.generation;
    local.revocations = [revokeDevice(jurgen.identity, jurgen.device.deviceId)];
    expect(ca.authority.generation).not.toBe(before);
    expect(ca.authority.refusalOf(jurgen.device, jurgen.device.publicKey)?.reason).toBe('device_revoked');
  });

  it('stops writing to, and reading from, a device its owner revoked, and writing to a person whose key changed', async () => {
    const local = new Published();
    local.publish(ana, jurgen);
    const { ga, gb, ca } = await pair('a6', local, ana, jurgen);
    const fromJurgen = await gb.encrypt(utf8('still here'), 'r');
    local.revocations.push(revokeDevice(jurgen.identity, jurgen.device.deviceId));
    expect(await reasonOf(ga.process(fromJurgen))).toBe('device_revoked');
    expect(await reasonOf(ga.encrypt(utf8('to a revoked device'), 'm'))).toBe('device_revoked');
    expect(ga.refusedMembers().map((m) => m.userId)).toEqual(['jurgen']);
    // Removing the revoked device is what the client does next, and it is allowed.
    expect((await ga.commit({ remove: [1] }, head)).removed.map((m) => m.userId)).toEqual(['jurgen']);
    local.revocations.pop();
    expect(ca.trust.review('jurgen', [...local.identities, identityRecord(generateIdentityKey('jurgen'))])).toBe(
      'changed',
    );
    expect(await reasonOf(ga.encrypt(utf8('to a changed person'), 'm'))).toBe('identity_changed');
  });

  it('does not accept a device certified by an identity key its owner has replaced', () => {
    const j = person('jurgen');
    const evil = person('jurgen', j.identity, 'jurgen-evil');
    const trust = new TrustStore();
    trust.review('jurgen', [identityRecord(j.identity)]);
    const next = generateIdentityKey('jurgen');
    expect(trust.review('jurgen', [identityRecord(j.identity), identityRecord(next, j.identity)])).toBe('trusted');
    const authority = new DeviceAuthority(trust, () => ({ devices: [evil.record], revocations: [] }));
    expect(authority.refusal(credentialIdentity('jurgen', 'jurgen-evil'), evil.device.publicKey)?.reason).toBe(
      'unknown_device',
    );
  });

  it('refuses to apply a commit once messages were read after it was made (they would decrypt twice)', async () => {
    const { ga, gb } = await pair('a8', pub, ana, jurgen);
    const m = await gb.encrypt(utf8('once'), 'once');
    const pending = await ga.commit({}, head);
    await ga.process(m);
    expect(() => ga.apply(pending)).toThrow(expect.objectContaining({ reason: 'stale_epoch' }));
    expect(await reasonOf(ga.process(m))).toBe('replayed_message');
  });

  it('answers a message id that is not text as malformed, not with an exception', async () => {
    const { ga, gb } = await pair('a9', pub, ana, jurgen);
    const aad = concat(canonical(LABEL.commitContext, 'application'), Uint8Array.of(2, 0, 0, 0, 1, 0xff));
    const sent = await createApplicationMessage(stateOf(gb), utf8('x'), await mlsSuite(), aad);
    const bytes = encodeMlsMessage({
      version: 'mls10',
      wireformat: 'mls_private_message',
      privateMessage: sent.privateMessage,
    });
    expect(await reasonOf(ga.process(bytes))).toBe('malformed');
  });

  it('keeps a key change pending when a later view leaves the new key out, and accepts only the key shown', () => {
    const [k1, k2, k3] = [1, 2, 3].map(() => generateIdentityKey('bob'));
    const u = new TrustStore();
    u.review('bob', [identityRecord(k1!)]);
    expect(u.review('bob', [identityRecord(k1!), identityRecord(k3!)])).toBe('changed');
    expect(u.review('bob', [identityRecord(k1!)])).toBe('changed');
    const w = new TrustStore();
    w.review('bob', [identityRecord(k1!)]);
    w.review('bob', [identityRecord(k1!), identityRecord(k2!)]);
    w.review('bob', [identityRecord(k1!), identityRecord(k3!)]);
    // The person was shown k2; the server swapped in k3 meanwhile.
    expect(w.acceptChange('bob', k2!.publicKey)).toBe(false);
    expect(w.currentKey('bob')).toEqual(k1!.publicKey);
    expect(w.acceptChange('bob', k3!.publicKey)).toBe(true);
    expect(w.currentKey('bob')).toEqual(k3!.publicKey);
  });

  it('reports two different commits for one epoch as a fork, not a failed update', async () => {
    const { ga, gb } = await pair('a11', pub, ana, jurgen);
    const mine = await ga.commit({}, head);
    const theirs = await gb.commit({}, head);
    ga.apply(mine);
    gb.apply(theirs);
    expect(await reasonOf(ga.process(theirs.commit))).toBe('commit_fork');
    expect(await reasonOf(ga.process(mine.commit))).toBe('replayed_message');
  });
});

describe('canonical encoding', () => {
  it('refuses text with a lone surrogate, which would encode like another string', () => {
    expect(() => credentialIdentity('ana\uD800', 'laptop')).toThrow(RangeError);
    expect(() => credentialIdentity('ana\uFFFD', 'laptop')).not.toThrow();
  });
});
