import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What an event says, as written. The address and the details may name people, so the chain does
 * not hash them directly: it hashes a salted digest of each (see `chainHash`), which lets an
 * erasure replace them later without breaking the chain.
 */
export interface AuditEventContent {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The fields of an event that its hash covers. */
export interface ChainedEvent {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ipDigest: string;
  detailsDigest: string;
}

/** An event as stored: what it says, its salt (gone once erased) and its link. */
export interface StoredEvent extends AuditEventContent, ChainedEvent {
  salt: Buffer | null;
  /** The erasure event that replaced this event's personal data. */
  redactedBy: number | null;
  prevHash: string;
  hash: string;
}

/** 16 random bytes per event: without them a digest could be tested against guessed addresses. */
export const newSalt = (): Buffer => randomBytes(16);

/** SHA-256(salt || canonical(value)), hex. */
export function personalDigest(salt: Buffer, value: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
}

/** hash = SHA-256(prevHash || canonical(event with its personal fields as digests)), hex. */
export function chainHash(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ipDigest,
    details: event.detailsDigest,
  });
  return createHash('sha256').update(prevHash, 'utf8').update(canonical, 'utf8').digest('hex');
}

/** Seals a new event: salt, digests, link and hash. */
export function sealEvent(prevHash: string, content: AuditEventContent, salt = newSalt()): StoredEvent {
  const chained: ChainedEvent = {
    seq: content.seq,
    at: content.at,
    actorId: content.actorId,
    action: content.action,
    targetType: content.targetType,
    targetId: content.targetId,
    ipDigest: personalDigest(salt, content.ip),
    detailsDigest: personalDigest(salt, content.details),
  };
  return { ...content, ...chained, salt, redactedBy: null, prevHash, hash: chainHash(prevHash, chained) };
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  head: string;
  /** The first sequence number whose row does not match the chain. */
  brokenAt?: number;
  /** Events whose personal data an erasure replaced (the chain still covers their digests). */
  redacted?: number;
}

/** Where a verification resumes: after `events` intact events ending in `head`. */
export interface ChainPosition {
  events: number;
  head: string;
}

/**
 * Checks links and hashes of events given in sequence order, from the start or a position. An
 * event's address and details must match its digests unless an erasure replaced them (no salt,
 * `redactedBy` set to a later event; the caller checks that this event is an erasure).
 */
export function verifyChain(events: Iterable<StoredEvent>, from: ChainPosition = { events: 0, head: GENESIS_HASH }) {
  let prev = from.head;
  let expectedSeq = from.events + 1;
  let count = from.events;
  let redacted = 0;
  for (const event of events) {
    const contentMatches =
      event.salt === null
        ? event.redactedBy !== null && event.redactedBy > event.seq
        : event.redactedBy === null &&
          personalDigest(event.salt, event.ip) === event.ipDigest &&
          personalDigest(event.salt, event.details) === event.detailsDigest;
    if (
      event.seq !== expectedSeq ||
      event.prevHash !== prev ||
      !contentMatches ||
      chainHash(prev, event) !== event.hash
    ) {
      return { ok: false, events: count, head: prev, brokenAt: event.seq, redacted } satisfies VerifyResult;
    }
    if (event.salt === null) redacted += 1;
    prev = event.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, events: count, head: prev, redacted } satisfies VerifyResult;
}
