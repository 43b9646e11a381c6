import { Injectable } from '@nestjs/common';
import { RealtimePublisher } from '@liaison/core';
import { MessagingError } from '../errors.js';
import { ApplicationInserts } from './application-inserts.js';
import { type AssignedMessage, DeliveryRepository, type StoredMessage } from './delivery.repository.js';
import type { MlsMessageDto, StoredDto } from './delivery.dto.js';
import { DeliveryDevicesService } from './delivery-devices.service.js';
import { framingOf, mlsRoom, notFound, sameKind, staleEpoch, toMlsMessageDto } from './delivery-framing.js';

/**
 * Application messages of MLS threads: stored under the current epoch with gap-free seqs,
 * idempotent on the client's message id; reading them back and the read position.
 */
@Injectable()
export class DeliveryMessagesService {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly deviceProofs: DeliveryDevicesService,
    private readonly realtime: RealtimePublisher,
    private readonly inserts: ApplicationInserts,
  ) {}

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
      await this.deviceProofs.assertSigned(
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

  async messages(userId: string, threadId: string, deviceId: string, afterSeq: number, limit: number) {
    const items = await this.repo.messagesFor(threadId, userId, deviceId, afterSeq, limit);
    if (!items) throw notFound();
    return { items: items.map(toMlsMessageDto) };
  }

  async markRead(userId: string, threadId: string, seq: number): Promise<number> {
    const read = await this.repo.markRead(threadId, userId, seq);
    if (read === null) throw notFound();
    return read;
  }
}
