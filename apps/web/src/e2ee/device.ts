import { useSyncExternalStore } from 'react';
import {
  type ArchiveChunk,
  type ArchivedMessage,
  type AttachmentDescriptor,
  DeviceClient,
  E2eeError,
  type E2eeFailure,
  fromB64,
  httpTransport,
  isTextBody,
  type JsonRequest,
  type PersonTrust,
  type ThreadEvent,
  toB64,
  type Writing,
} from '@liaison/e2ee';
import { ApiError, apiRequest } from '../api/client';
import { realtime, type ClientPayload, type RealtimeSocket } from '../app/realtime';
import { deviceStorage, localStore } from './local-store';

/**
 * This browser as one device of the signed-in person on protocol v2 (MLS): where it stands
 * (`setup`, `restore`, `ready`), the operations on threads, and what it decrypted, kept here.
 * Every operation runs under one lock per person (Web Locks: several tabs share one device) on
 * a device client read from IndexedDB, so no two operations ever work on the same group state.
 */

const request: JsonRequest = async (method, path, body) => {
  try {
    const answer = await apiRequest<unknown>(path as `/${string}`, { method, ...(body === undefined ? {} : { body }) });
    return { status: 200, body: answer };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.statusCode, body: err.body };
    throw err;
  }
};

/**
 * Messages go over the live connection once this device proved its key there (`mls.prove`), and
 * over HTTPS otherwise or when the connection fails them (the client message id makes a retry
 * store nothing twice). Everything else is HTTPS.
 */
const sendPath = /^\/threads\/([^/]+)\/messages$/;
const overSocket: JsonRequest = async (method, path, body) => {
  const thread = method === 'POST' ? sendPath.exec(path) : null;
  const socket = live?.socket;
  const deviceId = (body as { deviceId?: unknown } | undefined)?.deviceId;
  if (thread && socket?.connected && proven && proven.socketId === socket.id && proven.deviceId === deviceId) {
    try {
      const answer = await socket.timeout(10_000).emitWithAck('mls.send', {
        threadId: decodeURIComponent(thread[1]!),
        ...(body as Omit<ClientPayload<'mls.send'>, 'threadId'>),
      });
      return answer.ok ? { status: 201, body: answer } : { status: answer.error.statusCode, body: answer.error };
    } catch {
      // No acknowledgement (a timeout, the connection dropped): the same message over HTTPS.
    }
  }
  return request(method, path, body);
};

export const transport = httpTransport(overSocket);

/** The connection this device proved its key on, if any. */
let proven: { socketId: string; deviceId: string } | undefined;

async function proveConnection(userId: string, socket: RealtimeSocket) {
  const socketId = socket.id;
  if (!socket.connected || !socketId) return;
  const { deviceId, signature } = await withDevice(userId, async (client) => ({
    deviceId: client.deviceId,
    signature: client.proveConnection(socketId),
  }));
  const answer = await socket
    .timeout(10_000)
    .emitWithAck('mls.prove', { deviceId, signature })
    .catch(() => ({ ok: false }));
  if (answer.ok && socket.id === socketId) proven = { socketId, deviceId };
}

export type DeviceStatus =
  | { status: 'loading' }
  | { status: 'setup' }
  | { status: 'restore'; reason: 'new_device' | 'changed_elsewhere' }
  | {
      status: 'ready';
      userId: string;
      deviceId: string;
      /** Devices or keys in the log for this person that none of their devices made. */
      foreign: number;
    }
  | { status: 'error'; message: string };

let status: DeviceStatus = { status: 'loading' };
let loadedFor: string | undefined;
const statusListeners = new Set<() => void>();

function setStatus(next: DeviceStatus) {
  status = next;
  statusListeners.forEach((l) => l());
}

export function useDevice(): DeviceStatus {
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}

/** One operation at a time per person across this browser's tabs. */
async function exclusive<T>(userId: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(`liaison-device:${userId}`, work) as Promise<T>;
  const previous = fallbackQueue;
  let release!: () => void;
  fallbackQueue = new Promise<void>((r) => (release = r));
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}
let fallbackQueue: Promise<void> = Promise.resolve();

/** Runs work on this browser's device client, alone. */
export function withDevice<T>(userId: string, work: (client: DeviceClient) => Promise<T>): Promise<T> {
  return exclusive(userId, async () => {
    const client = await DeviceClient.load(userId, transport, deviceStorage);
    if (!client) throw new E2eeError('not_a_member', 'this browser has no keys yet');
    return work(client);
  });
}

/** Decides where this browser stands (once per person, unless forced). */
export async function loadDevice(userId: string, force = false): Promise<void> {
  if (loadedFor === userId && !force && status.status !== 'error') return;
  loadedFor = userId;
  setStatus({ status: 'loading' });
  try {
    const saved = await exclusive(userId, () => DeviceClient.load(userId, transport, deviceStorage));
    if (!saved) {
      const backup = await transport.backup();
      return setStatus(backup?.blob.version === 2 ? { status: 'restore', reason: 'new_device' } : { status: 'setup' });
    }
    const answer = await withDevice(userId, async (client) => {
      await client.refreshPeople([]);
      if (client.keysOf(userId).pending) return { changed: true, foreign: 0, deviceId: client.deviceId };
      const foreign = (await client.foreignRecordsAboutMe()).length;
      await client.topUpKeyPackages();
      return { changed: false, foreign, deviceId: client.deviceId };
    });
    if (answer.changed) return setStatus({ status: 'restore', reason: 'changed_elsewhere' });
    setStatus({ status: 'ready', userId, deviceId: answer.deviceId, foreign: answer.foreign });
    startLive(userId, answer.deviceId);
    void joinWelcomes(userId);
  } catch (err) {
    setStatus({ status: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** Whether the session may publish a new identity key now (else the password is asked first). */
export async function freshlyAuthenticated(): Promise<boolean> {
  const { freshUntil } = await apiRequest<{ freshUntil: string | null }>('/auth/reauthenticate');
  return freshUntil !== null && Date.parse(freshUntil) - Date.now() > 30_000;
}

/** Creates this person's identity and first device with the words they wrote down and checked. */
export async function setUpDevice(userId: string, recovery: { key: Uint8Array; words: string[] }): Promise<void> {
  await exclusive(userId, () => DeviceClient.setUp(userId, transport, deviceStorage, recovery));
  await loadDevice(userId, true);
}

/** Makes this browser another device of the person, from the backup opened with the 24 words. */
export async function restoreDevice(userId: string, words: string): Promise<void> {
  await exclusive(userId, () => DeviceClient.restore(userId, words, transport, deviceStorage));
  // The history this person's browsers archived; a part that does not open is left out.
  await restoreHistory(userId).catch(() => undefined);
  await loadDevice(userId, true);
}

// What this device decrypted, thread by thread.

export type LogEntry =
  | {
      seq: number;
      kind: 'message';
      id: string;
      senderUserId: string;
      senderDeviceId: string;
      text: string;
      subject?: string;
      attachments?: AttachmentDescriptor[];
      at: string;
      order: 'in_order' | 'gap' | 'late';
      mine: boolean;
    }
  | { seq: number; kind: 'change'; by: string | null; added: string[]; removed: string[]; fork: string | null }
  | { seq: number; kind: 'leaving'; userIds: string[] }
  | { seq: number; kind: 'refused'; reason: E2eeFailure }
  | { seq: number; kind: 'removed' }
  | { seq: number; kind: 'not_added'; userIds: string[] };

export interface ThreadLog {
  threadId: string;
  subject: string | null;
  entries: LogEntry[];
  /** Reading stopped at this commit until its reason clears (a key change accepted, say). */
  blocked: { seq: number; reason: E2eeFailure; detail: string } | null;
  /** Set once a commit showed that the server gave members different key histories. */
  fork: string | null;
  /** This device is no longer in the thread (removed, or it left). */
  gone: 'removed' | 'left' | null;
  /** The last seq whose message is in the person's history archive (sealed by this browser or another). */
  archivedSeq?: number;
}

export interface ThreadMember {
  userId: string;
  /** This person's devices in the MLS group (none: someone a blocked change is about). */
  devices: string[];
  trust: PersonTrust | null;
  /** The identity key this device pinned, and a changed one not yet accepted (base64url). */
  currentKey: string | null;
  pendingKey: string | null;
}

export interface ThreadState {
  log: ThreadLog;
  members: ThreadMember[];
  epoch: number | null;
}

const logKey = (userId: string, threadId: string) => `threadlog:${userId}:${threadId}`;
const emptyLog = (threadId: string): ThreadLog => ({
  threadId,
  subject: null,
  entries: [],
  blocked: null,
  fork: null,
  gone: null,
});

export async function readLog(userId: string, threadId: string): Promise<ThreadLog> {
  return (await localStore.get<ThreadLog>(logKey(userId, threadId))) ?? emptyLog(threadId);
}

function entryOf(event: ThreadEvent, userId: string): LogEntry | null {
  switch (event.kind) {
    case 'message':
      return {
        seq: event.seq,
        kind: 'message',
        id: event.id,
        senderUserId: event.sender.userId,
        senderDeviceId: event.sender.deviceId,
        text: event.body.text,
        ...(event.body.subject ? { subject: event.body.subject } : {}),
        ...(event.body.attachments?.length ? { attachments: event.body.attachments } : {}),
        at: event.at,
        order: event.order,
        mine: event.sender.userId === userId,
      };
    case 'commit':
      return {
        seq: event.seq,
        kind: 'change',
        by: event.committer?.userId ?? null,
        added: [...new Set(event.added.map((m) => m.userId))],
        removed: [...new Set(event.removed.map((m) => m.userId))],
        fork: event.fork,
      };
    case 'own_commit':
      return {
        seq: event.seq,
        kind: 'change',
        by: userId,
        added: [...new Set(event.added.map((d) => d.userId))],
        removed: [...new Set(event.removed.map((d) => d.userId))],
        fork: null,
      };
    case 'leaving':
      return { seq: event.seq, kind: 'leaving', userIds: [...new Set(event.who.map((m) => m.userId))] };
    case 'refused':
      return { seq: event.seq, kind: 'refused', reason: event.reason };
    case 'removed':
      return { seq: event.seq, kind: 'removed' };
    default:
      return null;
  }
}

/** The seq of a note about this device's own act (someone not added): after what is there. */
const AT_THE_END = -1;

/** Adds what a sync read to the thread's log (by seq, once) and keeps it. */
async function record(userId: string, threadId: string, events: ThreadEvent[], extra: LogEntry[] = []) {
  const log = await readLog(userId, threadId);
  const known = new Set(log.entries.map((e) => `${e.kind}:${e.seq}`));
  let blocked: ThreadLog['blocked'] = null;
  for (const event of events) {
    if (event.kind === 'blocked') blocked = { seq: event.seq, reason: event.reason, detail: event.detail };
    if (event.kind === 'unavailable') continue;
    const entry = entryOf(event, userId);
    if (!entry || known.has(`${entry.kind}:${entry.seq}`)) continue;
    known.add(`${entry.kind}:${entry.seq}`);
    log.entries.push(entry);
    if (entry.kind === 'message' && entry.subject) log.subject = entry.subject;
    if (entry.kind === 'change' && entry.fork) log.fork = entry.fork;
    if (entry.kind === 'removed') log.gone = 'removed';
  }
  const last = Math.max(0, ...log.entries.map((e) => e.seq));
  for (const entry of extra) {
    log.entries.push(entry.seq === AT_THE_END ? { ...entry, seq: last } : entry);
    if (entry.kind === 'message' && entry.subject) log.subject = entry.subject;
  }
  log.entries.sort((a, b) => a.seq - b.seq);
  log.blocked = blocked;
  await localStore.put(logKey(userId, threadId), log);
  return log;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function snapshot(client: DeviceClient, threadId: string, log: ThreadLog): Promise<ThreadState> {
  const members = new Map<string, string[]>();
  for (const m of client.members(threadId)) members.set(m.userId, [...(members.get(m.userId) ?? []), m.deviceId]);
  // Whoever a blocked commit is about (an add of someone whose key changed) is shown too.
  const about = log.blocked ? UUID.exec(log.blocked.detail)?.[0] : undefined;
  if (about && !members.has(about)) members.set(about, []);
  return {
    log,
    epoch: client.epochOf(threadId),
    members: [...members].map(([userId, devices]) => {
      const keys = client.keysOf(userId);
      return {
        userId,
        devices,
        trust: client.trustOf(userId).trust,
        currentKey: keys.current ? toB64(keys.current) : null,
        pendingKey: keys.pending ? toB64(keys.pending) : null,
      };
    }),
  };
}

// The history archive: what this person's browsers read, sealed under the archive key in their
// backup, so a browser restored with the 24 words shows the threads' history too.

const ARCHIVE_BATCH = 100;

/** Seals and uploads the messages read since the last upload; a failure is retried next time. */
async function archive(client: DeviceClient, userId: string, log: ThreadLog): Promise<ThreadLog> {
  const fresh = log.entries.filter(
    (e): e is Extract<LogEntry, { kind: 'message' }> => e.kind === 'message' && e.seq > (log.archivedSeq ?? 0),
  );
  if (fresh.length === 0) return log;
  const chunks = [];
  for (let i = 0; i < fresh.length; i += ARCHIVE_BATCH)
    chunks.push(
      client.sealHistory(
        log.threadId,
        fresh.slice(i, i + ARCHIVE_BATCH).map((e) => ({
          seq: e.seq,
          senderUserId: e.senderUserId,
          senderDeviceId: e.senderDeviceId,
          sentAt: e.at,
          body: {
            id: e.id,
            text: e.text,
            ...(e.subject ? { subject: e.subject } : {}),
            ...(e.attachments ? { attachments: e.attachments } : {}),
          },
        })),
      ),
    );
  try {
    for (let i = 0; i < chunks.length; i += 50)
      await apiRequest('/archive/chunks', { method: 'PUT', body: { chunks: chunks.slice(i, i + 50) } });
  } catch {
    return log;
  }
  const archived = { ...log, archivedSeq: fresh[fresh.length - 1]!.seq };
  await localStore.put(logKey(userId, log.threadId), archived);
  return archived;
}

/** A message of the archive, as its body was sealed (checked like a message body before it is shown). */
function archivedEntry(userId: string, m: ArchivedMessage): LogEntry | null {
  const body = m.body as { id?: unknown; text?: unknown; subject?: unknown; attachments?: unknown } | null;
  const candidate = {
    v: 2,
    kind: 'text',
    text: body?.text,
    ...(body?.subject !== undefined ? { subject: body.subject } : {}),
    ...(body?.attachments !== undefined ? { attachments: body.attachments } : {}),
  };
  if (!isTextBody(candidate) || typeof body?.id !== 'string' || typeof m.senderUserId !== 'string') return null;
  return {
    seq: m.seq,
    kind: 'message',
    id: body.id,
    senderUserId: m.senderUserId,
    senderDeviceId: String(m.senderDeviceId ?? ''),
    text: candidate.text,
    ...(candidate.subject ? { subject: candidate.subject } : {}),
    ...(candidate.attachments?.length ? { attachments: candidate.attachments } : {}),
    at: String(m.sentAt),
    order: 'in_order',
    mine: m.senderUserId === userId,
  };
}

/** Reads the person's archive into this browser's thread logs (after a restore). */
export async function restoreHistory(userId: string): Promise<{ messages: number; refused: number }> {
  return withDevice(userId, async (client) => {
    const byThread = new Map<string, LogEntry[]>();
    let refused = 0;
    let messages = 0;
    let cursor: string | null = null;
    do {
      const page: { items: ArchiveChunk[]; nextCursor: string | null } = await apiRequest('/archive/chunks', {
        query: { limit: 100, ...(cursor ? { cursor } : {}) },
      });
      for (const chunk of page.items) {
        let opened: ArchivedMessage[];
        try {
          opened = client.openHistory(chunk);
        } catch {
          refused++;
          continue;
        }
        for (const m of opened) {
          const entry = archivedEntry(userId, m);
          if (!entry) refused++;
          else byThread.set(chunk.threadId, [...(byThread.get(chunk.threadId) ?? []), entry]);
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    for (const [threadId, entries] of byThread) {
      const log = await readLog(userId, threadId);
      const known = new Set(log.entries.map((e) => `${e.kind}:${e.seq}`));
      for (const entry of entries)
        if (!known.has(`${entry.kind}:${entry.seq}`)) {
          known.add(`${entry.kind}:${entry.seq}`);
          log.entries.push(entry);
          messages++;
        }
      log.entries.sort((a, b) => a.seq - b.seq);
      const named = [...log.entries].reverse().find((e) => e.kind === 'message' && e.subject);
      if (named?.kind === 'message' && named.subject) log.subject = named.subject;
      const last = entries.reduce((n, e) => Math.max(n, e.seq), 0);
      await localStore.put(logKey(userId, threadId), { ...log, archivedSeq: Math.max(log.archivedSeq ?? 0, last) });
    }
    return { messages, refused };
  });
}

// Live thread states, for the screens.

const states = new Map<string, ThreadState>();
const threadListeners = new Map<string, Set<() => void>>();
const listListeners = new Set<() => void>();

function publish(threadId: string, state: ThreadState) {
  states.set(threadId, state);
  threadListeners.get(threadId)?.forEach((l) => l());
  listListeners.forEach((l) => l());
}

export function useThreadState(threadId: string): ThreadState | undefined {
  return useSyncExternalStore(
    (l) => {
      const set = threadListeners.get(threadId) ?? new Set();
      set.add(l);
      threadListeners.set(threadId, set);
      return () => set.delete(l);
    },
    () => states.get(threadId),
  );
}

/** Called whenever any thread's log changes (the list refreshes its previews). */
export function onAnyThread(listener: () => void): () => void {
  listListeners.add(listener);
  return () => listListeners.delete(listener);
}

/** Runs an operation on a thread and then reads what it has, publishing the new state. */
async function onThread<T>(
  userId: string,
  threadId: string,
  work: (client: DeviceClient) => Promise<T>,
  after?: (result: T) => LogEntry[],
): Promise<T> {
  const { result, state } = await withDevice(userId, async (client) => {
    let result: T;
    try {
      result = await work(client);
    } catch (err) {
      // What the operation read before it failed is past in the group state: keep it now.
      const read = client.takeEvents(threadId);
      if (read.length > 0) publish(threadId, await snapshot(client, threadId, await record(userId, threadId, read)));
      throw err;
    }
    let log = await readLog(userId, threadId);
    if (log.gone !== 'left') {
      let events: ThreadEvent[] = [];
      try {
        events = await client.sync(threadId);
      } catch (err) {
        if (!(err instanceof E2eeError && err.reason === 'not_a_member')) throw err;
      }
      log = await record(userId, threadId, events, after?.(result) ?? []);
      log = await archive(client, userId, log);
    }
    return { result, state: await snapshot(client, threadId, log) };
  });
  publish(threadId, state);
  return result;
}

const syncing = new Map<string, Promise<void>>();
const again = new Set<string>();

/** Reads what the thread has after this device's position (coalescing bursts of events). */
export function syncThread(userId: string, threadId: string): Promise<void> {
  const running = syncing.get(threadId);
  if (running) {
    again.add(threadId);
    return running;
  }
  const run = (async () => {
    try {
      do {
        again.delete(threadId);
        await onThread(userId, threadId, async () => undefined);
      } while (again.has(threadId));
    } finally {
      syncing.delete(threadId);
    }
  })();
  syncing.set(threadId, run);
  return run;
}

/** Joins the threads whose Welcomes wait for this device, and reads each. */
export async function joinWelcomes(userId: string): Promise<string[]> {
  const joined = await withDevice(userId, async (client) => {
    const threads = await client.joinWelcomes();
    for (const threadId of threads) {
      const log = await readLog(userId, threadId);
      if (log.gone) await localStore.put(logKey(userId, threadId), { ...log, gone: null });
    }
    return threads;
  });
  for (const threadId of joined) {
    // A thread shown before this device was in it follows live from now on.
    if (watched.has(threadId)) void subscribe(threadId);
    await syncThread(userId, threadId);
  }
  if (joined.length) listListeners.forEach((l) => l());
  return joined;
}

export interface StartedThread {
  threadId: string;
  /** People who could not be added: they have not set up encryption yet. */
  notAdded: string[];
}

/** Starts a thread with these people, its subject sent as its first (encrypted) message. */
export async function startThread(
  userId: string,
  options: { userIds: string[]; subject: string; linkedTo?: { type: 'working_group'; id: string } },
): Promise<StartedThread> {
  const threadId = crypto.randomUUID();
  const { withoutKeyPackages } = await withDevice(userId, (client) =>
    client.startThread(threadId, options.userIds, options.linkedTo),
  );
  await send(userId, threadId, { text: '', subject: options.subject });
  if (withoutKeyPackages.length > 0)
    await onThread(
      userId,
      threadId,
      async () => undefined,
      () => [{ seq: AT_THE_END, kind: 'not_added', userIds: withoutKeyPackages }],
    );
  return { threadId, notAdded: withoutKeyPackages };
}

const ownMessage = (userId: string, sent: { seq: number; id: string }, writing: Writing): LogEntry => ({
  seq: sent.seq,
  kind: 'message',
  id: sent.id,
  senderUserId: userId,
  senderDeviceId: '',
  text: writing.text,
  ...(writing.subject ? { subject: writing.subject } : {}),
  ...(writing.attachments?.length ? { attachments: writing.attachments } : {}),
  at: new Date().toISOString(),
  order: 'in_order',
  mine: true,
});

/** Sends a message; this device keeps its own text (MLS does not let a sender read its own back). */
export function send(userId: string, threadId: string, writing: Writing): Promise<{ seq: number; id: string }> {
  return onThread(
    userId,
    threadId,
    (client) => client.send(threadId, writing),
    (sent) => [ownMessage(userId, sent, writing)],
  );
}

/** Adds people; the subject is sent again after the add, so the newcomers see what the thread is about. */
export function addPeople(userId: string, threadId: string, userIds: string[]): Promise<string[]> {
  return onThread(
    userId,
    threadId,
    async (client) => {
      const { withoutKeyPackages } = await client.addPeople(threadId, userIds);
      const { subject } = await readLog(userId, threadId);
      if (subject && withoutKeyPackages.length < userIds.length) {
        const sent = await client.send(threadId, { text: '', subject });
        await record(userId, threadId, [], [ownMessage(userId, sent, { text: '', subject })]);
      }
      return withoutKeyPackages;
    },
    (without) => (without.length ? [{ seq: AT_THE_END, kind: 'not_added' as const, userIds: without }] : []),
  );
}

/**
 * Reads the members' records in the key log (a key change shows at once), then adds this
 * person's own devices the group lacks (their new browser: in their backup's list and certified
 * by their identity key), except those the server says left. Nobody else's devices are added.
 */
export function refreshMembers(userId: string, threadId: string, left: Set<string>): Promise<number> {
  return onThread(userId, threadId, async (client) => {
    const missing = (await client.missingOwnDevices(threadId)).filter((d) => !left.has(`${d.userId}/${d.deviceId}`));
    await client.refreshPeople(client.members(threadId).map((m) => m.userId));
    if (missing.length === 0) return 0;
    await client.addPeople(threadId, [...new Set(missing.map((d) => d.userId))], missing);
    const { subject } = await readLog(userId, threadId);
    if (subject) {
      const sent = await client.send(threadId, { text: '', subject });
      await record(userId, threadId, [], [ownMessage(userId, sent, { text: '', subject })]);
    }
    return missing.length;
  });
}

export function removePeople(userId: string, threadId: string, userIds: string[]): Promise<void> {
  return onThread(userId, threadId, (client) => client.removePeople(threadId, userIds));
}

/** Leaves the thread: a request another member's device commits; this device stops at once. */
export async function leaveThread(userId: string, threadId: string): Promise<void> {
  await withDevice(userId, async (client) => {
    // What arrived before leaving is kept; then this device stops reading the thread.
    const read = await client.sync(threadId).catch(() => client.takeEvents(threadId));
    const log = await record(userId, threadId, read);
    await client.leave(threadId);
    await localStore.put(logKey(userId, threadId), { ...log, gone: 'left' });
  });
  states.delete(threadId);
  listListeners.forEach((l) => l());
}

/** Accepts a person's changed identity key, exactly the one shown, then reads the thread on. */
export async function acceptKeyChange(userId: string, threadId: string, person: string, shownKey: string) {
  await onThread(userId, threadId, async (client) => {
    if (!(await client.acceptKeyChange(person, fromB64(shownKey)))) return;
    // Their devices under the replaced key leave the thread and those under the new key join it.
    await client.renewDevicesOf(threadId, person).catch((err: unknown) => {
      if (!(err instanceof E2eeError && err.reason === 'not_a_member')) throw err;
    });
  });
}

export async function markVerified(userId: string, threadId: string, person: string, key: string) {
  await withDevice(userId, (client) => client.markVerified(person, fromB64(key)));
  await syncThread(userId, threadId);
}

export async function ownIdentityKey(userId: string): Promise<string> {
  return withDevice(userId, async (client) => toB64(client.identityKey));
}

// Live events: a thread's room while it is shown, and Welcomes for this person.

let live: { userId: string; deviceId: string; socket: RealtimeSocket } | undefined;
const watched = new Map<string, number>();

async function subscribe(threadId: string) {
  if (!live?.socket.connected) return;
  const log = await readLog(live.userId, threadId);
  await live.socket
    .timeout(10_000)
    .emitWithAck('mls.subscribe', { threadId, deviceId: live.deviceId, afterSeq: log.entries.at(-1)?.seq ?? 0 })
    .catch(() => undefined);
}

function startLive(userId: string, deviceId: string) {
  if (live?.userId === userId && live.deviceId === deviceId) return;
  const socket = realtime();
  live = { userId, deviceId, socket };
  socket.on('mls.message', (event) => {
    if (typeof event?.threadId === 'string') void syncThread(userId, event.threadId).catch(() => undefined);
  });
  socket.on('mls.welcome', () => void joinWelcomes(userId).catch(() => undefined));
  if (socket.connected) void proveConnection(userId, socket).catch(() => undefined);
  socket.on('connect', () => {
    void proveConnection(userId, socket).catch(() => undefined);
    for (const threadId of watched.keys()) {
      void subscribe(threadId);
      void syncThread(userId, threadId).catch(() => undefined);
    }
  });
}

/** Follows a thread live while a screen shows it; answers the function that stops it. */
export function watchThread(threadId: string): () => void {
  watched.set(threadId, (watched.get(threadId) ?? 0) + 1);
  void subscribe(threadId);
  return () => {
    const n = (watched.get(threadId) ?? 1) - 1;
    if (n > 0) watched.set(threadId, n);
    else {
      watched.delete(threadId);
      void live?.socket
        .timeout(10_000)
        .emitWithAck('mls.unsubscribe', { threadId })
        .catch(() => undefined);
    }
  };
}
