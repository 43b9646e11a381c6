import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers. */
export interface ChainedEvent {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** hash = SHA-256(prevHash || canonical(event)), hex. */
export function chainHash(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    details: event.details,
  });
  return createHash('sha256').update(prevHash, 'utf8').update(canonical, 'utf8').digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  head: string;
  /** The first sequence number whose row does not match the chain. */
  brokenAt?: number;
}

/** Where a verification resumes: after `events` intact events ending in `head`. */
export interface ChainPosition {
  events: number;
  head: string;
}

/** Checks links and hashes of events given in sequence order, from the start or a position. */
export function verifyChain(
  events: Iterable<ChainedEvent & { prevHash: string; hash: string }>,
  from: ChainPosition = { events: 0, head: GENESIS_HASH },
): VerifyResult {
  let prev = from.head;
  let expectedSeq = from.events + 1;
  let count = from.events;
  for (const event of events) {
    if (event.seq !== expectedSeq || event.prevHash !== prev || chainHash(prev, event) !== event.hash) {
      return { ok: false, events: count, head: prev, brokenAt: event.seq };
    }
    prev = event.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, events: count, head: prev };
}
