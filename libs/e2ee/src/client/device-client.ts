import { equalBytes, fromB64, fromUtf8, randomBytes, toB64, utf8 } from '../bytes.js';
import { verifyConsistency } from '../transparency/merkle.js';
import { newRecoveryKey, parseRecoveryWords } from '../backup.js';
import { E2eeError, type E2eeFailure, fail } from '../errors.js';
import type { AttachmentDescriptor } from '../message.js';
import { generateSigningKeyPair, sha256Digest, signingPublicKey } from '../primitives.js';
import {
  type ArchiveChunk,
  type ArchivedMessage,
  type DeviceBackupKey,
  type DeviceBackupPayload,
  foreignRecords,
  newDeviceBackupKey,
  openDeviceBackup,
  openArchiveChunk,
  openDeviceBackupWithKey,
  sealArchiveChunk,
  sealDeviceBackup,
} from '../mls/backup.js';
import { type DeviceRef, signDelivery, signSocketProof } from '../mls/delivery.js';
import {
  certifyDevice,
  type DeviceRecord,
  type DeviceRevocation,
  generateIdentityKey,
  identityFromSecret,
  type IdentityKeyPair,
  type IdentityRecord,
  identityRecord,
} from '../mls/identity.js';
import {
  type Checkpoint,
  createKeyPackage,
  type DeviceKeys,
  keyPackageBytes,
  keyPackageExpiry,
  keyPackageFromBytes,
  type Member,
  type OwnKeyPackage,
  privatePackageFromJson,
  privatePackageToJson,
  type SavedGroup,
  ThreadGroup,
  welcomeIsFor,
} from '../mls/thread-group.js';
import { DeviceAuthority, type PinJson, TrustStore } from '../mls/trust.js';
import {
  headFromJson,
  type LogEntry,
  type LogEntryJson,
  logEntryFromJson,
  type MonitorState,
  TransparencyMonitor,
} from '../transparency/log.js';
import { TransportError } from './http-transport.js';
import { type DeliveredMessage, type DeviceStorage, type LiaisonTransport, StaleEpochError } from './transport.js';

/**
 * One browser (device) of one person on protocol v2: its keys and state, the checks of every key
 * it uses against the transparency log, and the threads it is in, driven through the server's
 * API. The web client renders what it answers; tests drive it against the real server.
 */

/** A message body inside MLS: what people write, a thread's subject (set by any message that names one), files. */
export interface TextBody {
  v: 2;
  kind: 'text';
  text: string;
  subject?: string;
  attachments?: AttachmentDescriptor[];
}

/** What a person writes into a thread (the device adds the version and kind). */
export type Writing = Omit<TextBody, 'v' | 'kind'>;

const SUBJECT_MAX = 200;
const ATTACHMENTS_MAX = 10;

export type ThreadEvent =
  | {
      seq: number;
      kind: 'message';
      /** The stored message's id (the server's: what an action item made from it links to). */
      id: string;
      sender: Member;
      body: TextBody;
      order: 'in_order' | 'gap' | 'late';
      at: string;
    }
  | {
      seq: number;
      kind: 'commit';
      committer: Member | null;
      added: Member[];
      removed: Member[];
      /** Set when the key history the committer saw does not extend this device's: the server forked it. */
      fork: string | null;
    }
  | { seq: number; kind: 'leaving'; who: Member[] }
  | { seq: number; kind: 'removed' }
  /** This device's own message or commit coming back (MLS does not let a sender decrypt its own). */
  | { seq: number; kind: 'own'; id: string; clientMessageId: string }
  /** A commit this device made (in this session) coming back: what it added and removed. */
  | { seq: number; kind: 'own_commit'; added: DeviceRef[]; removed: DeviceRef[] }
  | { seq: number; kind: 'refused'; reason: E2eeFailure; detail: string }
  /** Processing stopped here until the reason clears (a key change accepted, the log read again). */
  | { seq: number; kind: 'blocked'; reason: E2eeFailure; detail: string }
  /** The server does not hand this device the thread (not authenticated: not a proof of removal). */
  | { seq: number; kind: 'unavailable' };

/** Refusals that can clear up: the thread waits at that message instead of skipping it. */
const RECOVERABLE: ReadonlySet<E2eeFailure> = new Set([
  'identity_changed',
  'unknown_device',
  'log_not_included',
  'log_stale_head',
  'log_fork',
]);

interface DeviceState {
  userId: string;
  deviceId: string;
  deviceSecret: string;
  identitySecret: string;
  monitor: MonitorState;
  pins: PinJson[];
  backupKey: { dataKey: string; salt: string; wrapNonce: string; wrappedKey: string };
  backupVersion: number;
  archiveKey: string;
  ownDevices: { deviceId: string; signatureKey: string; createdAt: string }[];
  keyPackages: ReturnType<typeof privatePackageToJson>[];
  /** The device and revocation records read from the log, each shown included before kept. */
  records: LogEntryJson[];
}

interface GroupRecord {
  saved: SavedGroup;
  checkpoint: Checkpoint;
  lastSeq: number;
}

const KEY_PACKAGE_BATCH = 20;
const newId = () => toB64(randomBytes(12));

export class DeviceClient {
  private readonly trust: TrustStore;
  private readonly monitor: TransparencyMonitor;
  private devices: readonly DeviceRecord[] = [];
  private revocations: readonly DeviceRevocation[] = [];
  private readonly groups = new Map<string, { group: ThreadGroup; lastSeq: number }>();
  readonly authority: DeviceAuthority;

  private constructor(
    private readonly transport: LiaisonTransport,
    private readonly storage: DeviceStorage,
    private state: DeviceState,
  ) {
    this.trust = new TrustStore(state.pins);
    this.monitor = new TransparencyMonitor(state.monitor);
    this.authority = new DeviceAuthority(this.trust, () => ({ devices: this.devices, revocations: this.revocations }));
    this.state.records ??= [];
    this.keepRecords(this.state.records.map(logEntryFromJson));
  }

  private keepRecords(entries: LogEntry[]) {
    // Replaced, never changed in place: the authentication service keeps its index until they are.
    this.devices = Object.freeze(entries.flatMap((e) => (e.kind === 'device' ? [e.record as DeviceRecord] : [])));
    this.revocations = Object.freeze(
      entries.flatMap((e) => (e.kind === 'revocation' ? [e.record as DeviceRevocation] : [])),
    );
  }

  get userId(): string {
    return this.state.userId;
  }

  get deviceId(): string {
    return this.state.deviceId;
  }

  /**
   * The proof that this device holds its key on one socket connection (the server's `mls.prove`):
   * the server then takes this device's messages there without checking each one's signature.
   */
  proveConnection(socketId: string): string {
    return toB64(signSocketProof(this.device, { userId: this.userId, deviceId: this.deviceId }, socketId));
  }

  private get device(): DeviceKeys {
    const secretKey = fromB64(this.state.deviceSecret);
    return { userId: this.userId, deviceId: this.deviceId, secretKey, publicKey: signingPublicKey(secretKey) };
  }

  private get identity(): IdentityKeyPair {
    return identityFromSecret(this.userId, fromB64(this.state.identitySecret));
  }

  /**
   * A person's first device: a new identity key and device key, the backup sealed under new
   * recovery words (saved before anything is published), then the keys published and KeyPackages
   * uploaded. Answers the words, which the person writes down.
   */
  static async setUp(
    userId: string,
    transport: LiaisonTransport,
    storage: DeviceStorage,
    /** Words shown (and checked) before anything is stored; new ones when not given. */
    recoveryKey: { key: Uint8Array; words: string[] } = newRecoveryKey(),
  ): Promise<{ client: DeviceClient; words: string[] }> {
    const identity = generateIdentityKey(userId);
    const { key: recovery, words } = recoveryKey;
    const client = await DeviceClient.fresh(userId, identity, recovery, transport, storage, null);
    await transport.publishIdentity(identityJson(identityRecord(identity)));
    await client.registerDevice();
    return { client, words };
  }

  /** A new device of a person who has one: the backup opened with the 24 words, this device certified and added to it. */
  static async restore(
    userId: string,
    words: string | string[],
    transport: LiaisonTransport,
    storage: DeviceStorage,
  ): Promise<DeviceClient> {
    const recovery = parseRecoveryWords(words);
    const saved = await transport.backup();
    if (!saved) fail('backup_malformed', 'there is no key backup for this person');
    const { payload, key } = openDeviceBackup(saved.blob, userId, recovery);
    const identity = identityFromSecret(userId, fromB64(payload.identitySecretKey));
    const client = await DeviceClient.fresh(userId, identity, recovery, transport, storage, {
      payload,
      version: saved.version,
      key,
    });
    await client.registerDevice();
    return client;
  }

  static async load(userId: string, transport: LiaisonTransport, storage: DeviceStorage): Promise<DeviceClient | null> {
    const state = await storage.load<DeviceState>(`device:${userId}`);
    return state ? new DeviceClient(transport, storage, state) : null;
  }

  private static async fresh(
    userId: string,
    identity: IdentityKeyPair,
    recovery: Uint8Array,
    transport: LiaisonTransport,
    storage: DeviceStorage,
    restored: { payload: DeviceBackupPayload; version: number; key: DeviceBackupKey } | null,
  ): Promise<DeviceClient> {
    const deviceKey = generateSigningKeyPair();
    // A restored device keeps the backup's data key, so every device of the person opens it.
    const backupKey = restored?.key ?? newDeviceBackupKey(userId, recovery);
    const logKey = restored?.payload.logKey ?? (await transport.logKey());
    // A new identity replaces whatever backup there is (an earlier protocol's, or the one a
    // reset leaves behind), so its version is where the new one starts.
    const backupVersion = restored?.version ?? (await transport.backup())?.version ?? 0;
    const state: DeviceState = {
      userId,
      deviceId: `browser-${newId()}`,
      deviceSecret: toB64(deviceKey.secretKey),
      identitySecret: toB64(identity.secretKey),
      monitor: { logKey, head: null },
      pins: restored?.payload.pins ?? [],
      backupKey: {
        dataKey: toB64(backupKey.dataKey),
        salt: toB64(backupKey.salt),
        wrapNonce: toB64(backupKey.wrapNonce),
        wrappedKey: toB64(backupKey.wrappedKey),
      },
      backupVersion,
      archiveKey: restored?.payload.archiveKey ?? toB64(randomBytes(32)),
      ownDevices: restored?.payload.devices ?? [],
      keyPackages: [],
      records: [],
    };
    const client = new DeviceClient(transport, storage, state);
    if (logKey !== (await transport.logKey())) fail('log_key_changed');
    client.state.ownDevices.push({
      deviceId: state.deviceId,
      signatureKey: toB64(deviceKey.publicKey),
      createdAt: new Date().toISOString(),
    });
    // The backup lists this device before the server does, so the person's other devices never
    // take it for someone else's.
    await client.saveBackup();
    return client;
  }

  private async registerDevice(): Promise<void> {
    const record = certifyDevice(this.identity, this.deviceId, this.device.publicKey);
    await this.transport.publishDevice({
      deviceId: record.deviceId,
      signatureKey: toB64(record.signatureKey),
      identityKey: toB64(record.identityKey),
      certificate: toB64(record.certificate),
    });
    await this.topUpKeyPackages();
  }

  private backupKeyOf(): DeviceBackupKey {
    const k = this.state.backupKey;
    return {
      userId: this.userId,
      dataKey: fromB64(k.dataKey),
      salt: fromB64(k.salt),
      wrapNonce: fromB64(k.wrapNonce),
      wrappedKey: fromB64(k.wrappedKey),
    };
  }

  /** Takes in the devices another device of this person added to the backup. */
  private async mergeBackup(): Promise<void> {
    const current = await this.transport.backup();
    if (!current || current.version === this.state.backupVersion) return;
    const theirs = openDeviceBackupWithKey(current.blob, this.backupKeyOf());
    for (const d of theirs.devices)
      if (!this.state.ownDevices.some((o) => o.deviceId === d.deviceId)) this.state.ownDevices.push(d);
    this.state.backupVersion = current.version;
    await this.persist();
  }

  /** Saves the backup (merging the devices another device of this person added meanwhile). */
  private async saveBackup(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.mergeBackup();
      const blob = sealDeviceBackup(this.backupKeyOf(), {
        v: 2,
        identitySecretKey: this.state.identitySecret,
        logKey: this.state.monitor.logKey,
        devices: this.state.ownDevices,
        archiveKey: this.state.archiveKey,
        pins: this.trust.toJson(),
      });
      try {
        this.state.backupVersion = await this.transport.saveBackup(blob, this.state.backupVersion);
        await this.persist();
        return;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
  }

  private async persist(): Promise<void> {
    this.state = { ...this.state, monitor: this.monitor.state, pins: this.trust.toJson() };
    await this.storage.save(`device:${this.userId}`, this.state);
  }

  /** Keeps at least `min` KeyPackages of this device on the server (and forgets expired private halves). */
  async topUpKeyPackages(min = 10): Promise<void> {
    const now = Date.now();
    const live = this.state.keyPackages.filter(
      (k) => keyPackageExpiry(privatePackageFromJson(k).publicPackage).getTime() > now,
    );
    if (live.length !== this.state.keyPackages.length) {
      this.state.keyPackages = live;
      await this.persist();
    }
    const available = await this.transport.availableKeyPackages(this.deviceId);
    if (available >= min) return;
    const fresh: OwnKeyPackage[] = [];
    for (let i = 0; i < KEY_PACKAGE_BATCH; i++) fresh.push(await createKeyPackage(this.device));
    this.state.keyPackages.push(...fresh.map(privatePackageToJson));
    await this.persist();
    await this.transport.uploadKeyPackages(
      this.deviceId,
      fresh.map((p) => toB64(keyPackageBytes(p.publicPackage))),
    );
  }

  /**
   * Reads these people's records from the log: the head first (with its proof from the one held),
   * then each record, kept only if it is in that tree. Identity records go through the trust
   * store (a key change is pending until accepted); device records feed the authority.
   */
  async refreshPeople(userIds: string[]): Promise<void> {
    const known = this.monitor.knownHead?.size ?? 0;
    const answer = await this.transport.head(known);
    if (!answer.head) return;
    this.monitor.observe(headFromJson(answer.head), answer.consistency.map(fromB64));
    const size = this.monitor.knownHead!.size;
    for (const userId of new Set([...userIds, this.userId])) {
      const { items } = await this.transport.records(userId, size);
      const entries: LogEntry[] = [];
      for (const item of items) {
        const entry = logEntryFromJson({ ...item, userId });
        if (!this.monitor.includes(entry, item.position, item.proof.map(fromB64))) fail('log_not_included');
        entries.push(entry);
      }
      const identities = entries.flatMap((e) => (e.kind === 'identity' ? [e.record as IdentityRecord] : []));
      if (identities.length > 0) this.trust.review(userId, identities);
      // The log is append-only: a record once proven included stays (a server that stops listing
      // a revocation does not bring the revoked device back).
      const known = new Set(this.state.records.map((r) => JSON.stringify(r)));
      for (const { kind, deviceId, record } of items) {
        if (kind === 'identity') continue;
        const kept = { kind, userId, deviceId, record };
        if (!known.has(JSON.stringify(kept))) {
          known.add(JSON.stringify(kept));
          this.state.records.push(kept);
        }
      }
    }
    this.keepRecords(this.state.records.map(logEntryFromJson));
    await this.persist();
  }

  /** Records about this person in the log that none of their devices made (shown at once). */
  async foreignRecordsAboutMe(): Promise<LogEntry[]> {
    await this.mergeBackup();
    await this.refreshPeople([]);
    const { items } = await this.transport.records(this.userId, this.monitor.knownHead!.size);
    // Only what the log proves: a record the server merely lists is no evidence either way.
    const entries = items.flatMap((item) => {
      const entry = logEntryFromJson({ ...item, userId: this.userId });
      return this.monitor.includes(entry, item.position, item.proof.map(fromB64)) ? [entry] : [];
    });
    return foreignRecords(entries, {
      userId: this.userId,
      identityKeys: [this.identity.publicKey],
      devices: this.state.ownDevices.map((d) => ({ deviceId: d.deviceId, signatureKey: fromB64(d.signatureKey) })),
    });
  }

  trustOf(userId: string) {
    return { trust: this.trust.trustOf(userId), pendingKey: this.trust.pendingKey(userId) };
  }

  /**
   * Seals what this device read of a thread for the person's history archive (under the archive
   * key every device of theirs holds through the backup), bound to the person, thread and seqs.
   */
  sealHistory(threadId: string, messages: ArchivedMessage[]): ArchiveChunk {
    return sealArchiveChunk(fromB64(this.state.archiveKey), this.userId, threadId, messages);
  }

  /** Opens a chunk of the person's history archive; one altered, moved or of someone else is refused. */
  openHistory(chunk: ArchiveChunk): ArchivedMessage[] {
    return openArchiveChunk(fromB64(this.state.archiveKey), this.userId, chunk);
  }

  /** This person's identity key (whose safety number others compare). */
  get identityKey(): Uint8Array {
    return this.identity.publicKey;
  }

  /** The key this device pinned for a person and, when it changed and is not yet accepted, the new one. */
  keysOf(userId: string): { current: Uint8Array | null; pending: Uint8Array | null } {
    return { current: this.trust.currentKey(userId), pending: this.trust.pendingKey(userId) };
  }

  /** The safety numbers were compared out of band and match: the current key is verified. */
  async markVerified(userId: string, identityKey: Uint8Array): Promise<void> {
    this.trust.markVerified(userId, identityKey);
    await this.persist();
  }

  async acceptKeyChange(userId: string, shownKey: Uint8Array): Promise<boolean> {
    const accepted = this.trust.acceptChange(userId, shownKey);
    await this.persist();
    return accepted;
  }

  private get head() {
    const h = this.monitor.knownHead;
    return { size: h?.size ?? 0, root: h?.root ?? new Uint8Array(32) };
  }

  /** Creates a thread with these people (every device of each, from the KeyPackages claimed now). */
  async startThread(
    threadId: string,
    userIds: string[],
    linkedTo?: { type: 'working_group'; id: string },
  ): Promise<{ withoutKeyPackages: string[] }> {
    await this.refreshPeople(userIds);
    await this.transport.createThread({
      threadId,
      deviceId: this.deviceId,
      ...(linkedTo ? { linkedType: linkedTo.type, linkedId: linkedTo.id } : {}),
    });
    const own = await createKeyPackage(this.device);
    const group = await ThreadGroup.create(threadId, own, this.authority);
    this.groups.set(threadId, { group, lastSeq: 0 });
    await this.saveGroup(threadId);
    return this.addPeople(threadId, userIds);
  }

  /** Adds every device of these people (or, with `only`, just those devices) that the group lacks. */
  async addPeople(threadId: string, userIds: string[], only?: DeviceRef[]): Promise<{ withoutKeyPackages: string[] }> {
    await this.refreshPeople(userIds);
    // What to add is decided on the thread as it is now (not as this device last read it).
    await this.catchUp(threadId);
    const members = (await this.open(threadId)).group.members();
    const claimed = await this.claimMissing(userIds, members, only);
    if (claimed.items.length === 0) return { withoutKeyPackages: claimed.withoutKeyPackages };
    const added = claimed.items.map((c) => ({ userId: c.userId, deviceId: c.deviceId }));
    const keyPackages = claimed.items.map((c) => keyPackageFromBytes(fromB64(c.keyPackage)));
    await this.commitChange(threadId, { add: keyPackages }, added, []);
    return { withoutKeyPackages: claimed.withoutKeyPackages };
  }

  /**
   * Claims KeyPackages for the devices of these people that the log shows and the group lacks
   * (with `only`, just those): each claim uses up one of a device's KeyPackages, so none is
   * claimed for a device already in the thread. People left without any device in the thread
   * are answered in `withoutKeyPackages`.
   */
  private async claimMissing(userIds: string[], members: Member[], only?: DeviceRef[]) {
    const key = (d: DeviceRef) => `${d.userId}/${d.deviceId}`;
    const inGroup = new Set(members.map(key));
    const wanted = only ? new Set(only.map(key)) : null;
    const people = new Set(userIds);
    const missing = new Map<string, DeviceRef>();
    for (const d of this.devices) {
      if (!people.has(d.userId) || inGroup.has(key(d)) || (wanted && !wanted.has(key(d)))) continue;
      // Revoked devices, and devices no accepted key certified, would be refused in the commit.
      const refusal = this.authority.refusalOf(d, d.signatureKey);
      if (refusal && refusal.reason !== 'identity_changed') continue;
      missing.set(key(d), { userId: d.userId, deviceId: d.deviceId });
    }
    const present = new Set(members.map((m) => m.userId));
    const claimed =
      missing.size === 0
        ? { items: [], withoutKeyPackages: userIds }
        : await this.transport.claimKeyPackages(userIds, [...missing.values()]);
    // A device the log does not show, or one already in the thread, is never added from a claim.
    const items = claimed.items.filter((c) => missing.has(key(c)));
    const served = new Set(items.map((c) => c.userId));
    return {
      items,
      withoutKeyPackages: userIds.filter((u) => !served.has(u) && !present.has(u)),
    };
  }

  /**
   * After a person's key change was accepted: one commit removing their devices that their
   * current identity key did not certify and adding the devices it did (KeyPackages claimed now).
   */
  async renewDevicesOf(threadId: string, userId: string): Promise<{ withoutKeyPackages: string[] }> {
    await this.refreshPeople([userId]);
    await this.catchUp(threadId);
    const { group } = await this.open(threadId);
    const members = group.members();
    const stale = members.filter((m) => m.userId === userId && this.authority.refusalOf(m, m.signatureKey) !== null);
    const claimed = await this.claimMissing([userId], members);
    const fresh = claimed.items;
    // Removing all their devices without adding a new one would drop the person: wait instead.
    const theirs = members.filter((m) => m.userId === userId).length;
    if (stale.length === theirs && fresh.length === 0) return { withoutKeyPackages: [userId] };
    if (stale.length > 0 || fresh.length > 0)
      await this.commitChange(
        threadId,
        {
          add: fresh.map((c) => keyPackageFromBytes(fromB64(c.keyPackage))),
          remove: stale.map((m) => m.leafIndex),
        },
        fresh.map((c) => ({ userId: c.userId, deviceId: c.deviceId })),
        stale.map((m) => ({ userId: m.userId, deviceId: m.deviceId })),
      );
    return { withoutKeyPackages: claimed.withoutKeyPackages };
  }

  async removePeople(threadId: string, userIds: string[]): Promise<void> {
    await this.catchUp(threadId);
    const { group } = await this.open(threadId);
    const leaves = group.members().filter((m) => userIds.includes(m.userId));
    await this.commitChange(
      threadId,
      { remove: leaves.map((m) => m.leafIndex) },
      [],
      leaves.map((m) => ({ userId: m.userId, deviceId: m.deviceId })),
    );
  }

  /**
   * Commits a change after catching up with the thread (so nothing stored before it is skipped);
   * when another commit took the epoch first, catches up and tries once more.
   */
  private async commitChange(
    threadId: string,
    change: { add?: ReturnType<typeof keyPackageFromBytes>[]; remove?: number[] },
    added: DeviceRef[],
    removed: DeviceRef[],
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.catchUp(threadId);
      const entry = await this.open(threadId);
      const empty = !change.add?.length && !change.remove?.length;
      if (empty && !entry.group.hasPendingProposals) return;
      const pending = await entry.group.commit(change, this.head);
      const leaving = pending.removed
        .filter((m) => !removed.some((r) => r.userId === m.userId && r.deviceId === m.deviceId))
        .map((m) => ({ userId: m.userId, deviceId: m.deviceId }));
      const clientMessageId = newId();
      const declaredRemoved = [...removed, ...leaving];
      try {
        await this.transport.commit(threadId, {
          deviceId: this.deviceId,
          clientMessageId,
          epoch: entry.group.epoch,
          afterSeq: entry.lastSeq,
          commit: toB64(pending.commit),
          ...(pending.welcome ? { welcome: toB64(pending.welcome) } : {}),
          added,
          removed: declaredRemoved,
          signature: toB64(
            signDelivery(this.device, {
              threadId,
              kind: 'commit',
              epoch: entry.group.epoch,
              body: pending.commit,
              clientMessageId,
              added,
              removed: declaredRemoved,
            }),
          ),
        });
        // The commit comes back in the thread's sequence as this device's own (skipped then).
        entry.group.apply(pending);
        this.ownCommits.set(clientMessageId, { added, removed: declaredRemoved });
        await this.saveGroup(threadId);
        return;
      } catch (err) {
        if (!(err instanceof StaleEpochError) || attempt > 0) throw err;
      }
    }
  }

  /** Encrypts and sends; answers the seq the thread gave it and its client message id. */
  async send(
    threadId: string,
    writing: Writing | string,
  ): Promise<{ seq: number; id: string; clientMessageId: string }> {
    const { group } = await this.open(threadId);
    const clientMessageId = newId();
    const body: TextBody = { v: 2, kind: 'text', ...(typeof writing === 'string' ? { text: writing } : writing) };
    if (!isTextBody(body)) fail('malformed', 'the message is not one Liaison can send');
    let message: Uint8Array;
    try {
      message = await group.encrypt(utf8(JSON.stringify(body)), clientMessageId);
    } catch (err) {
      // A member this device has not read about yet (after a reload, say): read, then once more.
      if (!(err instanceof E2eeError && err.reason === 'unknown_device')) throw err;
      await this.refreshPeople(group.members().map((m) => m.userId));
      message = await group.encrypt(utf8(JSON.stringify(body)), clientMessageId);
    }
    await this.saveGroup(threadId);
    const stored = await this.transport.send(threadId, {
      deviceId: this.deviceId,
      clientMessageId,
      message: toB64(message),
      signature: toB64(
        signDelivery(this.device, {
          threadId,
          kind: 'application',
          epoch: group.epoch,
          body: message,
          clientMessageId,
        }),
      ),
    });
    return { seq: stored.seq, id: stored.id, clientMessageId };
  }

  /** Leaves: a proposal removing this device, which another member commits; this device stops at once. */
  async leave(threadId: string): Promise<void> {
    const { group } = await this.open(threadId);
    const proposal = await group.proposeLeave();
    const clientMessageId = newId();
    await this.transport.leave(threadId, {
      deviceId: this.deviceId,
      clientMessageId,
      proposal: toB64(proposal),
      signature: toB64(
        signDelivery(this.device, { threadId, kind: 'proposal', epoch: group.epoch, body: proposal, clientMessageId }),
      ),
    });
    await this.forgetGroup(threadId);
  }

  /**
   * Joins every thread a Welcome waits for (each checked by the authority); a Welcome that does
   * not pass is reported and the others are still tried.
   */
  async joinWelcomes(): Promise<string[]> {
    const { items } = await this.transport.welcomes(this.deviceId);
    const joined: string[] = [];
    for (const welcome of items) {
      // A Welcome to a later epoch than the group held here is a new add (after a removal this
      // device was not told of); one to the same or an earlier epoch is old news.
      const known = this.groups.get(welcome.threadId) ?? (await this.loadGroup(welcome.threadId));
      if (known?.group.active && known.group.epoch >= welcome.epoch) continue;
      try {
        const bytes = fromB64(welcome.body);
        for (const [i, json] of this.state.keyPackages.entries()) {
          const own = privatePackageFromJson(json);
          if (!(await welcomeIsFor(bytes, own.publicPackage))) continue;
          await this.refreshPeople([]);
          const group = await this.joinWith(welcome.threadId, bytes, own);
          this.state.keyPackages.splice(i, 1);
          this.groups.set(welcome.threadId, { group, lastSeq: 0 });
          await this.saveGroup(welcome.threadId);
          await this.persist();
          joined.push(welcome.threadId);
          break;
        }
      } catch (err) {
        if (!(err instanceof E2eeError)) throw err;
        this.refusedWelcomes.push({ threadId: welcome.threadId, reason: err.reason });
      }
    }
    return joined;
  }

  /** Welcomes refused since this device started, with their reasons (for the person to see). */
  readonly refusedWelcomes: { threadId: string; reason: E2eeFailure }[] = [];

  /** Joining needs the devices of everyone in the tree: read them from the log first. */
  private async joinWith(threadId: string, welcome: Uint8Array, own: OwnKeyPackage): Promise<ThreadGroup> {
    try {
      return await ThreadGroup.join(threadId, welcome, own, this.authority);
    } catch (err) {
      const unknown = err instanceof E2eeError && err.reason === 'unknown_device';
      const who = unknown ? /unknown_device: ([^/]+)\//.exec(err.message)?.[1] : undefined;
      if (!who || this.devices.some((d) => d.userId === who)) throw err;
      await this.refreshPeople([who]);
      return this.joinWith(threadId, welcome, own);
    }
  }

  /**
   * Reads and processes what the thread has after the last seq this device saw, then commits
   * members' requests to leave. A message that does not pass is an event with its reason (never
   * dropped silently); a commit refused for a reason that can clear up stops the reading there.
   */
  async sync(threadId: string): Promise<ThreadEvent[]> {
    await this.catchUp(threadId);
    const events = this.pendingEvents.get(threadId) ?? [];
    this.pendingEvents.delete(threadId);
    const entry = this.groups.get(threadId);
    if (entry?.group.active && entry.group.hasPendingProposals && !events.some((e) => e.kind === 'blocked')) {
      try {
        await this.commitChange(threadId, {}, [], []);
        // The commit comes back now, as this device's own with what it did.
        await this.catchUp(threadId);
      } catch (err) {
        if (!(err instanceof E2eeError)) throw err;
        events.push({ seq: entry.lastSeq, kind: 'blocked', reason: err.reason, detail: err.message });
      }
    }
    // What the commit's own catching up read, and the commit itself.
    events.push(...(this.pendingEvents.get(threadId) ?? []));
    this.pendingEvents.delete(threadId);
    return events;
  }

  /** The changes of the commits this device made, by client message id (until they come back). */
  private readonly ownCommits = new Map<string, { added: DeviceRef[]; removed: DeviceRef[] }>();

  /**
   * What this device read from the thread and has not handed out yet: after an operation failed
   * past its catching up, the caller keeps these (the group state has moved past them).
   */
  takeEvents(threadId: string): ThreadEvent[] {
    const events = this.pendingEvents.get(threadId) ?? [];
    this.pendingEvents.delete(threadId);
    return events;
  }

  /** Events read while catching up (before a commit, say) and not yet handed to the caller. */
  private readonly pendingEvents = new Map<string, ThreadEvent[]>();

  private async catchUp(threadId: string): Promise<void> {
    const entry = await this.open(threadId);
    const events = this.pendingEvents.get(threadId) ?? [];
    this.pendingEvents.set(threadId, events);
    let items: DeliveredMessage[];
    try {
      ({ items } = await this.transport.messages(threadId, this.deviceId, entry.lastSeq));
    } catch (err) {
      if (err instanceof TransportError && err.status === 404) {
        events.push({ seq: entry.lastSeq, kind: 'unavailable' });
        return;
      }
      throw err;
    }
    for (const m of items) {
      const event = await this.processOne(entry.group, m);
      if (event.kind === 'blocked') {
        events.push(event);
        break;
      }
      events.push(event);
      entry.lastSeq = m.seq;
      await this.saveGroup(threadId);
      if (event.kind === 'removed') {
        await this.forgetGroup(threadId);
        break;
      }
    }
  }

  private async processOne(group: ThreadGroup, m: DeliveredMessage): Promise<ThreadEvent> {
    if (m.senderUserId === this.userId && m.senderDeviceId === this.deviceId) {
      // Own messages cannot be read back (MLS); own commits are applied when made, unless the
      // answer to one was lost, which leaves the group at its epoch: then it is processed.
      if (m.kind !== 'commit' || m.epoch < group.epoch) {
        const made = this.ownCommits.get(m.clientMessageId);
        this.ownCommits.delete(m.clientMessageId);
        return made
          ? { seq: m.seq, kind: 'own_commit', ...made }
          : { seq: m.seq, kind: 'own', id: m.id, clientMessageId: m.clientMessageId };
      }
    }
    const bytes = fromB64(m.body);
    const declared = m.kind === 'commit' ? { added: m.added ?? [], removed: m.removed ?? [] } : undefined;
    const attempt = () => group.process(bytes, declared);
    try {
      let incoming;
      try {
        incoming = await attempt();
      } catch (err) {
        // Someone this device has not read about yet: read their records, then once more.
        if (!(err instanceof E2eeError && err.reason === 'unknown_device')) throw err;
        await this.refreshPeople([m.senderUserId, ...(m.added ?? []).map((d) => d.userId)]);
        incoming = await attempt();
      }
      switch (incoming.kind) {
        case 'message': {
          const body = parseBody(incoming.plaintext);
          if (!body) return { seq: m.seq, kind: 'refused', reason: 'malformed', detail: 'not a message Liaison shows' };
          return {
            seq: m.seq,
            kind: 'message',
            id: m.id,
            sender: incoming.sender,
            body,
            order: incoming.order,
            at: m.createdAt,
          };
        }
        case 'commit':
          return {
            seq: m.seq,
            kind: 'commit',
            committer: incoming.committer,
            added: incoming.added,
            removed: incoming.removed,
            fork: await this.forkIn(incoming.head),
          };
        case 'proposal':
          return { seq: m.seq, kind: 'leaving', who: incoming.leaving };
        case 'removed':
          return { seq: m.seq, kind: 'removed' };
      }
    } catch (err) {
      if (!(err instanceof E2eeError)) throw err;
      if (m.kind === 'commit' && RECOVERABLE.has(err.reason))
        return { seq: m.seq, kind: 'blocked', reason: err.reason, detail: err.message };
      return { seq: m.seq, kind: 'refused', reason: err.reason, detail: err.message };
    }
  }

  /**
   * Compares the transparency head a committer carried with this device's: the same size must
   * have the same root, and the smaller tree must be a prefix of the larger (a consistency proof
   * the server cannot make for two histories). Answers what is wrong, or null.
   */
  private async forkIn(theirs: { size: number; root: Uint8Array }): Promise<string | null> {
    if (theirs.size === 0) return null;
    let mine = this.monitor.knownHead;
    if (!mine || mine.size < theirs.size) {
      await this.refreshPeople([]);
      mine = this.monitor.knownHead;
    }
    if (!mine || mine.size < theirs.size) return 'the committer saw a larger key log than the server shows this device';
    if (mine.size === theirs.size)
      return equalBytes(mine.root, theirs.root) ? null : 'the committer saw another key log of the same size';
    const { proof } = await this.transport.consistency(theirs.size, mine.size);
    return verifyConsistency(theirs.size, mine.size, theirs.root, mine.root, proof.map(fromB64))
      ? null
      : 'the key log the committer saw is not a prefix of the one this device saw';
  }

  /**
   * This person's own devices that the group lacks: in their backup's list of devices (which a
   * device joins before the server lists it), certified by their current identity key in the log
   * and not revoked. A person's browsers bring in their new ones; nobody else's are added this way.
   */
  async missingOwnDevices(threadId: string): Promise<DeviceRef[]> {
    await this.mergeBackup();
    await this.refreshPeople([]);
    await this.catchUp(threadId);
    const { group } = await this.open(threadId);
    const inGroup = new Set(group.members().map((m) => `${m.userId}/${m.deviceId}`));
    const mine = new Set(this.state.ownDevices.map((d) => d.deviceId));
    const seen = new Set<string>();
    return this.devices.flatMap((d) => {
      const key = `${d.userId}/${d.deviceId}`;
      if (d.userId !== this.userId || !mine.has(d.deviceId) || inGroup.has(key) || seen.has(key)) return [];
      seen.add(key);
      const refusal = this.authority.refusalOf(d, d.signatureKey);
      return refusal ? [] : [{ userId: d.userId, deviceId: d.deviceId }];
    });
  }

  members(threadId: string): Member[] {
    return this.groups.get(threadId)?.group.members() ?? [];
  }

  epochOf(threadId: string): number | null {
    return this.groups.get(threadId)?.group.epoch ?? null;
  }

  private async open(threadId: string): Promise<{ group: ThreadGroup; lastSeq: number }> {
    const entry = this.groups.get(threadId) ?? (await this.loadGroup(threadId));
    if (!entry) fail('not_a_member', `this device is not in thread ${threadId}`);
    return entry;
  }

  private groupKey = (threadId: string) => `group:${this.userId}:${this.deviceId}:${threadId}`;

  private async loadGroup(threadId: string) {
    const record = await this.storage.load<GroupRecord | null>(this.groupKey(threadId));
    if (!record) return undefined;
    const group = ThreadGroup.restore(threadId, record.saved, this.authority, record.checkpoint);
    const entry = { group, lastSeq: record.lastSeq };
    this.groups.set(threadId, entry);
    return entry;
  }

  private async saveGroup(threadId: string): Promise<void> {
    const entry = this.groups.get(threadId);
    if (!entry) return;
    const record: GroupRecord = {
      saved: entry.group.save(),
      checkpoint: entry.group.checkpoint,
      lastSeq: entry.lastSeq,
    };
    await this.storage.save(this.groupKey(threadId), record);
  }

  /** Removed or left: the group's secrets go, and a later Welcome can bring the device back. */
  private async forgetGroup(threadId: string): Promise<void> {
    this.groups.delete(threadId);
    await this.storage.save(this.groupKey(threadId), null);
  }
}

const isString = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
const B64 = /^[A-Za-z0-9_-]+$/;

function isAttachment(a: unknown): a is AttachmentDescriptor {
  const d = a as Partial<AttachmentDescriptor> | null;
  return (
    !!d &&
    isString(d.id, 64) &&
    isString(d.name, 255) &&
    isString(d.type, 255) &&
    Number.isSafeInteger(d.size) &&
    (d.size ?? -1) >= 0 &&
    isString(d.key, 64) &&
    B64.test(d.key ?? '') &&
    isString(d.sha256, 64) &&
    B64.test(d.sha256 ?? '')
  );
}

/** Whether a value is a message body Liaison writes and shows (checked on both sides of MLS). */
export function isTextBody(value: unknown): value is TextBody {
  const b = value as Partial<TextBody> | null;
  return (
    !!b &&
    b.v === 2 &&
    b.kind === 'text' &&
    typeof b.text === 'string' &&
    (b.subject === undefined || (isString(b.subject, SUBJECT_MAX) && b.subject.trim() !== '')) &&
    (b.attachments === undefined ||
      (Array.isArray(b.attachments) && b.attachments.length <= ATTACHMENTS_MAX && b.attachments.every(isAttachment)))
  );
}

/** A message body as Liaison writes it, or null. */
function parseBody(plaintext: Uint8Array): TextBody | null {
  try {
    const body = JSON.parse(fromUtf8(plaintext)) as unknown;
    return isTextBody(body) ? body : null;
  } catch {
    return null;
  }
}

/** The fingerprint of an identity key, whose safety number people compare out of band. */
export const identityFingerprint = (identityKey: Uint8Array): Uint8Array => sha256Digest(identityKey);

const identityJson = (r: IdentityRecord) => ({
  identityKey: toB64(r.identityKey),
  previousKey: r.previousKey ? toB64(r.previousKey) : null,
  succession: r.succession ? toB64(r.succession) : null,
});
