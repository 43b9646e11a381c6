import { fromB64, toB64 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { hpkeOpen, hpkeSeal, KEY_BYTES, sign, verify } from './primitives.js';
import type { RosterState, SigningKeysOf } from './roster.js';
import { assertWrappedKey, decodeField } from './wire.js';

/**
 * With a thread's `shareHistory` setting on, the admin who adds someone also wraps the earlier
 * epochs' secrets for the newcomer alone (HPKE X-Wing), signed, bound to the add event.
 */
export interface HistoryShare {
  threadId: string;
  /** seq of the roster event that added the recipient. */
  rosterSeq: number;
  recipient: string;
  distributor: string;
  epochs: { epoch: number; enc: string; ciphertext: string }[];
  signature: string;
}

const info = (threadId: string, epoch: number, recipient: string, head: string) =>
  canonical(LABEL.history, threadId, epoch, recipient, fromB64(head));

const signedBytes = (s: Omit<HistoryShare, 'signature'>, head: string) =>
  canonical(
    LABEL.history,
    s.threadId,
    s.rosterSeq,
    fromB64(head),
    s.recipient,
    s.distributor,
    ...[...s.epochs].sort((a, b) => a.epoch - b.epoch).flatMap((e) => [e.epoch, fromB64(e.enc), fromB64(e.ciphertext)]),
  );

/** Wraps `secrets` (earlier epochs only) for the member the roster's last event added. */
export async function createHistoryShare(
  roster: RosterState,
  distributor: { userId: string; signSecretKey: Uint8Array },
  recipient: { userId: string; kemPublicKey: Uint8Array },
  secrets: ReadonlyMap<number, Uint8Array>,
): Promise<HistoryShare> {
  const rosterSeq = roster.nextSeq - 1;
  const epochs = [];
  for (const [epoch, secret] of [...secrets].sort(([a], [b]) => a - b)) {
    if (epoch >= roster.epoch) continue;
    const { enc, ciphertext } = await hpkeSeal(
      recipient.kemPublicKey,
      info(roster.threadId, epoch, recipient.userId, roster.head),
      secret,
    );
    epochs.push({ epoch, enc: toB64(enc), ciphertext: toB64(ciphertext) });
  }
  const unsigned = {
    threadId: roster.threadId,
    rosterSeq,
    recipient: recipient.userId,
    distributor: distributor.userId,
    epochs,
  };
  return { ...unsigned, signature: toB64(sign(signedBytes(unsigned, roster.head), distributor.signSecretKey)) };
}

/**
 * Checks a history share against the roster: its event added the recipient, its distributor was
 * an admin there, it carries only earlier epochs, and it is signed. Needs no secret (the server
 * runs it too).
 */
export function verifyHistoryShare(roster: RosterState, s: HistoryShare, keysOf: SigningKeysOf): void {
  if (
    typeof s !== 'object' ||
    s === null ||
    !Number.isSafeInteger(s.rosterSeq) ||
    !Array.isArray(s.epochs) ||
    typeof s.signature !== 'string'
  )
    fail('malformed', 'the history share is malformed');
  if (s.threadId !== roster.threadId) fail('wrong_thread', 'the history share belongs to another thread');
  const at = roster.history[s.rosterSeq];
  const before = roster.history[s.rosterSeq - 1];
  if (!at || !before || !at.members.has(s.recipient) || before.members.has(s.recipient))
    fail('distribution_wrong_head', 'the history share is not bound to the event that added its recipient');
  if (before.members.get(s.distributor) !== 'admin')
    fail('distribution_not_admin', `${s.distributor} may not share the history`);
  const seen = new Set<number>();
  for (const e of s.epochs) {
    if (!Number.isSafeInteger(e.epoch) || e.epoch < 1 || e.epoch >= at.epoch || seen.has(e.epoch))
      fail('malformed', 'a history share carries only earlier epochs, once each');
    seen.add(e.epoch);
    assertWrappedKey(e.enc, e.ciphertext);
  }
  const signature = decodeField(s.signature, 'the signature');
  const bytes = signedBytes(s, at.hash);
  if (!keysOf(s.distributor).some((k) => verify(signature, bytes, k)))
    fail('distribution_bad_signature', `the history share is not signed by ${s.distributor}`);
}

/** Verifies, then opens the earlier epochs' secrets for this user. */
export async function openHistoryShare(
  roster: RosterState,
  s: HistoryShare,
  keysOf: SigningKeysOf,
  me: { userId: string; kemSecretKey: Uint8Array },
): Promise<Map<number, Uint8Array>> {
  verifyHistoryShare(roster, s, keysOf);
  if (s.recipient !== me.userId) fail('distribution_not_for_me', 'the history share is for someone else');
  const head = roster.history[s.rosterSeq]!.hash;
  const out = new Map<number, Uint8Array>();
  for (const e of s.epochs) {
    const secret = await hpkeOpen(
      me.kemSecretKey,
      info(s.threadId, e.epoch, me.userId, head),
      fromB64(e.enc),
      fromB64(e.ciphertext),
    );
    if (!secret || secret.length !== KEY_BYTES)
      fail('distribution_unwrap_failed', 'a shared earlier key does not open');
    out.set(e.epoch, secret);
  }
  return out;
}
