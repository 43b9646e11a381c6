import { Injectable } from '@nestjs/common';
import {
  type ApplicationInsert,
  type AssignedMessage,
  DeliveryRepository,
  type MessageKey,
} from './delivery.repository.js';

/** At most this many messages in one statement. */
const MAX_BATCH = 200;
/** Statements under way at once; the rest wait and go together in the next one. */
const CONCURRENCY = 4;

interface Waiting {
  message: ApplicationInsert;
  resolve: (assigned: AssignedMessage | null) => void;
  reject: (err: unknown) => void;
}

const keyOf = (m: MessageKey) => JSON.stringify([m.threadId, m.senderUserId, m.clientMessageId]);

/**
 * The application-message inserts of this process. The messages read in one turn of the event
 * loop (from the sockets that were ready together) go in one statement once the turn has read
 * them all, if fewer than CONCURRENCY statements are under way; when all are busy, the messages
 * arriving meanwhile wait and go together in the next statement (at most MAX_BATCH). Under load
 * that means fewer transactions, round trips and backend wake-ups per message, and no added wait
 * when idle. A thread has at most one statement under way here, so this process's statements
 * never wait on each other's thread-row locks (another instance's batches take them in the same
 * order: no deadlock). A batch that fails as a whole (a retry racing its original, say) is stored
 * again message by message, a thread's messages one after the other, so each sender gets their
 * own exact answer and the seqs still follow the order of arrival.
 */
@Injectable()
export class ApplicationInserts {
  /** Statements run, messages stored in statements shared with others, batches that failed as a whole. */
  readonly stats = { statements: 0, batched: 0, failedBatches: 0 };
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private pumpScheduled = false;
  private readonly busyThreads = new Set<string>();

  constructor(private readonly repo: DeliveryRepository) {}

  /** The id, seq and time assigned, or null when the message was not stored (see insertApplication). */
  insert(message: ApplicationInsert): Promise<AssignedMessage | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        // Once the event loop has read every socket that is ready: what arrived together goes together.
        setImmediate(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.waiting.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // every waiting message's thread has a statement under way
      const threads = new Set(batch.map((w) => w.message.threadId));
      for (const t of threads) this.busyThreads.add(t);
      this.running++;
      void this.store(batch).finally(() => {
        for (const t of threads) this.busyThreads.delete(t);
        this.running--;
        this.pump();
      });
    }
  }

  /**
   * The next waiting messages in arrival order, leaving for later those of a thread with a
   * statement under way and a second message with the same key (a retry).
   */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < MAX_BATCH;) {
      const w = this.waiting[i]!;
      const key = keyOf(w.message);
      if (keys.has(key) || this.busyThreads.has(w.message.threadId)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async store(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.storeOne(batch[0]!);
    let rows: (AssignedMessage & MessageKey)[];
    try {
      this.stats.statements++;
      rows = await this.repo.insertApplications(batch.map((w) => w.message));
      this.stats.batched += rows.length;
    } catch {
      this.stats.failedBatches++;
      const byThread = new Map<string, Waiting[]>();
      for (const w of batch) byThread.set(w.message.threadId, [...(byThread.get(w.message.threadId) ?? []), w]);
      await Promise.all(
        [...byThread.values()].map(async (own) => {
          for (const w of own) await this.storeOne(w);
        }),
      );
      return;
    }
    const stored = new Map(rows.map((r) => [keyOf(r), r]));
    await Promise.all(
      batch.map(async (w) => {
        const row = stored.get(keyOf(w.message));
        // Left out (a device not in the thread, a stale epoch, stored before): the single statement says which.
        if (!row) return this.storeOne(w);
        w.resolve({ id: row.id, seq: row.seq, createdAt: row.createdAt });
      }),
    );
  }

  private async storeOne(w: Waiting): Promise<void> {
    this.stats.statements++;
    try {
      w.resolve(await this.repo.insertApplication(w.message));
    } catch (err) {
      w.reject(err);
    }
  }
}
