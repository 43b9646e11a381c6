import type { Readable } from 'node:stream';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '@liaison/core';
import { MessagingError } from '../errors.js';
import { AttachmentStore } from './attachment-store.js';
import { DeliveryRepository } from './delivery.repository.js';

const RETENTION_JOB = 'messaging.mls-retention';
const V1_RETENTION_JOB = 'messaging.retention';
const DAY_MS = 24 * 60 * 60 * 1000;
const OCTET_STREAM = 'application/octet-stream';

/**
 * Encrypted attachments of MLS threads (members only, ids per thread) and the threads' retention
 * of messages and attachments.
 */
@Injectable()
export class MlsAttachmentsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly store: AttachmentStore,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(RETENTION_JOB, async () => {
      await this.applyRetention();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(RETENTION_JOB, DAY_MS);
    // Protocol v1's retention job (its tables are gone): a deployment's scheduler may still hold it.
    await this.jobs.stopRepeating(V1_RETENTION_JOB);
  }

  /**
   * Streams a member's ciphertext to storage. Only a body sent as application/octet-stream is
   * raw bytes: any other type is read (JSON, forms) or misread before it gets here, and would be
   * stored empty or altered.
   */
  async upload(
    userId: string,
    threadId: string,
    id: string,
    body: Readable,
    declared: { length: number | null; contentType: string | undefined },
  ) {
    if (!(await this.repo.forMember(threadId, userId)))
      throw new MessagingError('thread_not_found', 'No such thread, or you are not in it.');
    if (declared.contentType?.split(';')[0]?.trim().toLowerCase() !== OCTET_STREAM)
      throw new MessagingError(
        'unsupported_media_type',
        'Send the encrypted attachment as raw bytes (application/octet-stream).',
        [{ field: 'content-type', reasons: [`the content type must be ${OCTET_STREAM}`] }],
      );
    const declaredLength = declared.length;
    if (declaredLength !== null && declaredLength > this.store.limit)
      throw new MessagingError('attachment_too_large', `An attachment holds at most ${this.store.limit} bytes.`);
    if (await this.repo.attachmentExists(threadId, id))
      throw new MessagingError('attachment_exists', 'An attachment with this id exists already in this thread.');
    const { size, sha256 } = await this.store.write(threadId, id, body);
    try {
      await this.repo.insertAttachment({ threadId, id, uploaderUserId: userId, size, sha256 });
    } catch (err) {
      await this.store.remove(threadId, id);
      throw err;
    }
    return { id, threadId, size, sha256 };
  }

  async download(userId: string, threadId: string, id: string) {
    if (!(await this.repo.forMember(threadId, userId)))
      throw new MessagingError('thread_not_found', 'No such thread, or you are not in it.');
    const row = await this.repo.attachment(threadId, id);
    if (!row) throw new MessagingError('attachment_not_found', 'There is no such attachment in this thread.');
    const { stream, size } = await this.store.read(threadId, id);
    return { row, stream, size };
  }

  /** Messages and attachments older than their thread's retention period. */
  async applyRetention(now = new Date()): Promise<{ messages: number; attachments: number }> {
    const { messages, attachments } = await this.repo.expire(now);
    for (const a of attachments) await this.store.remove(a.threadId, a.id);
    return { messages, attachments: attachments.length };
  }
}
