import { fromB64, isB64, randomBytes, toB64 } from './bytes.js';
import { createDistribution, type KeyDistribution, newEpochSecret, openDistribution } from './distribution.js';
import { E2eeError } from './errors.js';
import {
  connectionProofBytes,
  generateIdentity,
  type IdentityKeys,
  publicIdentity,
  safetyNumber,
  signConnectionProof,
  verifyPublicIdentity,
} from './identity.js';
import { decryptMessage, type EncryptedMessage, encryptMessage } from './message.js';
import { verify } from './primitives.js';
import { rotationDue } from './thread-client.js';
import {
  applyRosterEvent,
  emptyRoster,
  nextRosterEvent,
  type RosterEvent,
  type RosterState,
  signRosterEvent,
} from './roster.js';

const THREAD = '0b9f3c52-5d0e-4f0a-9a43-6b8f0c3e2a11';

/** Three people, a thread created by Ana with Jürgen; Thijs comes and goes. */
describe('e2ee protocol', () => {
  let ana: IdentityKeys, jurgen: IdentityKeys, thijs: IdentityKeys, mallory: IdentityKeys;
  const keysOf = (userId: string) =>
    [ana, jurgen, thijs, mallory].filter((k) => k.userId === userId).map((k) => k.signPublicKey);
  const kemOf = (userId: string) => [ana, jurgen, thijs, mallory].find((k) => k.userId === userId)!.kemPublicKey;
  let roster: RosterState;
  const events: RosterEvent[] = [];
  const secrets = new Map<number, Uint8Array>();

  const append = (actor: IdentityKeys, change: Parameters<typeof nextRosterEvent>[2]) => {
    const event = signRosterEvent(nextRosterEvent(roster, actor.userId, change), actor.signSecretKey);
    roster = applyRosterEvent(roster, event, keysOf);
    events.push(event);
    return event;
  };
  const reason = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof E2eeError) return err.reason;
      throw err;
    }
    return 'accepted';
  };
  const asyncReason = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (err instanceof E2eeError) return err.reason;
      throw err;
    }
    return 'accepted';
  };
  const send = (from: IdentityKeys, text: string, clientMessageId = crypto.randomUUID()) =>
    encryptMessage(
      { v: 1, kind: 'text', text },
      {
        threadId: THREAD,
        epoch: roster.epoch,
        epochSecret: secrets.get(roster.epoch)!,
        sender: from,
        clientMessageId,
      },
    );
  const read = (m: EncryptedMessage, epochSecrets = secrets, seen = new Set<string>()) =>
    decryptMessage(m, { roster, epochSecrets, keysOf, seen });

  beforeAll(async () => {
    [ana, jurgen, thijs, mallory] = await Promise.all(
      ['ana', 'jurgen', 'thijs', 'mallory'].map((id) => generateIdentity(id)),
    );
    roster = emptyRoster(THREAD);
    append(ana, { kind: 'create' });
    append(ana, { kind: 'add', subject: 'jurgen', role: 'member' });
    secrets.set(1, newEpochSecret());
  });

  it('publishes identities with a self-signature and 12 groups of 5 digits to compare', () => {
    const published = publicIdentity(ana);
    const verified = verifyPublicIdentity(published);
    const number = safetyNumber(verified.fingerprint);
    expect(number).toHaveLength(12);
    for (const group of number) expect(group).toMatch(/^\d{5}$/);
    expect(safetyNumber(verifyPublicIdentity(publicIdentity(jurgen)).fingerprint)).not.toEqual(number);
    const swapped = { ...published, encPublicKey: publicIdentity(mallory).encPublicKey };
    expect(reason(() => verifyPublicIdentity(swapped))).toBe('bad_self_signature');
    expect(reason(() => verifyPublicIdentity({ ...published, signPublicKey: 'not base64!' }))).toBe('malformed');
  });

  it('delivers a message to members, and refuses tampered ones with the specific reason', async () => {
    const distribution = await createDistribution(roster, ana, secrets.get(1)!, kemOf);
    const jurgenSecret = await openDistribution(roster, distribution, keysOf, jurgen);
    expect(toB64(jurgenSecret)).toBe(toB64(secrets.get(1)!));

    const m = send(ana, 'Who covers victim identification in Romania?');
    expect(read(m, new Map([[1, jurgenSecret]]))).toEqual({
      v: 1,
      kind: 'text',
      text: 'Who covers victim identification in Romania?',
    });
    const flip = (b64: string) => {
      const bytes = fromB64(b64);
      bytes[bytes.length - 1] ^= 1;
      return toB64(bytes);
    };
    expect(reason(() => read({ ...m, ciphertext: flip(m.ciphertext) }))).toBe('bad_signature');
    expect(reason(() => read({ ...m, sentAt: new Date(0).toISOString() }))).toBe('bad_signature');
    expect(reason(() => read({ ...m, signature: flip(m.signature) }))).toBe('bad_signature');
    expect(reason(() => read({ ...m, epoch: 7 }))).toBe('unknown_epoch');
    expect(reason(() => read({ ...m, threadId: 'another-thread' }))).toBe('wrong_thread');
    expect(reason(() => read({ ...m, senderUserId: 'thijs' }))).toBe('sender_not_member');
    // A member who signs a ciphertext that was not made with the epoch key: the AEAD refuses it.
    const forged = encryptMessage(
      { v: 1, kind: 'text', text: 'forged' },
      { threadId: THREAD, epoch: 1, epochSecret: newEpochSecret(), sender: jurgen, clientMessageId: 'x' },
    );
    expect(reason(() => read(forged))).toBe('decrypt_failed');
    const seen = new Set<string>();
    read(m, secrets, seen);
    expect(reason(() => read(m, secrets, seen))).toBe('replayed_message');
  });

  it('refuses unsigned, forged and out-of-chain membership events, such as a server adding someone', () => {
    const add = nextRosterEvent(roster, 'ana', { kind: 'add', subject: 'mallory', role: 'member' });
    // The server (or anyone without Ana's key) signs it with another key.
    expect(reason(() => applyRosterEvent(roster, signRosterEvent(add, mallory.signSecretKey), keysOf))).toBe(
      'roster_bad_signature',
    );
    expect(
      reason(() => applyRosterEvent(roster, { ...signRosterEvent(add, ana.signSecretKey), signature: '' }, keysOf)),
    ).toBe('malformed');
    // A member who is not an admin cannot add.
    const byMember = nextRosterEvent(roster, 'jurgen', { kind: 'add', subject: 'mallory', role: 'member' });
    expect(reason(() => applyRosterEvent(roster, signRosterEvent(byMember, jurgen.signSecretKey), keysOf))).toBe(
      'roster_not_admin',
    );
    const signed = signRosterEvent(add, ana.signSecretKey);
    expect(reason(() => applyRosterEvent(roster, { ...signed, prevHash: events[0].prevHash }, keysOf))).toBe(
      'roster_broken_chain',
    );
    expect(reason(() => applyRosterEvent(roster, { ...signed, seq: 5 }, keysOf))).toBe('roster_bad_seq');
    expect(reason(() => applyRosterEvent(roster, { ...signed, subject: 'thijs' }, keysOf))).toBe(
      'roster_bad_signature',
    );
    // Replaying the roster from the start reaches the same head.
    let replayed = emptyRoster(THREAD);
    for (const e of events) replayed = applyRosterEvent(replayed, e, keysOf);
    expect(replayed.head).toBe(roster.head);
  });

  it('refuses a key distribution that leaves out or adds a member, or is not signed by an admin', async () => {
    const secret = secrets.get(1)!;
    const good = await createDistribution(roster, ana, secret, kemOf);
    const without = { ...good, wrapped: good.wrapped.filter((w) => w.userId !== 'jurgen') };
    expect(await asyncReason(() => openDistribution(roster, without, keysOf, ana))).toBe(
      'distribution_members_mismatch',
    );
    const extra: KeyDistribution = { ...good, wrapped: [...good.wrapped, { ...good.wrapped[0], userId: 'mallory' }] };
    expect(await asyncReason(() => openDistribution(roster, extra, keysOf, ana))).toBe('distribution_members_mismatch');
    const byMember = await createDistribution(roster, jurgen, secret, kemOf);
    expect(await asyncReason(() => openDistribution(roster, byMember, keysOf, ana))).toBe('distribution_not_admin');
    expect(
      await asyncReason(() =>
        openDistribution(roster, { ...good, distributor: 'ana', signature: byMember.signature }, keysOf, ana),
      ),
    ).toBe('distribution_bad_signature');
    expect(await asyncReason(() => openDistribution(roster, { ...good, epoch: 2 }, keysOf, ana))).toBe(
      'distribution_wrong_head',
    );
    expect(await asyncReason(() => openDistribution(roster, good, keysOf, mallory))).toBe('distribution_not_for_me');
  });

  it('rotates on removal: a removed member cannot read what follows; the rest can', async () => {
    append(ana, { kind: 'add', subject: 'thijs', role: 'member' });
    const withThijs = await createDistribution(roster, ana, secrets.get(1)!, kemOf);
    const thijsSecrets = new Map([[1, await openDistribution(roster, withThijs, keysOf, thijs)]]);
    const before = send(jurgen, 'before the removal');
    expect(read(before, thijsSecrets).text).toBe('before the removal');

    append(ana, { kind: 'remove', subject: 'thijs' });
    expect(roster.epoch).toBe(2);
    secrets.set(2, newEpochSecret());
    const rotated = await createDistribution(roster, ana, secrets.get(2)!, kemOf);
    expect(rotated.wrapped.map((w) => w.userId).sort()).toEqual(['ana', 'jurgen']);
    expect(await asyncReason(() => openDistribution(roster, rotated, keysOf, thijs))).toBe('distribution_not_for_me');
    const jurgenSecrets = new Map([
      [1, secrets.get(1)!],
      [2, await openDistribution(roster, rotated, keysOf, jurgen)],
    ]);
    const after = send(ana, 'after the removal');
    expect(read(after, jurgenSecrets).text).toBe('after the removal');
    expect(reason(() => read(after, thijsSecrets))).toBe('unknown_epoch');
    // Thijs, no longer a member, cannot send under the old epoch or the new one.
    const stale = encryptMessage(
      { v: 1, kind: 'text', text: 'still here?' },
      { threadId: THREAD, epoch: 2, epochSecret: secrets.get(2)!, sender: thijs, clientMessageId: 'late' },
    );
    expect(reason(() => read(stale))).toBe('sender_not_member');
  });

  it('lets a member rotate the epoch and distribute it, but not an outsider', async () => {
    append(jurgen, { kind: 'rotate' });
    secrets.set(roster.epoch, newEpochSecret());
    const d = await createDistribution(roster, jurgen, secrets.get(roster.epoch)!, kemOf);
    expect(toB64(await openDistribution(roster, d, keysOf, ana))).toBe(toB64(secrets.get(roster.epoch)!));
    const outsider = nextRosterEvent(roster, 'mallory', { kind: 'rotate' });
    expect(reason(() => applyRosterEvent(roster, signRosterEvent(outsider, mallory.signSecretKey), keysOf))).toBe(
      'sender_not_member',
    );
    const lastAdminLeaves = nextRosterEvent(roster, 'ana', { kind: 'remove', subject: 'ana' });
    expect(reason(() => applyRosterEvent(roster, signRosterEvent(lastAdminLeaves, ana.signSecretKey), keysOf))).toBe(
      'roster_invalid_event',
    );
  });

  it('rejects events of another thread and a second creation', () => {
    const other = emptyRoster('another-thread');
    const create = signRosterEvent(nextRosterEvent(other, 'ana', { kind: 'create' }), ana.signSecretKey);
    expect(reason(() => applyRosterEvent(emptyRoster(THREAD), create, keysOf))).toBe('wrong_thread');
    const again = signRosterEvent({ ...nextRosterEvent(roster, 'ana', { kind: 'create' }) }, ana.signSecretKey);
    expect(reason(() => applyRosterEvent(roster, again, keysOf))).toBe('roster_invalid_event');
  });
});

describe('rotation schedule', () => {
  const at = (days: number) => new Date(Date.UTC(2026, 10, 1) + days * 24 * 3600 * 1000).toISOString();
  it('is due after 1,000 messages or 7 days under one epoch, counting only that epoch', () => {
    const now = new Date(at(6));
    const few = [{ epoch: 2, sentAt: at(0) }];
    expect(rotationDue(few, 2, now)).toBe(false);
    expect(rotationDue(few, 2, new Date(at(7)))).toBe(true);
    const many = Array.from({ length: 1000 }, () => ({ epoch: 3, sentAt: at(5) }));
    expect(rotationDue(many, 3, now)).toBe(true);
    expect(rotationDue(many.slice(1), 3, now)).toBe(false);
    expect(rotationDue([...many, { epoch: 2, sentAt: at(-30) }], 4, now)).toBe(false);
    expect(rotationDue([], 1, now)).toBe(false);
  });
});

describe('isB64', () => {
  it('says yes exactly for the texts fromB64 decodes', () => {
    const texts = ['', 'A', 'AA', 'AB', 'AAA', 'AAB', 'AAAA', 'QQ', 'QR', 'QUI', 'QUJ', 'a+b', 'a=', 'ab c', 'ü'];
    for (let n = 0; n < 40; n++) texts.push(toB64(randomBytes(n)), toB64(randomBytes(n)).slice(0, -1) + 'B');
    for (const text of texts) {
      let decodes = true;
      try {
        fromB64(text);
      } catch {
        decodes = false;
      }
      expect([text, isB64(text)]).toEqual([text, decodes]);
    }
  });
});

describe('connection proofs', () => {
  it('verify for the connection and user signed, and for no other', async () => {
    const me = await generateIdentity('7d1c9a0e-3b1f-4c2d-8e5a-1f2b3c4d5e6f');
    const proof = fromB64(signConnectionProof(me, 'connection-1'));
    expect(verify(proof, connectionProofBytes(me.userId, 'connection-1'), me.signPublicKey)).toBe(true);
    expect(verify(proof, connectionProofBytes(me.userId, 'connection-2'), me.signPublicKey)).toBe(false);
    expect(verify(proof, connectionProofBytes(THREAD, 'connection-1'), me.signPublicKey)).toBe(false);
  });
});
