import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { DeviceQueryDto, SendMlsMessageDto } from './delivery.dto.js';
import { MessagingError } from '../errors.js';
import { DeliveryService, mlsDeviceRoom, mlsRoom } from './delivery.service.js';

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
  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly delivery: DeliveryService,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('mls.subscribe', async (user, payload, socket) => {
      const { threadId, deviceId, afterSeq } = await validatePayload(MlsSubscribeDto, payload);
      // The membership check comes first: a stranger's subscribe answers 404 and joins nothing; so
      // does a device that left (it may still read up to its removal, but not follow the thread).
      const { members } = await this.delivery.detail(user.id, threadId);
      if (!members.some((m) => m.userId === user.id && m.devices.includes(deviceId)))
        throw new MessagingError('thread_not_found', 'No such thread, or you are not in it.');
      await socket.join([mlsRoom(threadId), mlsDeviceRoom(user.id, deviceId)]);
      const { items } = await this.delivery.messages(user.id, threadId, deviceId, afterSeq, BACKLOG_LIMIT);
      return { messages: items, more: items.length === BACKLOG_LIMIT };
    });

    this.gateway.handle('mls.unsubscribe', async (_user, payload, socket) => {
      const { threadId } = await validatePayload(MlsThreadRefDto, payload);
      await socket.leave(mlsRoom(threadId));
      return {};
    });

    this.gateway.handle('mls.send', async (user, payload, socket) => {
      const { threadId, ...message } = await validatePayload(MlsSocketSendDto, payload);
      const { id, seq, epoch, created } = await this.delivery.send(user.id, threadId, message, socket.id);
      return { id, seq, epoch, created };
    });

    this.gateway.handle('mls.read', async (user, payload) => {
      const { threadId, seq } = await validatePayload(MlsSocketReadDto, payload);
      return { lastReadSeq: await this.delivery.markRead(user.id, threadId, seq) };
    });
  }
}
