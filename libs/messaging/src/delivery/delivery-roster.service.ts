import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { type DeliveryRequest, mlsFraming } from '@liaison/e2ee';
import { MessagingError, protocolCheck } from '../errors.js';
import { DeliveryRepository, type ThreadRow } from './delivery.repository.js';
import type { CommitDto, MlsMemberDto, MlsThreadDetailDto, StoredDto } from './delivery.dto.js';
import { DeliveryDevicesService } from './delivery-devices.service.js';
import {
  assertDistinct,
  assertSendingDevice,
  bytesOf,
  type DeviceRef,
  framingOf,
  key,
  mlsDeviceRoom,
  mlsRoom,
  notFound,
  sameKind,
  staleEpoch,
  toMlsMessageDto,
} from './delivery-framing.js';

/**
 * Who is in an MLS thread (protocol v2): creating it, ordering its commits (the first valid commit
 * for an epoch wins; others get 409 with the current epoch) and the Welcomes of the devices they
 * add, leaving, roles, and the thread as its members see it. Commits may add only devices whose
 * KeyPackages their committer claimed (neither revoked nor replaced); only admins change who is in
 * a thread, except adding or removing one's own devices and removing devices that left, were
 * revoked or were replaced by a new identity key.
 */
@Injectable()
export class DeliveryRosterService {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly deviceProofs: DeliveryDevicesService,
    private readonly realtime: RealtimePublisher,
    private readonly audit: AuditService,
  ) {}

  async create(
    userId: string,
    dto: { threadId: string; deviceId: string; linkedType?: string; linkedId?: string; retentionDays?: number },
  ): Promise<ThreadRow> {
    await this.deviceProofs.assertOwnDevice(userId, dto.deviceId);
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
    await this.deviceProofs.assertSigned(userId, dto.deviceId, request, dto.signature);
    const result = await this.repo.transaction(async (m) => {
      const thread = await this.repo.lockForMember(m, threadId, userId);
      if (!thread) throw notFound();
      const again = await this.repo.messageByClientId(m, threadId, userId, dto.clientMessageId);
      if (again) return { stored: sameKind(again, 'commit'), created: false, added: [], removed: [] };
      const devices = await this.repo.devices(threadId, m);
      assertSendingDevice(devices, userId, dto.deviceId);
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
    await this.deviceProofs.assertSigned(
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
      assertSendingDevice(await this.repo.devices(threadId, m), userId, dto.deviceId);
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
