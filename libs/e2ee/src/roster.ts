import { fromB64, toB64 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { sha256Digest, sign, verify } from './primitives.js';

/**
 * A thread's roster: a hash-chained list of signed membership events. Every change of epoch is a
 * roster event (`remove` or `rotate`), so the roster alone says which epoch is in force and who
 * may read it; clients replay it from `create` and never take membership from the server's word.
 */
export type RosterKind = 'create' | 'add' | 'remove' | 'role' | 'rotate';
export type ThreadRole = 'admin' | 'member';

export interface RosterEvent {
  threadId: string;
  seq: number;
  kind: RosterKind;
  /** The user the event is about (the actor for `create` and `rotate`). */
  subject: string;
  /** The subject's role after `create`, `add` and `role`; null otherwise. */
  role: ThreadRole | null;
  /** The epoch in force after the event. */
  epoch: number;
  prevHash: string;
  actor: string;
  signature: string;
}

export type UnsignedRosterEvent = Omit<RosterEvent, 'signature'>;

/** The user's signing keys, current first, then earlier ones (identities reset keep their history). */
export type SigningKeysOf = (userId: string) => Uint8Array[];

/** The roster right after one event. */
export interface RosterPoint {
  hash: string;
  epoch: number;
  members: Map<string, ThreadRole>;
  /** The member whose `rotate` opened the epoch in force, if a rotation did (they may distribute it). */
  rotatedBy: string | null;
}

export interface RosterState {
  threadId: string;
  members: Map<string, ThreadRole>;
  epoch: number;
  /** seq of the next event. */
  nextSeq: number;
  /** Hash of the last event (base64url). */
  head: string;
  /** For each event seq: its hash, epoch and member list after it. */
  history: RosterPoint[];
  /** Everyone who was a member at some point of each epoch (removal always ends an epoch). */
  membersOfEpoch: Map<number, Set<string>>;
}

export const GENESIS = toB64(new Uint8Array(32));
export const MAX_THREAD_MEMBERS = 1000;

const KINDS: RosterKind[] = ['create', 'add', 'remove', 'role', 'rotate'];

const signedBytes = (e: UnsignedRosterEvent) =>
  canonical(LABEL.roster, e.threadId, e.seq, e.kind, e.subject, e.role ?? '', e.epoch, fromB64(e.prevHash), e.actor);

/** The hash that the next event links to: over the signed fields and the signature. */
export const rosterEventHash = (e: RosterEvent): string =>
  toB64(sha256Digest(canonical(LABEL.roster, signedBytes(e), fromB64(e.signature))));

export function signRosterEvent(event: UnsignedRosterEvent, signSecretKey: Uint8Array): RosterEvent {
  return { ...event, signature: toB64(sign(signedBytes(event), signSecretKey)) };
}

export function emptyRoster(threadId: string): RosterState {
  return {
    threadId,
    members: new Map(),
    epoch: 0,
    nextSeq: 0,
    head: GENESIS,
    history: [],
    membersOfEpoch: new Map(),
  };
}

function wellFormed(e: RosterEvent): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.threadId === 'string' &&
    Number.isSafeInteger(e.seq) &&
    e.seq >= 0 &&
    KINDS.includes(e.kind) &&
    typeof e.subject === 'string' &&
    e.subject.length > 0 &&
    (e.role === null || e.role === 'admin' || e.role === 'member') &&
    Number.isSafeInteger(e.epoch) &&
    e.epoch >= 1 &&
    typeof e.actor === 'string' &&
    typeof e.prevHash === 'string' &&
    typeof e.signature === 'string' &&
    (() => {
      try {
        return fromB64(e.prevHash).length === 32 && fromB64(e.signature).length === 64;
      } catch {
        return false;
      }
    })()
  );
}

/**
 * Applies one event to a state, checking chain, signature and the actor's rights; returns the new
 * state or throws an E2eeError naming what is wrong. The server runs the same check before storing.
 */
export function applyRosterEvent(state: RosterState, e: RosterEvent, keysOf: SigningKeysOf): RosterState {
  if (!wellFormed(e)) fail('malformed', 'the membership event is malformed');
  if (e.threadId !== state.threadId) fail('wrong_thread', 'the membership event belongs to another thread');
  if (e.seq !== state.nextSeq) fail('roster_bad_seq', `expected membership event ${state.nextSeq}, got ${e.seq}`);
  if (e.prevHash !== state.head) fail('roster_broken_chain', 'the membership event does not follow the last one');
  const keys = keysOf(e.actor);
  if (keys.length === 0) fail('roster_unknown_key', `no keys are known for ${e.actor}`);
  const bytes = signedBytes(e);
  if (!keys.some((k) => verify(fromB64(e.signature), bytes, k)))
    fail('roster_bad_signature', `the membership event is not signed by ${e.actor}`);

  const members = new Map(state.members);
  const isAdmin = members.get(e.actor) === 'admin';
  const invalid = (why: string) => fail('roster_invalid_event', why);
  const notAdmin = () => fail('roster_not_admin', `${e.actor} is not an admin of the thread`);
  let epoch = state.epoch;
  switch (e.kind) {
    case 'create':
      if (e.seq !== 0) invalid('only the first event creates the thread');
      if (e.subject !== e.actor || e.role !== 'admin' || e.epoch !== 1)
        invalid('the creator is the first admin, at epoch 1');
      members.set(e.actor, 'admin');
      epoch = 1;
      break;
    case 'add':
      if (e.seq === 0) invalid('a thread begins with its creation');
      if (!isAdmin) notAdmin();
      if (members.has(e.subject)) invalid(`${e.subject} is already a member`);
      if (!e.role) invalid('an added member needs a role');
      if (e.epoch !== state.epoch) invalid('adding a member keeps the epoch');
      if (members.size >= MAX_THREAD_MEMBERS) invalid('the thread is full');
      members.set(e.subject, e.role!);
      break;
    case 'remove': {
      if (e.seq === 0) invalid('a thread begins with its creation');
      if (!isAdmin && e.actor !== e.subject) notAdmin();
      if (!members.has(e.subject)) invalid(`${e.subject} is not a member`);
      if (e.role !== null) invalid('a removal carries no role');
      if (e.epoch !== state.epoch + 1) invalid('a removal starts the next epoch');
      members.delete(e.subject);
      const admins = [...members.values()].filter((r) => r === 'admin').length;
      if (members.size > 0 && admins === 0) invalid('the last admin cannot leave while others remain');
      epoch = e.epoch;
      break;
    }
    case 'role':
      if (e.seq === 0) invalid('a thread begins with its creation');
      if (!isAdmin) notAdmin();
      if (!members.has(e.subject)) invalid(`${e.subject} is not a member`);
      if (!e.role || members.get(e.subject) === e.role) invalid('a role change needs a different role');
      if (e.epoch !== state.epoch) invalid('a role change keeps the epoch');
      members.set(e.subject, e.role!);
      if (![...members.values()].includes('admin')) invalid('a thread keeps at least one admin');
      break;
    case 'rotate':
      if (e.seq === 0) invalid('a thread begins with its creation');
      if (!members.has(e.actor)) fail('sender_not_member', `${e.actor} is not a member`);
      if (e.subject !== e.actor || e.role !== null) invalid('a rotation is about its actor and carries no role');
      if (e.epoch !== state.epoch + 1) invalid('a rotation starts the next epoch');
      epoch = e.epoch;
      break;
  }
  const head = rosterEventHash(e);
  const previous = state.history[state.history.length - 1];
  const rotatedBy = e.kind === 'rotate' ? e.actor : epoch === state.epoch ? (previous?.rotatedBy ?? null) : null;
  const membersOfEpoch = new Map(state.membersOfEpoch);
  const during = new Set(epoch === state.epoch ? (membersOfEpoch.get(epoch) ?? []) : []);
  for (const id of members.keys()) during.add(id);
  membersOfEpoch.set(epoch, during);
  return {
    threadId: state.threadId,
    members,
    epoch,
    nextSeq: e.seq + 1,
    head,
    history: [...state.history, { hash: head, epoch, members, rotatedBy }],
    membersOfEpoch,
  };
}

/** Replays a whole roster from `create`. */
export function replayRoster(threadId: string, events: RosterEvent[], keysOf: SigningKeysOf): RosterState {
  let state = emptyRoster(threadId);
  for (const e of events) state = applyRosterEvent(state, e, keysOf);
  return state;
}

/** The next event's unsigned fields, from the state it follows. */
export function nextRosterEvent(
  state: RosterState,
  actor: string,
  change:
    | { kind: 'create' }
    | { kind: 'add'; subject: string; role: ThreadRole }
    | { kind: 'remove'; subject: string }
    | { kind: 'role'; subject: string; role: ThreadRole }
    | { kind: 'rotate' },
): UnsignedRosterEvent {
  const base = { threadId: state.threadId, seq: state.nextSeq, prevHash: state.head, actor };
  switch (change.kind) {
    case 'create':
      return { ...base, kind: 'create', subject: actor, role: 'admin', epoch: 1 };
    case 'add':
    case 'role':
      return { ...base, kind: change.kind, subject: change.subject, role: change.role, epoch: state.epoch };
    case 'remove':
      return { ...base, kind: 'remove', subject: change.subject, role: null, epoch: state.epoch + 1 };
    case 'rotate':
      return { ...base, kind: 'rotate', subject: actor, role: null, epoch: state.epoch + 1 };
  }
}
