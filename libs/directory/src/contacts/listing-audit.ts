import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type AuditInput, AuditService } from '@liaison/audit';
import { JobQueue } from '@liaison/core';

const JOB = 'directory.audit.listed';
/** How long a listing waits for others before its batch is handed to the job queue. */
const FLUSH_AFTER_MS = 200;
const MAX_BATCH = 200;

/**
 * Listings of restricted entries happen on every keystroke of a search, so they are audited in
 * batches: collected for at most 200 ms, then one job appends the batch to the audit chain in one
 * transaction (retried by the job queue). Each listing stays its own audit event. What is still
 * collected at shutdown is handed over before the job queue closes.
 */
@Injectable()
export class ListingAudit implements OnModuleInit, OnModuleDestroy {
  private pending: AuditInput[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.handle<AuditInput[]>(JOB, async (events) => {
      await this.audit.recordMany(events);
    });
  }

  add(event: AuditInput): void {
    this.pending.push(event);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) await this.jobs.enqueue<AuditInput[]>(JOB, batch);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
