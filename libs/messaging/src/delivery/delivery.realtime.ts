import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { DeviceQueryDto, SendMlsMessageDto } from './delivery.dto.js';
import { MessagingError } from '../errors.js';
import { mlsDeviceRoom, mlsRoom } from './delivery-framing.js';
import { DeliveryDevicesService } from './delivery-devices.service.js';
import { DeliveryMessagesService } from './delivery-messages.service.js';
import { DeliveryRosterService } from './delivery-roster.service.js';

const BACKLOG_LIMIT = 500;

class MlsThreadRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
}

class MlsSubscribeDto extends DeviceQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty({ default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq: number = 0;
}

class MlsSocketSendDto extends SendMlsMessageDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
}

class MlsProveDto extends DeviceQueryDto {
  @ApiProperty({ description: 'The device key’s Ed25519 signature of the socket proof statement (base64url)' })
  @Length(86, 86)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'signature must be base64url' })
  signature: string;
}

class MlsSocketReadDto extends MlsThreadRefDto {
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) seq: number;
}

/**
 * The MLS threads' events of the `/realtime` namespace. `mls.subscribe` joins the thread's room
 * first and then answers the device's backlog after `afterSeq`, so nothing stored in between is
 * missed; clients apply messages by seq and skip those they have. Every event checks membership.
 */
@Injectable()
export class DeliveryRealtime implements OnModuleInit {
  /**
   * The devices that proved their key on each connection (`mls.prove`: a signature over the
   * user, the device and the connection's id): their messages there are not checked one by one.
   */
  private readonly provenDevices = new WeakMap<object, Set<string>>();
  /** Per connection, when its latest message is queued for storing (see `mls.send`). */
  private readonly queued = new WeakMap<object, Promise<void>>();

  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly delivery: DeliveryMessagesService,
    private readonly roster: DeliveryRosterService,
    private readonly devices: DeliveryDevicesService,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('mls.subscribe', async (user, payload, socket) => {
      const { deviceId, afterSeq, ...ref } = await validatePayload(MlsSubscribeDto, payload);
      const threadId = ref.threadId.toLowerCase(); // one room per thread, however its id is spelt
      // The membership check comes first: a stranger's subscribe answers 404 and joins nothing; so
      // does a device that left (it may still read up to its removal, but not follow the thread).
      const { members } = await this.roster.detail(user.id, threadId);
      if (!members.some((m) => m.userId === user.id && m.devices.includes(deviceId)))
        throw new MessagingError('thread_not_found', 'No such thread, or you are not in it.');
      await socket.join([mlsRoom(threadId), mlsDeviceRoom(user.id, deviceId)]);
      const { items } = await this.delivery.messages(user.id, threadId, deviceId, afterSeq, BACKLOG_LIMIT);
      return { messages: items, more: items.length === BACKLOG_LIMIT };
    });

    this.gateway.handle('mls.unsubscribe', async (_user, payload, socket) => {
      const { threadId } = await validatePayload(MlsThreadRefDto, payload);
      await socket.leave(mlsRoom(threadId.toLowerCase()));
      return {};
    });

    this.gateway.handle('mls.send', async (user, payload, socket) => {
      // A connection's messages are stored in the order they arrived, whatever their checks cost:
      // each waits for the one before it to be queued for storing (not for it to be stored).
      const before = this.queued.get(socket) ?? Promise.resolve();
      let queued!: () => void;
      const mine = new Promise<void>((resolve) => (queued = resolve));
      this.queued.set(socket, mine);
      try {
        const { threadId: spelt, ...message } = await validatePayload(MlsSocketSendDto, payload);
        const threadId = spelt.toLowerCase();
        const deviceProven = this.provenDevices.get(socket)?.has(message.deviceId) ?? false;
        const { id, seq, epoch, created } = await this.delivery.send(user.id, threadId, message, {
          socketId: socket.id,
          deviceProven,
          inOrder: { after: before, queued },
        });
        return { id, seq, epoch, created };
      } finally {
        queued();
        if (this.queued.get(socket) === mine) this.queued.delete(socket);
      }
    });

    this.gateway.handle('mls.prove', async (user, payload, socket) => {
      const { deviceId, signature } = await validatePayload(MlsProveDto, payload);
      if (!(await this.devices.proveSocket(user.id, deviceId, socket.id, signature)))
        throw new MessagingError('message_rejected', 'The signature does not prove this connection.', [
          { field: 'signature', reasons: ['not a signature over this connection by this device’s key'] },
        ]);
      const proven = this.provenDevices.get(socket) ?? new Set<string>();
      proven.add(deviceId);
      this.provenDevices.set(socket, proven);
      return {};
    });

    this.gateway.handle('mls.read', async (user, payload) => {
      const { threadId, seq } = await validatePayload(MlsSocketReadDto, payload);
      return { lastReadSeq: await this.delivery.markRead(user.id, threadId.toLowerCase(), seq) };
    });
  }
}
