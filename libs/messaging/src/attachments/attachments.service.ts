import type { Readable } from 'node:stream';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '@liaison/core';
import { MessagingError } from '../errors.js';
import { ThreadsService } from '../threads/threads.service.js';
import { Attachment } from './attachment.entity.js';
import { AttachmentStore } from './attachment-store.js';

const RETENTION_JOB = 'messaging.retention';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Encrypted attachments (members only) and per-thread retention of messages and attachments. */
@Injectable()
export class AttachmentsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly threads: ThreadsService,
    private readonly store: AttachmentStore,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(RETENTION_JOB, async () => {
      await this.applyRetention();
    });
  }

  /** Schedules the daily retention sweep (only processes that run jobs take it). */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(RETENTION_JOB, DAY_MS);
  }

  async upload(userId: string, threadId: string, id: string, body: Readable, declaredLength: number | null) {
    await this.threads.forMember(threadId, userId);
    if (declaredLength !== null && declaredLength > this.store.limit)
      throw new MessagingError('attachment_too_large', `An attachment holds at most ${this.store.limit} bytes.`);
    if (await this.dataSource.getRepository(Attachment).existsBy({ id }))
      throw new MessagingError('attachment_exists', 'An attachment with this id exists already.');
    const { size, sha256 } = await this.store.write(threadId, id, body);
    try {
      const row = this.dataSource
        .getRepository(Attachment)
        .create({ id, threadId, uploaderUserId: userId, size, sha256 });
      await this.dataSource.getRepository(Attachment).insert(row);
      return row;
    } catch (err) {
      await this.store.remove(threadId, id);
      throw err;
    }
  }

  async download(userId: string, threadId: string, id: string) {
    await this.threads.forMember(threadId, userId);
    const row = await this.dataSource.getRepository(Attachment).findOneBy({ id, threadId });
    if (!row) throw new MessagingError('attachment_not_found', 'There is no such attachment in this thread.');
    const { stream, size } = await this.store.read(threadId, id);
    return { row, stream, size };
  }

  /** Deletes a thread for everyone (an admin's act): rows cascade, the attachment files go too. */
  async deleteThread(userId: string, threadId: string): Promise<void> {
    await this.threads.delete(userId, threadId);
    await this.store.removeThread(threadId);
  }

  /** Messages and attachments older than their thread's retention period. */
  async applyRetention(now = new Date()): Promise<{ messages: number; attachments: number }> {
    const messages = await this.dataSource.query<{ count: number }[]>(
      `WITH gone AS (
         DELETE FROM message m USING thread t
          WHERE m.thread_id = t.id AND t.retention_days IS NOT NULL
            AND m.created_at < $1::timestamptz - make_interval(days => t.retention_days)
         RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [now.toISOString()],
    );
    const attachments = await this.dataSource.query<{ id: string; thread_id: string }[]>(
      `WITH gone AS (
         DELETE FROM attachment a USING thread t
          WHERE a.thread_id = t.id AND t.retention_days IS NOT NULL
            AND a.created_at < $1::timestamptz - make_interval(days => t.retention_days)
         RETURNING a.id, a.thread_id)
       SELECT id, thread_id FROM gone`,
      [now.toISOString()],
    );
    for (const a of attachments) await this.store.remove(a.thread_id, a.id);
    return { messages: messages[0]?.count ?? 0, attachments: attachments.length };
  }
}
