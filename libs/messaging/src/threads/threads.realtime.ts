import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { KeysService } from '../keys/keys.service.js';
import { SendMessageDto } from './threads.dto.js';
import { threadRoom, ThreadsService, toMessageView } from './threads.service.js';

export const BACKLOG_LIMIT = 500;

class ThreadRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
}

class SubscribeDto extends ThreadRefDto {
  @ApiProperty({ default: 0 }) @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) afterSeq: number = 0;
}

class SocketSendDto extends SendMessageDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
}

class SocketReadDto extends ThreadRefDto {
  @ApiProperty() @IsInt() @Min(0) seq: number;
}

/**
 * The thread events of the `/realtime` namespace. `thread.subscribe` joins the thread's room
 * first and then answers with the backlog after `afterSeq`, so nothing committed in between is
 * missed; a client applies messages by seq and ignores any it already has, which makes delivery
 * exactly once and in order across reconnects. Every event checks membership. The server checks
 * the signature of the first message a socket stores (see `ThreadsService.send`).
 */
@Injectable()
export class ThreadsRealtime implements OnModuleInit {
  /**
   * Sockets whose client proved it holds the sender's signing key: a recently signed message sent
   * on the socket verified and was stored as new (a replayed message is not new, or if the
   * original was deleted, not recent, so it proves nothing). Their later messages are not checked
   * again by the server; recipients check every one.
   */
  private readonly provenSigners = new WeakSet<object>();

  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly threads: ThreadsService,
    private readonly keys: KeysService,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('thread.subscribe', async (user, payload, socket) => {
      const { threadId, afterSeq } = await validatePayload(SubscribeDto, payload);
      const thread = await this.threads.forMember(threadId, user.id);
      await socket.join(threadRoom(threadId));
      this.keys.warmSigningKeys(user.id).catch(() => undefined); // its first send will not wait for them
      const { items, lastSeq } = await this.threads.messagesOf(thread, afterSeq, BACKLOG_LIMIT);
      return { messages: items.map(toMessageView), lastSeq, more: items.length === BACKLOG_LIMIT };
    });

    this.gateway.handle('thread.unsubscribe', async (_user, payload, socket) => {
      const { threadId } = await validatePayload(ThreadRefDto, payload);
      await socket.leave(threadRoom(threadId));
      return {};
    });

    this.gateway.handle('message.send', async (user, payload, socket) => {
      const { threadId, ...message } = await validatePayload(SocketSendDto, payload);
      const origin = { socketId: socket.id, signerProven: this.provenSigners.has(socket) };
      const { message: stored, created, provesSigner } = await this.threads.send(user.id, threadId, message, origin);
      // A new, recently signed message whose signature was checked: this socket's client holds the key.
      if (provesSigner) this.provenSigners.add(socket);
      return { message: toMessageView(stored), created };
    });

    this.gateway.handle('typing', async (user, payload, socket) => {
      const { threadId } = await validatePayload(ThreadRefDto, payload);
      await this.threads.forMember(threadId, user.id);
      socket.to(threadRoom(threadId)).emit('typing', { threadId, userId: user.id });
      return {};
    });

    this.gateway.handle('read', async (user, payload) => {
      const { threadId, seq } = await validatePayload(SocketReadDto, payload);
      return { lastReadSeq: await this.threads.markRead(user.id, threadId, seq) };
    });
  }
}
