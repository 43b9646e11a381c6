import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { MessagingError } from '../errors.js';
import { B64URL, b64Message } from '../keys/keys.dto.js';
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

class SignerProofDto {
  @ApiProperty({ description: "Ed25519 signature over the connection proof for this socket's id (base64url)" })
  @Length(86, 86)
  @Matches(B64URL, b64Message('signature'))
  signature: string;
}

class SocketReadDto extends ThreadRefDto {
  @ApiProperty() @IsInt() @Min(0) seq: number;
}

/**
 * The thread events of the `/realtime` namespace. `thread.subscribe` joins the thread's room
 * first and then answers with the backlog after `afterSeq`, so nothing committed in between is
 * missed; a client applies messages by seq and ignores any it already has, which makes delivery
 * exactly once and in order across reconnects. Every event checks membership. The server checks
 * the signature of every message from a socket until its client proves the key (`signer.prove`).
 */
@Injectable()
export class ThreadsRealtime implements OnModuleInit {
  /**
   * Sockets whose client proved it holds its user's signing key (`signer.prove`: a signature over
   * that socket's id). The server does not check their messages' signatures again; recipients
   * check every one.
   */
  private readonly provenSigners = new WeakSet<object>();
  /** Connections proven so far, and proofs refused. */
  readonly stats = { proven: 0, refused: 0 };

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
      const { message: stored, created } = await this.threads.send(user.id, threadId, message, origin);
      return { message: toMessageView(stored), created };
    });

    this.gateway.handle('signer.prove', async (user, payload, socket) => {
      const { signature } = await validatePayload(SignerProofDto, payload);
      if (!(await this.threads.proveConnection(user.id, socket.id, signature))) {
        this.stats.refused++;
        throw new MessagingError('signer_proof_rejected', 'The signature does not prove this connection.', [
          { field: 'signature', reasons: ['not a signature over this connection by one of your published keys'] },
        ]);
      }
      this.provenSigners.add(socket);
      this.stats.proven++;
      return {};
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
