import { equalBytes, fromB64, toB64 } from '../bytes.js';
import { canonical, LABEL } from '../canonical.js';
import { E2eeError, fail } from '../errors.js';
import type { DeviceRecord, DeviceRevocation, IdentityRecord } from '../mls/identity.js';
import { sign, verify } from '../primitives.js';
import { EMPTY_TREE_HASH, MERKLE_HASH_BYTES, merkleLeafHash, verifyConsistency, verifyInclusion } from './merkle.js';

/**
 * The key transparency log: every identity and device key event, appended in order to a Merkle
 * tree (RFC 9162) whose heads the server signs. Clients keep the last head they verified, accept
 * a new head only with a proof that it extends that one, check that every key they use is in the
 * tree, and carry their head in their commits so members notice a server that shows them
 * different histories (two signed heads that no proof joins are evidence against the server).
 */

export type LogEntry =
  | { kind: 'identity'; record: IdentityRecord }
  | { kind: 'device'; record: DeviceRecord }
  | { kind: 'revocation'; record: DeviceRevocation };

const none = new Uint8Array(0);

/** The bytes a log leaf commits to (its leaf hash is RFC 9162's hash of them). */
export function logEntryBytes(entry: LogEntry): Uint8Array {
  switch (entry.kind) {
    case 'identity': {
      const r = entry.record;
      return canonical(
        LABEL.logEntry,
        'identity',
        r.userId,
        r.identityKey,
        r.previousKey ?? none,
        r.succession ?? none,
      );
    }
    case 'device': {
      const r = entry.record;
      return canonical(LABEL.logEntry, 'device', r.userId, r.deviceId, r.signatureKey, r.identityKey, r.certificate);
    }
    case 'revocation': {
      const r = entry.record;
      return canonical(LABEL.logEntry, 'revocation', r.userId, r.deviceId, r.identityKey, r.signature);
    }
  }
}

export const logLeafHash = (entry: LogEntry): Uint8Array => merkleLeafHash(logEntryBytes(entry));

/** A log entry as the server lists it: its kind, person, device and record fields (base64url). */
export interface LogEntryJson {
  kind: LogEntry['kind'];
  userId: string;
  deviceId: string | null;
  record: Record<string, string | null>;
}

/** The entry back from its JSON form (the same bytes, the same leaf hash), or `malformed`. */
export function logEntryFromJson(j: LogEntryJson): LogEntry {
  const r = j.record ?? {};
  const key = (name: string) => {
    const v = r[name];
    if (typeof v !== 'string') fail('malformed', `log entry: ${name}`);
    return fromB64(v);
  };
  try {
    switch (j.kind) {
      case 'identity':
        return {
          kind: 'identity',
          record: {
            userId: j.userId,
            identityKey: key('identityKey'),
            previousKey: r.previousKey ? key('previousKey') : null,
            succession: r.succession ? key('succession') : null,
          },
        };
      case 'device':
        return {
          kind: 'device',
          record: {
            userId: j.userId,
            deviceId: j.deviceId ?? fail('malformed', 'log entry: deviceId'),
            signatureKey: key('signatureKey'),
            identityKey: key('identityKey'),
            certificate: key('certificate'),
          },
        };
      case 'revocation':
        return {
          kind: 'revocation',
          record: {
            userId: j.userId,
            deviceId: j.deviceId ?? fail('malformed', 'log entry: deviceId'),
            identityKey: key('identityKey'),
            signature: key('signature'),
          },
        };
      default:
        return fail('malformed', 'log entry kind');
    }
  } catch (err) {
    if (err instanceof E2eeError) throw err;
    return fail('malformed', 'log entry');
  }
}

/** A tree head as the server signs it; `issuedAt` in milliseconds since the epoch. */
export interface SignedHead {
  size: number;
  root: Uint8Array;
  issuedAt: number;
  signature: Uint8Array;
}

/** The wire and storage form of a signed head (base64url). */
export interface SignedHeadJson {
  size: number;
  root: string;
  issuedAt: number;
  signature: string;
}

export const headToJson = (h: SignedHead): SignedHeadJson => ({
  size: h.size,
  root: toB64(h.root),
  issuedAt: h.issuedAt,
  signature: toB64(h.signature),
});

export function headFromJson(j: SignedHeadJson): SignedHead {
  try {
    return { size: j.size, root: fromB64(j.root), issuedAt: j.issuedAt, signature: fromB64(j.signature) };
  } catch {
    return fail('malformed', 'tree head');
  }
}

const headStatement = (size: number, root: Uint8Array, issuedAt: number) =>
  canonical(LABEL.logHead, size, root, issuedAt);

/** The server's side: signs a head with the log's key. */
export function signHead(size: number, root: Uint8Array, issuedAt: number, logSecretKey: Uint8Array): SignedHead {
  return { size, root, issuedAt, signature: sign(headStatement(size, root, issuedAt), logSecretKey) };
}

export const isSignedHead = (h: SignedHead, logKey: Uint8Array): boolean =>
  Number.isSafeInteger(h.size) &&
  h.size >= 0 &&
  Number.isSafeInteger(h.issuedAt) &&
  verify(h.signature, headStatement(h.size, h.root, h.issuedAt), logKey);

/** Two heads signed by the log's key that no consistency proof joins: what a person is shown. */
export class LogForkError extends E2eeError {
  constructor(
    readonly known: SignedHead,
    readonly presented: SignedHead,
  ) {
    super('log_fork', `the server signed two histories: ${known.size} and ${presented.size} entries that do not agree`);
  }
}

/** What a client keeps of the log between sessions. */
export interface MonitorState {
  logKey: string;
  head: SignedHeadJson | null;
}

/**
 * A client's view of the log: the log's key (pinned on first use, or from the key backup) and
 * the newest head it has verified. It never moves back and never accepts a head it cannot join
 * to the one it holds.
 */
export class TransparencyMonitor {
  private head: SignedHead | null;
  private readonly logKey: Uint8Array;

  constructor(state: MonitorState) {
    this.logKey = fromB64(state.logKey);
    this.head = state.head ? headFromJson(state.head) : null;
  }

  get state(): MonitorState {
    return { logKey: toB64(this.logKey), head: this.head ? headToJson(this.head) : null };
  }

  get knownHead(): SignedHead | null {
    return this.head;
  }

  /** Refuses a log key other than the pinned one (the server replaced its log). */
  assertLogKey(presented: Uint8Array): void {
    if (!equalBytes(presented, this.logKey)) fail('log_key_changed');
  }

  /**
   * Takes a head the server (or a member's commit) presents, with the consistency proof between
   * it and the known head (from the smaller to the larger). Answers whether the known head moved.
   */
  observe(presented: SignedHead, proof: readonly Uint8Array[]): 'advanced' | 'same' | 'older' {
    if (!isSignedHead(presented, this.logKey)) fail('log_bad_head_signature');
    if (
      presented.root.length !== MERKLE_HASH_BYTES ||
      (presented.size === 0 && !equalBytes(presented.root, EMPTY_TREE_HASH))
    )
      fail('malformed', 'tree head');
    const known = this.head;
    // A larger tree signed earlier than the one held: the log's clock does not go back.
    if (known && presented.size > known.size && presented.issuedAt < known.issuedAt) fail('log_stale_head');
    if (!known || known.size === 0) {
      this.head = presented;
      return known && presented.size === 0 ? 'same' : 'advanced';
    }
    if (presented.size === known.size) {
      if (!equalBytes(presented.root, known.root)) throw new LogForkError(known, presented);
      return 'same';
    }
    if (presented.size === 0) return 'older';
    const [small, large] = presented.size < known.size ? [presented, known] : [known, presented];
    if (!verifyConsistency(small.size, large.size, small.root, large.root, proof))
      throw new LogForkError(known, presented);
    if (large === presented) {
      this.head = presented;
      return 'advanced';
    }
    return 'older';
  }

  /** Whether `entry` is leaf `index` of the tree of the known head. */
  includes(entry: LogEntry, index: number, proof: readonly Uint8Array[]): boolean {
    if (!this.head) return false;
    return verifyInclusion(index, this.head.size, logLeafHash(entry), proof, this.head.root);
  }
}
