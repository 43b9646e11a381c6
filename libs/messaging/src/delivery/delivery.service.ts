import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import {
  deliveryStatement,
  type DeliveryRequest,
  E2eeError,
  fromB64,
  type MlsFraming,
  mlsFraming,
  socketProofStatement,
  toB64,
} from '@liaison/e2ee';
import { MessagingError, protocolCheck, rejected } from '../errors.js';
import { nativeVerifyAsync } from '../keys/native-verifier.js';
import { KeyLogRepository } from '../transparency/key-log.repository.js';
import { ApplicationInserts } from './application-inserts.js';
import { type AssignedMessage, DeliveryRepository, type StoredMessage, type ThreadRow } from './delivery.repository.js';
import type { CommitDto, MlsMemberDto, MlsMessageDto, MlsThreadDetailDto, StoredDto } from './delivery.dto.js';

export const mlsRoom = (threadId: string) => `mls:${threadId}`;
/** The sockets that subscribed naming this device (they leave a thread's room when it is removed). */
export const mlsDeviceRoom = (userId: string, deviceId: string) => `mls-device:${userId}/${deviceId}`;
/** Epochs are stored as 32-bit integers; no thread gets near it. */
const MAX_EPOCH = 2 ** 31 - 1;

type DeviceRef = { userId: string; deviceId: string };
const key = (d: DeviceRef) => `${d.userId}/${d.deviceId}`;

export const toMlsMessageDto = (m: StoredMessage): MlsMessageDto => ({
  id: m.id,
  seq: m.seq,
  epoch: m.epoch,
  kind: m.kind,
  senderUserId: m.senderUserId,
  senderDeviceId: m.senderDeviceId,
  clientMessageId: m.clientMessageId,
  body: toB64(m.body),
  createdAt: m.createdAt.toISOString(),
  ...(m.declared ? { added: m.declared.added, removed: m.declared.removed } : {}),
});

const notFound = () => new MessagingError('thread_not_found', 'No such thread, or you are not in it.');

function bytesOf(text: string, field: string): Uint8Array {
  try {
    return fromB64(text);
  } catch {
    throw new MessagingError('message_rejected', `${field} is not base64url`, [{ field, reasons: ['not base64url'] }]);
  }
}

/** The framing of an MLS message, checked against what the route expects of it. */
function framingOf(
  text: string,
  field: string,
  expected: { threadId: string; contentType: MlsFraming['contentType'] },
): { bytes: Uint8Array; framing: MlsFraming } {
  const bytes = bytesOf(text, field);
  let framing: MlsFraming;
  try {
    framing = mlsFraming(bytes);
  } catch (err) {
    if (err instanceof E2eeError) throw rejected('message_rejected', err, field);
    throw err;
  }
  const problem =
    framing.wireformat === 'welcome'
      ? 'a Welcome is not a message'
      : (framing.epoch ?? 0) > MAX_EPOCH
        ? 'its epoch is beyond what a thread reaches'
        : framing.threadId !== expected.threadId
          ? 'it belongs to another thread'
          : framing.contentType !== expected.contentType
            ? `it is not ${expected.contentType === 'application' ? 'an application message' : `a ${expected.contentType}`}`
            : framing.fromMember === false
              ? 'it does not come from a member'
              : expected.contentType === 'application' && framing.wireformat !== 'private'
                ? 'application messages are encrypted (PrivateMessage)'
                : null;
  if (problem)
    throw new MessagingError('message_rejected', `The ${field} is refused: ${problem}.`, [
      { field, reasons: [problem] },
    ]);
  return { bytes, framing };
}

/**
 * The MLS delivery service (protocol v2): it orders each thread's commits (the first valid commit
 * for an epoch wins; others get 409 with the current epoch), stores Welcomes for the devices a
 * commit adds, and application messages under the current epoch with gap-free seqs, idempotent on
 * the client's message id. It reads only MLS framing (group id, epoch, content type) and never
 * decrypts. Commits may add only devices whose KeyPackages their committer claimed (neither
 * revoked nor replaced); only admins change who is in a thread, except adding or removing one's
 * own devices and removing devices that left, were revoked or were replaced by a new identity key.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly keys: KeyLogRepository,
    private readonly realtime: RealtimePublisher,
    private readonly inserts: ApplicationInserts,
    private readonly audit: AuditService,
  ) {}

  async create(
    userId: string,
    dto: { threadId: string; deviceId: string; linkedType?: string; linkedId?: string; retentionDays?: number },
  ): Promise<ThreadRow> {
    await this.assertOwnDevice(userId, dto.deviceId);
    return this.repo.transaction(async (m) => {
      const created = await this.repo.insertThread(m, {
        id: dto.threadId,
        createdBy: userId,
        linkedType: dto.linkedType ?? null,
        linkedId: dto.linkedId ?? null,
        retentionDays: dto.retentionDays ?? null,
      });
      if (!created) throw new MessagingError('thread_exists', 'A thread with this id exists.');
      await this.repo.addDevices(m, dto.threadId, [{ userId, deviceId: dto.deviceId }], 0);
      await this.repo.syncMembers(m, dto.threadId, userId);
      return (await this.repo.lockForMember(m, dto.threadId, userId))!;
    });
  }

  async commit(userId: string, threadId: string, dto: CommitDto): Promise<StoredDto> {
    const { bytes } = framingOf(dto.commit, 'commit', { threadId, contentType: 'commit' });
    const epochOfCommit = mlsFraming(bytes).epoch;
    if (epochOfCommit !== dto.epoch)
      throw new MessagingError('message_rejected', 'The commit is for another epoch than the one given.', [
        { field: 'epoch', reasons: [`the commit starts from epoch ${epochOfCommit}`] },
      ]);
    const welcome = dto.welcome ? bytesOf(dto.welcome, 'welcome') : null;
    if (welcome && protocolCheck('message_rejected', 'welcome', () => mlsFraming(welcome)).wireformat !== 'welcome')
      throw new MessagingError('message_rejected', 'welcome is not an MLS Welcome.', [
        { field: 'welcome', reasons: ['not a Welcome'] },
      ]);
    if (dto.added.length > 0 !== !!welcome)
      throw new MessagingError('message_rejected', 'A commit that adds devices carries their Welcome, and only then.', [
        { field: 'welcome', reasons: [dto.added.length > 0 ? 'required when adding' : 'only when adding'] },
      ]);
    assertDistinct(dto.added, dto.removed);
    const request: DeliveryRequest = {
      threadId,
      kind: 'commit',
      epoch: dto.epoch,
      body: bytes,
      clientMessageId: dto.clientMessageId,
      added: dto.added,
      removed: dto.removed,
    };
    await this.assertSigned(userId, dto.deviceId, request, dto.signature);
    const result = await this.repo.transaction(async (m) => {
      const thread = await this.repo.lockForMember(m, threadId, userId);
      if (!thread) throw notFound();
      const again = await this.repo.messageByClientId(m, threadId, userId, dto.clientMessageId);
      if (again) return { stored: sameKind(again, 'commit'), created: false, added: [], removed: [] };
      const devices = await this.repo.devices(threadId, m);
      this.assertSendingDevice(devices, userId, dto.deviceId);
      if (thread.epoch !== dto.epoch) throw staleEpoch(thread.epoch);
      // A request to leave the committer has not seen would be dropped by its commit: it reads on first.
      if (dto.afterSeq !== undefined && (await this.repo.proposalAfter(m, threadId, thread.epoch, dto.afterSeq)))
        throw staleEpoch(thread.epoch);
      await this.assertMayChange(m, thread, userId, devices, dto.added, dto.removed);
      const next = await this.repo.nextSeq(m, threadId, 1);
      const stored = await this.repo.insertMessage(m, {
        threadId,
        seq: next.seq,
        epoch: thread.epoch,
        kind: 'commit',
        senderUserId: userId,
        senderDeviceId: dto.deviceId,
        clientMessageId: dto.clientMessageId,
        body: Buffer.from(bytes),
        declared: { added: dto.added, removed: dto.removed },
      });
      await this.repo.removeDevices(m, threadId, dto.removed);
      await this.repo.addDevices(m, threadId, dto.added, next.seq);
      await this.repo.syncMembers(m, threadId);
      await this.keepAnAdmin(m, threadId);
      if (welcome) await this.repo.insertWelcomes(m, threadId, next.epoch, dto.added, welcome);
      return { stored, created: true, added: dto.added, removed: dto.removed };
    });
    if (result.created) {
      this.realtime.toRoom(mlsRoom(threadId), 'mls.message', { threadId, message: toMlsMessageDto(result.stored) });
      for (const userOf of new Set(result.added.map((d) => d.userId)))
        this.realtime.toUser(userOf, 'mls.welcome', { threadId });
      for (const d of result.removed) this.realtime.roomLeaves(mlsDeviceRoom(d.userId, d.deviceId), mlsRoom(threadId));
      const stillIn = new Set((await this.repo.members(threadId)).map((x) => x.userId));
      for (const gone of new Set(result.removed.map((d) => d.userId)))
        if (!stillIn.has(gone)) this.realtime.leaveRoom(gone, mlsRoom(threadId));
    }
    return { id: result.stored.id, seq: result.stored.seq, epoch: result.stored.epoch + 1, created: result.created };
  }

  async send(
    userId: string,
    threadId: string,
    dto: { deviceId: string; clientMessageId: string; message: string; signature: string },
    /**
     * The sending socket, which has its acknowledgement instead of the broadcast, and whether the
     * device proved its key on that connection (then its delivery signature is not checked again;
     * the insert still takes only a current, unrevoked device of the thread).
     */
    origin?: {
      socketId: string;
      deviceProven: boolean;
      /** Queues the message for storing only after `after`, and calls `queued` once it is queued. */
      inOrder?: { after: Promise<void>; queued: () => void };
    },
  ): Promise<StoredDto & { message: MlsMessageDto }> {
    const { bytes, framing } = framingOf(dto.message, 'message', { threadId, contentType: 'application' });
    if (!origin?.deviceProven)
      await this.assertSigned(
        userId,
        dto.deviceId,
        { threadId, kind: 'application', epoch: framing.epoch!, body: bytes, clientMessageId: dto.clientMessageId },
        dto.signature,
      );
    await origin?.inOrder?.after;
    const result = await this.storeApplication(
      threadId,
      userId,
      dto.deviceId,
      dto.clientMessageId,
      framing.epoch!,
      bytes,
      origin?.inOrder?.queued,
    );
    const message = toMlsMessageDto(result.stored);
    if (result.created) this.realtime.toRoom(mlsRoom(threadId), 'mls.message', { threadId, message }, origin?.socketId);
    return { id: message.id, seq: message.seq, epoch: message.epoch, created: result.created, message };
  }

  /** The one-statement store of a message, and the exact answer when it stored nothing. */
  private async storeApplication(
    threadId: string,
    userId: string,
    deviceId: string,
    clientMessageId: string,
    epoch: number,
    bytes: Uint8Array,
    queued?: () => void,
  ): Promise<{ stored: StoredMessage; created: boolean }> {
    const row = {
      threadId,
      epoch,
      senderUserId: userId,
      senderDeviceId: deviceId,
      clientMessageId,
      body: Buffer.from(bytes),
    };
    let assigned: AssignedMessage | null;
    try {
      const inserted = this.inserts.insert(row);
      queued?.();
      assigned = await inserted;
    } catch (err) {
      // Two retries of one message at once: the unique index lets one in; the other is a retry.
      if ((err as { code?: string }).code !== '23505') throw err;
      assigned = null;
    }
    if (assigned) return { stored: { ...row, ...assigned, kind: 'application', declared: null }, created: true };
    const again = await this.repo.transaction((m) => this.repo.messageByClientId(m, threadId, userId, clientMessageId));
    if (again) return { stored: sameKind(again, 'application'), created: false };
    const state = await this.repo.sendingState(threadId, userId, deviceId);
    if (!state) throw notFound();
    if (!state.deviceIn)
      throw new MessagingError('device_not_found', 'This device of yours is not in the thread.', [
        { field: 'deviceId', reasons: ['not in this thread'] },
      ]);
    throw staleEpoch(state.epoch);
  }

  /**
   * Leaving: the caller's proposal to remove their own leaf goes into the thread (another member's
   * client commits it), and the caller stops receiving at once.
   */
  async leave(
    userId: string,
    threadId: string,
    dto: { deviceId: string; clientMessageId: string; proposal: string; signature: string },
  ): Promise<StoredDto> {
    const { bytes, framing } = framingOf(dto.proposal, 'proposal', { threadId, contentType: 'proposal' });
    await this.assertSigned(
      userId,
      dto.deviceId,
      { threadId, kind: 'proposal', epoch: framing.epoch!, body: bytes, clientMessageId: dto.clientMessageId },
      dto.signature,
    );
    const stored = await this.repo.transaction(async (m) => {
      const thread = await this.repo.lockForMember(m, threadId, userId);
      if (!thread) throw notFound();
      if (await this.repo.messageByClientId(m, threadId, userId, dto.clientMessageId))
        throw new MessagingError('message_rejected', 'This client message id was used before.', [
          { field: 'clientMessageId', reasons: ['already used in this thread'] },
        ]);
      this.assertSendingDevice(await this.repo.devices(threadId, m), userId, dto.deviceId);
      if (framing.epoch !== thread.epoch) throw staleEpoch(thread.epoch);
      const next = await this.repo.nextSeq(m, threadId, 0);
      const row = await this.repo.insertMessage(m, {
        threadId,
        seq: next.seq,
        epoch: thread.epoch,
        kind: 'proposal',
        senderUserId: userId,
        senderDeviceId: dto.deviceId,
        clientMessageId: dto.clientMessageId,
        body: Buffer.from(bytes),
      });
      await this.repo.markLeft(m, threadId, userId);
      await this.keepAnAdmin(m, threadId);
      return row;
    });
    this.realtime.leaveRoom(userId, mlsRoom(threadId));
    this.realtime.toRoom(mlsRoom(threadId), 'mls.message', { threadId, message: toMlsMessageDto(stored) });
    return { id: stored.id, seq: stored.seq, epoch: stored.epoch, created: true };
  }

  /** An admin changes a member's role; the last admin cannot step down (another must be made admin first). */
  async setRole(userId: string, threadId: string, memberId: string, role: 'admin' | 'member'): Promise<MlsMemberDto> {
    await this.repo.transaction(async (m) => {
      const thread = await this.repo.lockForMember(m, threadId, userId);
      if (!thread) throw notFound();
      if ((await this.repo.roleOf(m, threadId, userId)) !== 'admin')
        throw new MessagingError('not_thread_admin', 'Only the thread’s admins change roles.');
      const before = await this.repo.roleOf(m, threadId, memberId);
      if (!before)
        throw new MessagingError('member_not_found', 'No such member of this thread.', [
          { field: 'userId', reasons: ['not a member of this thread'] },
        ]);
      if (before === role) return;
      await this.repo.setRole(m, threadId, memberId, role);
      if ((await this.repo.adminCount(m, threadId)) === 0)
        throw new MessagingError('last_admin', 'A thread keeps at least one admin: make someone else admin first.', [
          { field: 'role', reasons: ['the thread’s last admin'] },
        ]);
      await this.audit.record(
        {
          action: 'threads.role.changed',
          actorId: userId,
          targetType: 'user',
          targetId: memberId,
          details: { threadId, role },
        },
        m,
      );
    });
    const detail = await this.detail(userId, threadId);
    return detail.members.find((x) => x.userId === memberId)!;
  }

  /** After people left: the longest-standing member becomes admin if none is left (audited). */
  private async keepAnAdmin(m: EntityManager, threadId: string): Promise<void> {
    const promoted = await this.repo.keepAnAdmin(m, threadId);
    if (promoted)
      await this.audit.record(
        {
          action: 'threads.role.inherited',
          actorId: null,
          targetType: 'user',
          targetId: promoted,
          details: { threadId, role: 'admin' },
        },
        m,
      );
  }

  async messages(userId: string, threadId: string, deviceId: string, afterSeq: number, limit: number) {
    const items = await this.repo.messagesFor(threadId, userId, deviceId, afterSeq, limit);
    if (!items) throw notFound();
    return { items: items.map(toMlsMessageDto) };
  }

  async welcomes(userId: string, deviceId: string) {
    await this.assertOwnDevice(userId, deviceId);
    const rows = await this.repo.welcomesFor(userId, deviceId);
    return { items: rows.map((w) => ({ threadId: w.threadId, epoch: w.epoch, body: toB64(w.body) })) };
  }

  list(userId: string) {
    return this.repo.list(userId);
  }

  async detail(userId: string, threadId: string): Promise<MlsThreadDetailDto> {
    const thread = await this.repo.forMember(threadId, userId);
    if (!thread) throw notFound();
    const [members, devices] = await Promise.all([this.repo.members(threadId), this.repo.devices(threadId)]);
    return {
      id: thread.id,
      epoch: thread.epoch,
      lastSeq: thread.lastSeq,
      role: thread.role,
      linkedType: thread.linkedType,
      linkedId: thread.linkedId,
      retentionDays: thread.retentionDays,
      createdAt: thread.createdAt.toISOString(),
      members: members.map((x) => ({
        userId: x.userId,
        role: x.role,
        devices: devices.filter((d) => d.userId === x.userId && !d.left).map((d) => d.deviceId),
        leftDevices: devices.filter((d) => d.userId === x.userId && d.left).map((d) => d.deviceId),
      })),
    };
  }

  async markRead(userId: string, threadId: string, seq: number): Promise<number> {
    const read = await this.repo.markRead(threadId, userId, seq);
    if (read === null) throw notFound();
    return read;
  }

  /**
   * The request is signed by the device's certified key (a stolen session alone cannot post for
   * it), and the device is not revoked.
   */
  private async assertSigned(userId: string, deviceId: string, request: DeliveryRequest, signature: string) {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked)
      throw new MessagingError('device_not_found', 'No such device of yours.', [
        { field: 'deviceId', reasons: ['not one of your registered devices'] },
      ]);
    const signed = await nativeVerifyAsync(
      bytesOf(signature, 'signature'),
      deliveryStatement(request),
      new Uint8Array(device.signatureKey),
    );
    if (!signed)
      throw new MessagingError('message_rejected', 'The signature is not this device’s.', [
        { field: 'signature', reasons: ['not a signature of this request by the device’s key'] },
      ]);
  }

  /**
   * Whether the signature proves that the caller's device holds its current, unrevoked key on
   * this socket connection (see socketProofStatement).
   */
  async proveSocket(userId: string, deviceId: string, socketId: string, signature: string): Promise<boolean> {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked) return false;
    return nativeVerifyAsync(
      bytesOf(signature, 'signature'),
      socketProofStatement(userId, deviceId, socketId),
      new Uint8Array(device.signatureKey),
    );
  }

  private async assertOwnDevice(userId: string, deviceId: string): Promise<void> {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked)
      throw new MessagingError('device_not_found', 'No such device of yours.', [
        { field: 'deviceId', reasons: ['not one of your registered devices'] },
      ]);
  }

  private assertSendingDevice(
    devices: { userId: string; deviceId: string; left: boolean }[],
    userId: string,
    deviceId: string,
  ) {
    if (!devices.some((d) => d.userId === userId && d.deviceId === deviceId && !d.left))
      throw new MessagingError('device_not_found', 'This device of yours is not in the thread.', [
        { field: 'deviceId', reasons: ['not in this thread'] },
      ]);
  }

  /** Who may add and remove which devices; added devices must have been claimed by the committer. */
  private async assertMayChange(
    m: EntityManager,
    thread: ThreadRow,
    userId: string,
    devices: { userId: string; deviceId: string; left: boolean }[],
    added: DeviceRef[],
    removed: DeviceRef[],
  ): Promise<void> {
    const present = new Map(devices.map((d) => [key(d), d]));
    const badRemoved = removed.filter((d) => !present.has(key(d)));
    if (badRemoved.length > 0)
      throw new MessagingError('message_rejected', 'The commit removes devices that are not in the thread.', [
        { field: 'removed', reasons: badRemoved.map((d) => `${key(d)} is not in the thread`) },
      ]);
    const badAdded = added.filter((d) => present.get(key(d))?.left === false);
    if (badAdded.length > 0)
      throw new MessagingError('message_rejected', 'The commit adds devices already in the thread.', [
        { field: 'added', reasons: badAdded.map((d) => `${key(d)} is in the thread`) },
      ]);
    const role = await this.repo.roleOf(m, thread.id, userId);
    if (role !== 'admin') {
      // A member adds their own devices (a person's new browser is brought in by one of their own)
      // and removes their own and devices that left, were revoked or were replaced by a new
      // identity key. After someone's key change (which every member's client makes its person
      // accept), a member may swap that person's replaced devices for their current ones in one
      // commit: the person was in the thread already, so nobody new comes in.
      const retired = await this.repo.retiredDevices(m, removed);
      const swapped = new Set(removed.filter((d) => retired.has(key(d))).map((d) => d.userId));
      const mayAdd = (d: DeviceRef) => d.userId === userId || swapped.has(d.userId);
      const mayRemove = (d: DeviceRef) => d.userId === userId || present.get(key(d))?.left || retired.has(key(d));
      if (!added.every(mayAdd) || !removed.every(mayRemove))
        throw new MessagingError(
          'not_thread_admin',
          'Only the thread’s admins add or remove people (a member adds their own devices, removes devices that left, were revoked or were replaced, and swaps a person’s replaced devices for their current ones).',
        );
    }
    const retiredAdds = await this.repo.retiredDevices(m, added);
    if (retiredAdds.size > 0)
      throw new MessagingError('message_rejected', 'The commit adds revoked or replaced devices.', [
        { field: 'added', reasons: [...retiredAdds].map((d) => `${d} is revoked or replaced`) },
      ]);
    const unclaimed = await this.repo.useClaims(m, userId, added);
    if (unclaimed.length > 0)
      throw new MessagingError('message_rejected', 'The commit adds devices whose KeyPackages you did not claim.', [
        { field: 'added', reasons: unclaimed.map((d) => `${key(d)} was not claimed by you`) },
      ]);
  }
}

/** A retried client message id answers the stored message only if it is of the same kind. */
function sameKind(stored: StoredMessage, kind: StoredMessage['kind']): StoredMessage {
  if (stored.kind !== kind)
    throw new MessagingError('message_rejected', 'This client message id was used for something else.', [
      { field: 'clientMessageId', reasons: [`already used for a ${stored.kind}`] },
    ]);
  return stored;
}

/** Each device once, and never both added and removed. */
function assertDistinct(added: DeviceRef[], removed: DeviceRef[]) {
  const all = [...added, ...removed].map(key);
  if (new Set(all).size !== all.length)
    throw new MessagingError('message_rejected', 'A device is listed twice.', [
      { field: 'added', reasons: ['each device once, in added or removed'] },
    ]);
}

const staleEpoch = (current: number) =>
  new MessagingError(
    'stale_epoch',
    'The thread moved on to a newer epoch: process the newer commits first.',
    [{ field: 'epoch', reasons: [`the thread is at epoch ${current}`] }],
    { currentEpoch: current },
  );
