import { fromB64, toB64 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { hpkeOpen, hpkeSeal, KEY_BYTES, sign, verify } from './primitives.js';
import type { RosterState, SigningKeysOf } from './roster.js';
import { assertWrappedKey, decodeField } from './wire.js';

/**
 * One epoch secret, wrapped with HPKE (X-Wing) for each member of the roster at a given head, and
 * signed by its distributor (an admin at that head, or the member whose rotation opened the epoch).
 */
export interface KeyDistribution {
  threadId: string;
  epoch: number;
  rosterSeq: number;
  rosterHead: string;
  distributor: string;
  wrapped: WrappedSecret[];
  signature: string;
}

export interface WrappedSecret {
  userId: string;
  enc: string;
  ciphertext: string;
}

const wrapInfo = (threadId: string, epoch: number, userId: string, rosterHead: string) =>
  canonical(LABEL.wrap, threadId, epoch, userId, fromB64(rosterHead));

const signedBytes = (d: Omit<KeyDistribution, 'signature'>) =>
  canonical(
    LABEL.distribution,
    d.threadId,
    d.epoch,
    d.rosterSeq,
    fromB64(d.rosterHead),
    d.distributor,
    ...[...d.wrapped]
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
      .flatMap((w) => [w.userId, fromB64(w.enc), fromB64(w.ciphertext)]),
  );

export const newEpochSecret = (): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));

/** Wraps `epochSecret` for every member of the roster's current head. */
export async function createDistribution(
  roster: RosterState,
  distributor: { userId: string; signSecretKey: Uint8Array },
  epochSecret: Uint8Array,
  kemPublicKeyOf: (userId: string) => Uint8Array,
): Promise<KeyDistribution> {
  const wrapped: WrappedSecret[] = [];
  for (const userId of [...roster.members.keys()].sort()) {
    const { enc, ciphertext } = await hpkeSeal(
      kemPublicKeyOf(userId),
      wrapInfo(roster.threadId, roster.epoch, userId, roster.head),
      epochSecret,
    );
    wrapped.push({ userId, enc: toB64(enc), ciphertext: toB64(ciphertext) });
  }
  const unsigned = {
    threadId: roster.threadId,
    epoch: roster.epoch,
    rosterSeq: roster.nextSeq - 1,
    rosterHead: roster.head,
    distributor: distributor.userId,
    wrapped,
  };
  return { ...unsigned, signature: toB64(sign(signedBytes(unsigned), distributor.signSecretKey)) };
}

/**
 * Checks a distribution against the roster: it names a head of this roster and that head's epoch,
 * its distributor may distribute there, it covers exactly the members at that head, and it is
 * signed. Needs no secret, so the server runs it too.
 */
export function verifyDistribution(roster: RosterState, d: KeyDistribution, keysOf: SigningKeysOf): void {
  if (
    typeof d !== 'object' ||
    d === null ||
    !Number.isSafeInteger(d.epoch) ||
    !Number.isSafeInteger(d.rosterSeq) ||
    !Array.isArray(d.wrapped) ||
    typeof d.distributor !== 'string' ||
    typeof d.signature !== 'string'
  )
    fail('malformed', 'the key distribution is malformed');
  if (d.threadId !== roster.threadId) fail('wrong_thread', 'the key distribution belongs to another thread');
  const at = roster.history[d.rosterSeq];
  if (!at || at.hash !== d.rosterHead)
    fail('distribution_wrong_head', 'the key distribution does not name a head of this roster');
  if (at.epoch !== d.epoch) fail('distribution_wrong_head', `the roster is at epoch ${at.epoch} there, not ${d.epoch}`);
  if (at.members.get(d.distributor) !== 'admin' && at.rotatedBy !== d.distributor)
    fail('distribution_not_admin', `${d.distributor} may not distribute keys at that point`);
  const recipients = d.wrapped.map((w) => w.userId);
  const members = [...at.members.keys()];
  if (
    new Set(recipients).size !== recipients.length ||
    recipients.length !== members.length ||
    !members.every((m) => recipients.includes(m))
  )
    fail('distribution_members_mismatch', 'the key distribution does not cover exactly the members of the thread');
  for (const w of d.wrapped) {
    assertWrappedKey(w.enc, w.ciphertext);
  }
  const signature = decodeField(d.signature, 'the signature');
  const bytes = signedBytes(d);
  if (!keysOf(d.distributor).some((k) => verify(signature, bytes, k)))
    fail('distribution_bad_signature', `the key distribution is not signed by ${d.distributor}`);
}

/** Verifies, then unwraps this user's epoch secret. */
export async function openDistribution(
  roster: RosterState,
  d: KeyDistribution,
  keysOf: SigningKeysOf,
  me: { userId: string; kemSecretKey: Uint8Array },
): Promise<Uint8Array> {
  verifyDistribution(roster, d, keysOf);
  const mine = d.wrapped.find((w) => w.userId === me.userId);
  if (!mine) return fail('distribution_not_for_me', 'the key distribution has no key for this user');
  const secret = await hpkeOpen(
    me.kemSecretKey,
    wrapInfo(d.threadId, d.epoch, me.userId, d.rosterHead),
    fromB64(mine.enc),
    fromB64(mine.ciphertext),
  );
  if (!secret || secret.length !== KEY_BYTES) fail('distribution_unwrap_failed', 'the wrapped key does not open');
  return secret!;
}
