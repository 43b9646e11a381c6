import type { HotStatements } from '@liaison/core';
import type { EncryptedMessage } from '@liaison/e2ee';

/** A message to store: what the sender signed, as the server keeps it. */
export type MessageInsert = EncryptedMessage;

/** What the server assigns to a stored message. */
export interface Assigned {
  id: string;
  seq: string;
  createdAt: Date;
}

/**
 * Stores one message: the thread row's lock orders the seqs (gap-free; a failed insert rolls the
 * increment back), and only a member under the current epoch gets through. No row: not a member,
 * or a stale epoch.
 */
export const SEND_STATEMENT = `WITH t AS (
  UPDATE thread SET last_seq = last_seq + 1
   WHERE id = $1 AND epoch = $2 AND EXISTS (SELECT 1 FROM thread_member WHERE thread_id = $1 AND user_id = $3)
  RETURNING last_seq)
INSERT INTO message (thread_id, seq, epoch, sender_user_id, client_message_id, sent_at, nonce, ciphertext, signature)
SELECT $1, t.last_seq, $2, $3, $4, $5, $6, $7, $8 FROM t
RETURNING id, seq, created_at AS "createdAt"`;

/**
 * Stores many messages in one statement, with the same rules as SEND_STATEMENT for each: members
 * only, under their thread's current epoch, not stored before; each thread's `last_seq` moves by
 * the number it stores, and they take the seqs in the order given. Messages left out are returned
 * by nobody (their senders get the exact answer from SEND_STATEMENT). The thread rows are locked
 * in id order before any is updated, so two instances' batches over the same threads queue
 * behind each other instead of deadlocking; the lock is the UPDATE's own (FOR NO KEY UPDATE), so
 * rows that refer to the thread (members, roster events) can still be inserted meanwhile.
 */
export const BATCH_STATEMENT = `WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
    WITH ORDINALITY AS i(thread_id, epoch, sender_user_id, client_message_id, sent_at, nonce, ciphertext, signature, ord)),
accepted AS (
  SELECT i.* FROM input i
   WHERE EXISTS (SELECT 1 FROM thread_member m WHERE m.thread_id = i.thread_id AND m.user_id = i.sender_user_id)
     AND NOT EXISTS (SELECT 1 FROM message x WHERE x.thread_id = i.thread_id AND x.sender_user_id = i.sender_user_id
                        AND x.client_message_id = i.client_message_id)),
counted AS (SELECT thread_id, epoch, count(*)::int AS n FROM accepted GROUP BY thread_id, epoch),
locked AS (SELECT t.id FROM thread t WHERE t.id IN (SELECT thread_id FROM counted) ORDER BY t.id FOR NO KEY UPDATE),
bumped AS (
  UPDATE thread t SET last_seq = t.last_seq + c.n FROM counted c, locked l
   WHERE t.id = c.thread_id AND t.epoch = c.epoch AND l.id = t.id
  RETURNING t.id, t.epoch, t.last_seq - c.n AS base)
INSERT INTO message (thread_id, seq, epoch, sender_user_id, client_message_id, sent_at, nonce, ciphertext, signature)
SELECT a.thread_id, b.base + row_number() OVER (PARTITION BY a.thread_id ORDER BY a.ord), a.epoch, a.sender_user_id,
       a.client_message_id, a.sent_at, a.nonce, a.ciphertext, a.signature
  FROM accepted a JOIN bumped b ON b.id = a.thread_id AND b.epoch = a.epoch
RETURNING id, seq, created_at AS "createdAt", thread_id AS "threadId", sender_user_id AS "senderUserId",
          client_message_id AS "clientMessageId"`;

const MAX_BATCH = 200;

interface Waiting {
  message: MessageInsert;
  resolve: (assigned: Assigned | null) => void;
  reject: (err: unknown) => void;
}

const keyOf = (m: { threadId: string; senderUserId: string; clientMessageId: string }) =>
  `${m.threadId}|${m.senderUserId}|${m.clientMessageId}`;
const paramsOf = (m: MessageInsert) => [
  m.threadId,
  m.epoch,
  m.senderUserId,
  m.clientMessageId,
  m.sentAt,
  m.nonce,
  m.ciphertext,
  m.signature,
];

/** BATCH_STATEMENT's parameters for these messages: one array per column. */
export function batchColumns(messages: MessageInsert[]): unknown[][] {
  const params = messages.map(paramsOf);
  return params[0].map((_, c) => params.map((p) => p[c]));
}

/**
 * The message inserts of this process. The messages that arrive in one turn of the event loop
 * (read from the sockets that were ready together) go in one statement once the turn has read
 * them all, if fewer than `concurrency` statements are under way; when they are all busy, the
 * messages arriving meanwhile wait and go together in the next statement (at most MAX_BATCH):
 * under load, fewer transactions, round trips and backend wake-ups per message, and no added
 * wait when idle. A thread has at most
 * one statement under way here, so this process's statements never wait on each other's thread
 * row locks; another instance's batches take them in the same order (no deadlock). A batch that
 * fails as a whole (a retry racing its original, say) is stored again message by message, so
 * each sender gets its own exact answer.
 */
export class MessageInserts {
  /**
   * Statements run, messages stored in statements shared with others, and shared statements that
   * failed as a whole (their messages then stored one by one).
   */
  readonly stats = { statements: 0, batched: 0, failedBatches: 0 };
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private pumpScheduled = false;
  /** Threads with a statement under way: their next messages wait for it (no lock waits, no deadlocks). */
  private readonly busyThreads = new Set<string>();

  constructor(
    private readonly hot: HotStatements,
    private readonly concurrency: number,
  ) {}

  /** The seq, id and time assigned, or null when the message was not stored (see SEND_STATEMENT). */
  insert(message: MessageInsert): Promise<Assigned | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      // Once the event loop has read every socket that is ready: what arrived together goes together.
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        setImmediate(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // all waiting for busy threads
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
      const key = keyOf(this.waiting[i].message);
      if (keys.has(key) || this.busyThreads.has(this.waiting[i].message.threadId)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async store(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.storeOne(batch[0]);
    let rows: (Assigned & { threadId: string; senderUserId: string; clientMessageId: string })[];
    try {
      const columns = batchColumns(batch.map((w) => w.message));
      this.stats.statements++;
      rows = await this.hot.query('messaging.send-batch', BATCH_STATEMENT, columns);
      this.stats.batched += rows.length;
    } catch {
      // Nothing of the batch was stored: each message on its own, for its own answer; a
      // thread's messages one after the other, so they still take their seqs in arrival order.
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
        // Left out (not a member, a stale epoch, stored before): the single statement says which.
        if (!row) return this.storeOne(w);
        w.resolve({ id: row.id, seq: row.seq, createdAt: row.createdAt });
      }),
    );
  }

  private async storeOne(w: Waiting): Promise<void> {
    this.stats.statements++;
    try {
      const rows = await this.hot.query<Assigned>('messaging.send', SEND_STATEMENT, paramsOf(w.message));
      w.resolve(rows[0] ?? null);
    } catch (err) {
      w.reject(err);
    }
  }
}
