import { createDistribution, type KeyDistribution, newEpochSecret, openDistribution } from './distribution.js';
import { E2eeError, type E2eeFailure } from './errors.js';
import { createHistoryShare, type HistoryShare, openHistoryShare } from './history.js';
import type { IdentityKeys } from './identity.js';
import { decryptMessage, type EncryptedMessage, encryptMessage, type MessageBody } from './message.js';
import {
  applyRosterEvent,
  emptyRoster,
  nextRosterEvent,
  type RosterEvent,
  type RosterState,
  type SigningKeysOf,
  signRosterEvent,
  type ThreadRole,
} from './roster.js';

/** What a client knows of a thread from the server: its signed roster and the distributions for it. */
export interface ThreadSnapshot {
  id: string;
  rosterEvents: RosterEvent[];
  keyDistributions: KeyDistribution[];
  /** Earlier epochs shared with this user when they were added (threads that share history). */
  historyShares?: HistoryShare[];
}

/** E2EE.md: a new epoch at least every 7 days or 1,000 messages. */
export const ROTATE_AFTER_MESSAGES = 1000;
export const ROTATE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether the epoch in force is due for rotation, from the messages a client has seen under it
 * (their epoch and signed `sentAt`): 1,000 of them, or the first one 7 days old.
 */
export function rotationDue(messages: { epoch: number; sentAt: string }[], epoch: number, now = new Date()): boolean {
  const inEpoch = messages.filter((m) => m.epoch === epoch);
  if (inEpoch.length >= ROTATE_AFTER_MESSAGES) return true;
  const first = Math.min(...inEpoch.map((m) => Date.parse(m.sentAt)).filter((t) => !Number.isNaN(t)));
  return Number.isFinite(first) && now.getTime() - first >= ROTATE_AFTER_MS;
}

export type RosterChange =
  | { kind: 'add'; subject: string; role: ThreadRole }
  | { kind: 'remove'; subject: string }
  | { kind: 'role'; subject: string; role: ThreadRole }
  | { kind: 'rotate' };

/**
 * One client's view of one thread: the roster replayed and verified from `create`, the epoch
 * secrets it could open, and the messages it has read. Everything the server sends passes the
 * protocol's checks here before it is believed.
 */
export class ThreadCrypto {
  readonly secrets = new Map<number, Uint8Array>();
  readonly seen = new Set<string>();
  /** Distributions that failed their checks, with why (shown, never silently dropped). */
  readonly refused: { epoch: number; reason: E2eeFailure }[] = [];
  private events: RosterEvent[] = [];

  private constructor(
    public roster: RosterState,
    private readonly me: IdentityKeys,
    private readonly identities: IdentityKeys[],
    private keysOf: SigningKeysOf,
  ) {}

  /**
   * Replays the roster and opens every distribution for this user. `identities` are the user's
   * earlier identities (after a reset), tried for distributions made before it; `knownSecrets`
   * come from the key backup.
   */
  static async load(
    snapshot: ThreadSnapshot,
    me: IdentityKeys,
    keysOf: SigningKeysOf,
    options: { earlierIdentities?: IdentityKeys[]; knownSecrets?: Map<number, Uint8Array> } = {},
  ): Promise<ThreadCrypto> {
    const client = new ThreadCrypto(emptyRoster(snapshot.id), me, [me, ...(options.earlierIdentities ?? [])], keysOf);
    for (const [epoch, secret] of options.knownSecrets ?? []) client.secrets.set(epoch, secret);
    await client.update(snapshot);
    return client;
  }

  /** Takes in new roster events and distributions (idempotent for those already seen). */
  async update(snapshot: ThreadSnapshot, keysOf?: SigningKeysOf): Promise<void> {
    if (keysOf) this.keysOf = keysOf;
    for (const event of snapshot.rosterEvents.slice(this.roster.nextSeq)) {
      this.roster = applyRosterEvent(this.roster, event, this.keysOf);
      this.events.push(event);
    }
    for (const d of snapshot.keyDistributions) {
      if (this.secrets.has(d.epoch)) continue;
      let lastError: unknown;
      for (const identity of this.identities) {
        try {
          this.secrets.set(d.epoch, await openDistribution(this.roster, d, this.keysOf, identity));
          lastError = undefined;
          break;
        } catch (err) {
          lastError = err;
        }
      }
      if (lastError instanceof E2eeError) this.refused.push({ epoch: d.epoch, reason: lastError.reason });
      else if (lastError) throw lastError;
    }
    for (const share of snapshot.historyShares ?? []) {
      if (share.epochs.every((e) => this.secrets.has(e.epoch))) continue;
      try {
        for (const [epoch, secret] of await openHistoryShare(this.roster, share, this.keysOf, this.me))
          if (!this.secrets.has(epoch)) this.secrets.set(epoch, secret);
      } catch (err) {
        if (err instanceof E2eeError) this.refused.push({ epoch: 0, reason: err.reason });
        else throw err;
      }
    }
  }

  get epoch(): number {
    return this.roster.epoch;
  }

  get canSend(): boolean {
    return this.roster.members.has(this.me.userId) && this.secrets.has(this.roster.epoch);
  }

  encrypt(body: MessageBody, clientMessageId: string, sentAt?: Date): EncryptedMessage {
    const secret = this.secrets.get(this.roster.epoch);
    if (!secret) throw new E2eeError('unknown_epoch', `no key is known for epoch ${this.roster.epoch}`);
    return encryptMessage(body, {
      threadId: this.roster.threadId,
      epoch: this.roster.epoch,
      epochSecret: secret,
      sender: this.me,
      clientMessageId,
      sentAt,
    });
  }

  decrypt(message: EncryptedMessage): MessageBody {
    return decryptMessage(message, {
      roster: this.roster,
      epochSecrets: this.secrets,
      keysOf: this.keysOf,
      seen: this.seen,
    });
  }

  /**
   * Signs a membership change and, for add, remove and rotate, the key distribution that must go
   * with it (a new epoch secret after remove and rotate; the current one re-wrapped after add).
   * Nothing changes locally until the server has stored it and the client has updated.
   */
  async change(
    change: RosterChange,
    kemPublicKeyOf: (userId: string) => Uint8Array,
    keysOf: SigningKeysOf = this.keysOf,
    options: { shareHistory?: boolean } = {},
  ): Promise<{
    event: RosterEvent;
    keyDistribution?: KeyDistribution;
    epochSecret?: Uint8Array;
    historyShare?: HistoryShare;
  }> {
    const event = signRosterEvent(nextRosterEvent(this.roster, this.me.userId, change), this.me.signSecretKey);
    if (change.kind === 'role') return { event };
    const after = applyRosterEvent(this.roster, event, keysOf);
    const epochSecret = change.kind === 'add' ? this.secrets.get(this.roster.epoch) : newEpochSecret();
    if (!epochSecret) throw new E2eeError('unknown_epoch', 'this client does not hold the current epoch key');
    const keyDistribution = await createDistribution(after, this.me, epochSecret, kemPublicKeyOf);
    const historyShare =
      change.kind === 'add' && options.shareHistory && [...this.secrets.keys()].some((e) => e < after.epoch)
        ? await createHistoryShare(
            after,
            this.me,
            { userId: change.subject, kemPublicKey: kemPublicKeyOf(change.subject) },
            this.secrets,
          )
        : undefined;
    return { event, keyDistribution, epochSecret, ...(historyShare ? { historyShare } : {}) };
  }

  /** The signed events and first distribution of a new thread (`POST /threads`). */
  static async create(
    threadId: string,
    me: IdentityKeys,
    members: { userId: string; role: ThreadRole }[],
    kemPublicKeyOf: (userId: string) => Uint8Array,
    keysOf: SigningKeysOf,
  ): Promise<{ rosterEvents: RosterEvent[]; keyDistribution: KeyDistribution; epochSecret: Uint8Array }> {
    let roster = emptyRoster(threadId);
    const rosterEvents: RosterEvent[] = [];
    const push = (change: Parameters<typeof nextRosterEvent>[2]) => {
      const event = signRosterEvent(nextRosterEvent(roster, me.userId, change), me.signSecretKey);
      roster = applyRosterEvent(roster, event, keysOf);
      rosterEvents.push(event);
    };
    push({ kind: 'create' });
    for (const m of members) if (m.userId !== me.userId) push({ kind: 'add', subject: m.userId, role: m.role });
    const epochSecret = newEpochSecret();
    const keyDistribution = await createDistribution(roster, me, epochSecret, kemPublicKeyOf);
    return { rosterEvents, keyDistribution, epochSecret };
  }
}
