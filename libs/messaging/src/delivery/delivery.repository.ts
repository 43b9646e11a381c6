import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { HotStatements } from '@liaison/core';

/** Every statement of the MLS delivery service: threads, their devices and members, messages, Welcomes. */

export interface ThreadRow {
  id: string;
  createdBy: string;
  epoch: number;
  lastSeq: number;
  linkedType: string | null;
  linkedId: string | null;
  retentionDays: number | null;
  createdAt: Date;
}

export interface DeviceInThread {
  userId: string;
  deviceId: string;
  joinedSeq: number;
  left: boolean;
}

export interface Declared {
  added: { userId: string; deviceId: string }[];
  removed: { userId: string; deviceId: string }[];
}

export interface StoredMessage {
  declared: Declared | null;
  id: string;
  seq: number;
  epoch: number;
  kind: 'application' | 'commit' | 'proposal';
  senderUserId: string;
  senderDeviceId: string;
  clientMessageId: string;
  body: Buffer;
  createdAt: Date;
}

/** An application message to store, as its sender's device sent it. */
export interface ApplicationInsert {
  threadId: string;
  epoch: number;
  senderUserId: string;
  senderDeviceId: string;
  clientMessageId: string;
  body: Buffer;
}

/** What the server assigns to a stored message. */
export interface AssignedMessage {
  id: string;
  seq: number;
  createdAt: Date;
}

/** What makes a message one: a sender's client message id in a thread. */
export interface MessageKey {
  threadId: string;
  senderUserId: string;
  clientMessageId: string;
}

export interface ThreadListing extends ThreadRow {
  role: 'admin' | 'member';
  lastReadSeq: number;
  unread: number;
  memberCount: number;
  lastMessageAt: Date | null;
}

const THREAD_COLUMNS = `t.id, t.created_by AS "createdBy", t.epoch, t.last_seq::int AS "lastSeq", t.linked_type AS "linkedType",
  t.linked_id AS "linkedId", t.retention_days AS "retentionDays", t.created_at AS "createdAt"`;
const MESSAGE_COLUMNS = `id, seq::int AS seq, epoch, kind, sender_user_id AS "senderUserId", sender_device_id AS "senderDeviceId",
  client_message_id AS "clientMessageId", body, declared, created_at AS "createdAt"`;

@Injectable()
export class DeliveryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hot: HotStatements,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insertThread(
    m: EntityManager,
    t: {
      id: string;
      createdBy: string;
      linkedType: string | null;
      linkedId: string | null;
      retentionDays: number | null;
    },
  ): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO mls_thread (id, created_by, linked_type, linked_id, retention_days) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [t.id, t.createdBy, t.linkedType, t.linkedId, t.retentionDays],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The thread, locked for this transaction, if the user is a member of it. */
  async lockForMember(m: EntityManager, threadId: string, userId: string): Promise<ThreadRow | null> {
    const rows = (await m.query(
      `SELECT ${THREAD_COLUMNS} FROM mls_thread t
        WHERE t.id = $1 AND EXISTS (SELECT 1 FROM mls_thread_member x WHERE x.thread_id = t.id AND x.user_id = $2)
        FOR UPDATE`,
      [threadId, userId],
    )) as ThreadRow[];
    return rows[0] ?? null;
  }

  async forMember(
    threadId: string,
    userId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<(ThreadRow & { role: 'admin' | 'member' }) | null> {
    const rows = (await m.query(
      `SELECT ${THREAD_COLUMNS}, x.role FROM mls_thread t JOIN mls_thread_member x ON x.thread_id = t.id AND x.user_id = $2
        WHERE t.id = $1`,
      [threadId, userId],
    )) as (ThreadRow & { role: 'admin' | 'member' })[];
    return rows[0] ?? null;
  }

  /** Whether the thread has this application message and the user is a member of the thread (as in `forMember`). */
  async hasApplicationMessage(
    threadId: string,
    messageId: string,
    userId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = (await m.query(
      `SELECT 1 FROM mls_message g JOIN mls_thread_member x ON x.thread_id = g.thread_id AND x.user_id = $3
        WHERE g.thread_id = $1 AND g.id = $2 AND g.kind = 'application'`,
      [threadId, messageId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async devices(threadId: string, m: EntityManager = this.dataSource.manager): Promise<DeviceInThread[]> {
    return (await m.query(
      `SELECT user_id AS "userId", device_id AS "deviceId", joined_seq::int AS "joinedSeq", left_at IS NOT NULL AS left
         FROM mls_thread_device WHERE thread_id = $1 ORDER BY user_id, device_id`,
      [threadId],
    )) as DeviceInThread[];
  }

  async members(threadId: string): Promise<{ userId: string; role: 'admin' | 'member'; lastReadSeq: number }[]> {
    return (await this.dataSource.query(
      `SELECT user_id AS "userId", role, last_read_seq::int AS "lastReadSeq" FROM mls_thread_member
        WHERE thread_id = $1 ORDER BY user_id`,
      [threadId],
    )) as { userId: string; role: 'admin' | 'member'; lastReadSeq: number }[];
  }

  async roleOf(m: EntityManager, threadId: string, userId: string): Promise<'admin' | 'member' | null> {
    const rows = (await m.query(`SELECT role FROM mls_thread_member WHERE thread_id = $1 AND user_id = $2`, [
      threadId,
      userId,
    ])) as { role: 'admin' | 'member' }[];
    return rows[0]?.role ?? null;
  }

  /**
   * Of these devices, those their owner revoked or whose identity key the owner has since
   * replaced (certified by a key that is no longer the owner's latest in the log).
   */
  async retiredDevices(m: EntityManager, devices: { userId: string; deviceId: string }[]): Promise<Set<string>> {
    if (devices.length === 0) return new Set();
    const rows = (await m.query(
      `SELECT d.user_id AS "userId", d.device_id AS "deviceId"
         FROM mls_device d
         LEFT JOIN LATERAL (
           SELECT e.record->>'identityKey' AS key FROM key_log_entry e
            WHERE e.user_id = d.user_id AND e.kind = 'identity' ORDER BY e.position DESC LIMIT 1
         ) latest ON true
        WHERE (d.user_id, d.device_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
          AND (d.revoked_at IS NOT NULL
               OR latest.key IS DISTINCT FROM rtrim(translate(encode(d.identity_key, 'base64'), '+/', '-_'), '='))`,
      [devices.map((d) => d.userId), devices.map((d) => d.deviceId)],
    )) as { userId: string; deviceId: string }[];
    return new Set(rows.map((r) => `${r.userId}/${r.deviceId}`));
  }

  /**
   * Marks one unused claim by `claimedBy` of each device (within a week) as used; answers the
   * devices that had none.
   */
  async useClaims(
    m: EntityManager,
    claimedBy: string,
    devices: { userId: string; deviceId: string }[],
  ): Promise<{ userId: string; deviceId: string }[]> {
    const missing: { userId: string; deviceId: string }[] = [];
    for (const d of devices) {
      const [, count] = (await m.query(
        `UPDATE mls_key_package_claim SET used_at = now()
          WHERE id = (SELECT id FROM mls_key_package_claim
                       WHERE claimed_by = $1 AND user_id = $2 AND device_id = $3 AND used_at IS NULL
                         AND claimed_at > now() - interval '7 days'
                       ORDER BY claimed_at LIMIT 1 FOR UPDATE)`,
        [claimedBy, d.userId, d.deviceId],
      )) as [unknown[], number];
      if (count !== 1) missing.push(d);
    }
    return missing;
  }

  async proposalAfter(m: EntityManager, threadId: string, epoch: number, afterSeq: number): Promise<boolean> {
    const rows = (await m.query(
      `SELECT 1 FROM mls_message WHERE thread_id = $1 AND epoch = $2 AND kind = 'proposal' AND seq > $3 LIMIT 1`,
      [threadId, epoch, afterSeq],
    )) as unknown[];
    return rows.length > 0;
  }

  async nextSeq(m: EntityManager, threadId: string, epochChange: 0 | 1): Promise<{ seq: number; epoch: number }> {
    const [rows] = (await m.query(
      `UPDATE mls_thread SET last_seq = last_seq + 1, epoch = epoch + $2 WHERE id = $1
       RETURNING last_seq::int AS seq, epoch`,
      [threadId, epochChange],
    )) as [{ seq: number; epoch: number }[], number];
    return rows[0]!;
  }

  async insertMessage(
    m: EntityManager,
    msg: Omit<StoredMessage, 'id' | 'createdAt' | 'declared'> & { threadId: string; declared?: Declared },
  ): Promise<StoredMessage> {
    const rows = (await m.query(
      `INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body, declared)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${MESSAGE_COLUMNS}`,
      [
        msg.threadId,
        msg.seq,
        msg.epoch,
        msg.kind,
        msg.senderUserId,
        msg.senderDeviceId,
        msg.clientMessageId,
        msg.body,
        msg.declared ? JSON.stringify(msg.declared) : null,
      ],
    )) as StoredMessage[];
    return rows[0]!;
  }

  /**
   * Stores an application message in one statement (no transaction round trips): only from a
   * device in the thread and not revoked, only under the thread's current epoch, once per client
   * message id; the thread row's update orders the seqs (gap-free: a failed insert rolls it back).
   * Null when nothing was stored; the caller then finds out why.
   */
  async insertApplication(msg: ApplicationInsert): Promise<AssignedMessage | null> {
    const rows = await this.hot.query<AssignedMessage>(
      'mls.insert-application',
      `WITH dev AS (
         SELECT 1 FROM mls_thread_device d
           JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
          WHERE d.thread_id = $1 AND d.user_id = $3 AND d.device_id = $4 AND d.left_at IS NULL),
       -- The devices were read in this statement's snapshot: if a leave committed while this waited
       -- for the thread's row, the row's roster_version moved and nothing is stored.
       roster AS (SELECT roster_version FROM mls_thread WHERE id = $1),
       t AS (
         UPDATE mls_thread SET last_seq = last_seq + 1
          WHERE id = $1 AND epoch = $2 AND roster_version = (SELECT roster_version FROM roster)
            AND EXISTS (SELECT 1 FROM dev)
            AND NOT EXISTS (SELECT 1 FROM mls_message WHERE thread_id = $1 AND sender_user_id = $3 AND client_message_id = $5)
         RETURNING last_seq)
       INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body)
       SELECT gen_random_uuid(), $1, t.last_seq, $2, 'application', $3, $4, $5, $6 FROM t
       RETURNING id, seq::int AS seq, created_at AS "createdAt"`,
      [msg.threadId, msg.epoch, msg.senderUserId, msg.senderDeviceId, msg.clientMessageId, msg.body],
    );
    return rows[0] ?? null;
  }

  /**
   * Stores many application messages in one statement, with insertApplication's rules for each:
   * from a device in the thread and not revoked, under the thread's current epoch, not stored
   * before. Each thread's `last_seq` moves by the number it stores, and its messages take the seqs
   * in the order given. The thread rows are locked in id order before any is updated, so two
   * instances' batches over the same threads queue instead of deadlocking; the lock is the
   * UPDATE's own (FOR NO KEY UPDATE), so rows referring to a thread can still be inserted. Messages
   * left out are not returned (their senders get the exact answer from insertApplication). Two
   * messages with one key in the same batch fail it as a whole (the unique index).
   */
  async insertApplications(messages: readonly ApplicationInsert[]): Promise<(AssignedMessage & MessageKey)[]> {
    return this.hot.query<AssignedMessage & MessageKey>(
      'mls.insert-applications',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::bytea[])
           WITH ORDINALITY AS i(thread_id, epoch, sender_user_id, sender_device_id, client_message_id, body, ord)),
       accepted AS (
         SELECT i.* FROM input i
          WHERE EXISTS (
                  SELECT 1 FROM mls_thread_device d
                    JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
                   WHERE d.thread_id = i.thread_id AND d.user_id = i.sender_user_id
                     AND d.device_id = i.sender_device_id AND d.left_at IS NULL)
            AND NOT EXISTS (
                  SELECT 1 FROM mls_message x
                   WHERE x.thread_id = i.thread_id AND x.sender_user_id = i.sender_user_id
                     AND x.client_message_id = i.client_message_id)),
       counted AS (
         SELECT a.thread_id, a.epoch, count(*)::int AS n, r.roster_version
           FROM accepted a JOIN mls_thread r ON r.id = a.thread_id
          GROUP BY a.thread_id, a.epoch, r.roster_version),
       locked AS (
         SELECT t.id FROM mls_thread t WHERE t.id IN (SELECT thread_id FROM counted) ORDER BY t.id FOR NO KEY UPDATE),
       bumped AS (
         UPDATE mls_thread t SET last_seq = t.last_seq + c.n FROM counted c, locked l
          WHERE t.id = c.thread_id AND t.epoch = c.epoch AND t.roster_version = c.roster_version AND l.id = t.id
         RETURNING t.id, t.epoch, t.last_seq - c.n AS base)
       INSERT INTO mls_message (id, thread_id, seq, epoch, kind, sender_user_id, sender_device_id, client_message_id, body)
       SELECT gen_random_uuid(), a.thread_id, b.base + row_number() OVER (PARTITION BY a.thread_id ORDER BY a.ord),
              a.epoch, 'application', a.sender_user_id, a.sender_device_id, a.client_message_id, a.body
         FROM accepted a JOIN bumped b ON b.id = a.thread_id AND b.epoch = a.epoch
       RETURNING id, seq::int AS seq, created_at AS "createdAt", thread_id AS "threadId",
                 sender_user_id AS "senderUserId", client_message_id AS "clientMessageId"`,
      [
        messages.map((m) => m.threadId),
        messages.map((m) => m.epoch),
        messages.map((m) => m.senderUserId),
        messages.map((m) => m.senderDeviceId),
        messages.map((m) => m.clientMessageId),
        messages.map((m) => m.body),
      ],
    );
  }

  /** Why an application message was not stored: the thread's epoch and whether the device may send. */
  async sendingState(
    threadId: string,
    userId: string,
    deviceId: string,
  ): Promise<{ epoch: number; deviceIn: boolean } | null> {
    const rows = (await this.dataSource.query(
      `SELECT t.epoch, EXISTS (
                SELECT 1 FROM mls_thread_device d
                  JOIN mls_device k ON k.user_id = d.user_id AND k.device_id = d.device_id AND k.revoked_at IS NULL
                 WHERE d.thread_id = t.id AND d.user_id = $2 AND d.device_id = $3 AND d.left_at IS NULL) AS "deviceIn"
         FROM mls_thread t
        WHERE t.id = $1 AND EXISTS (SELECT 1 FROM mls_thread_member x WHERE x.thread_id = t.id AND x.user_id = $2)`,
      [threadId, userId, deviceId],
    )) as { epoch: number; deviceIn: boolean }[];
    return rows[0] ?? null;
  }

  async messageByClientId(
    m: EntityManager,
    threadId: string,
    senderUserId: string,
    clientMessageId: string,
  ): Promise<StoredMessage | null> {
    const rows = (await m.query(
      `SELECT ${MESSAGE_COLUMNS} FROM mls_message WHERE thread_id = $1 AND sender_user_id = $2 AND client_message_id = $3`,
      [threadId, senderUserId, clientMessageId],
    )) as StoredMessage[];
    return rows[0] ?? null;
  }

  async addDevices(m: EntityManager, threadId: string, devices: { userId: string; deviceId: string }[], seq: number) {
    if (devices.length === 0) return;
    await m.query(
      `INSERT INTO mls_thread_device (thread_id, user_id, device_id, joined_seq)
       SELECT $1, u, d, $4 FROM unnest($2::uuid[], $3::text[]) AS x(u, d)
       ON CONFLICT (thread_id, user_id, device_id) DO UPDATE SET joined_seq = EXCLUDED.joined_seq, left_at = NULL`,
      [threadId, devices.map((d) => d.userId), devices.map((d) => d.deviceId), seq],
    );
  }

  /** Removed devices keep their row, marked left: they still read up to the commit that removed them. */
  async removeDevices(m: EntityManager, threadId: string, devices: { userId: string; deviceId: string }[]) {
    if (devices.length === 0) return;
    await m.query(
      `UPDATE mls_thread_device SET left_at = coalesce(left_at, now()) WHERE thread_id = $1
          AND (user_id, device_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [threadId, devices.map((d) => d.userId), devices.map((d) => d.deviceId)],
    );
  }

  /** A person left: their devices stay in the tree until a commit removes them, but receive nothing. */
  async markLeft(m: EntityManager, threadId: string, userId: string) {
    await m.query(`UPDATE mls_thread SET roster_version = roster_version + 1 WHERE id = $1`, [threadId]);
    await m.query(`UPDATE mls_thread_device SET left_at = now() WHERE thread_id = $1 AND user_id = $2`, [
      threadId,
      userId,
    ]);
    await m.query(`DELETE FROM mls_thread_member WHERE thread_id = $1 AND user_id = $2`, [threadId, userId]);
  }

  /** Sets a member's role; false when they are not a member. */
  async setRole(m: EntityManager, threadId: string, userId: string, role: 'admin' | 'member'): Promise<boolean> {
    const [, count] = (await m.query(`UPDATE mls_thread_member SET role = $3 WHERE thread_id = $1 AND user_id = $2`, [
      threadId,
      userId,
      role,
    ])) as [unknown, number];
    return count > 0;
  }

  async adminCount(m: EntityManager, threadId: string): Promise<number> {
    const rows = (await m.query(
      `SELECT count(*)::int AS n FROM mls_thread_member WHERE thread_id = $1 AND role = 'admin'`,
      [threadId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  /**
   * A thread is never left without an admin while it has members: when the last one leaves or is
   * removed, the member who has been in it longest (by the seq their first device joined at)
   * becomes one. Answers who was made admin, if anyone.
   */
  async keepAnAdmin(m: EntityManager, threadId: string): Promise<string | null> {
    const rows = (await m.query(
      `UPDATE mls_thread_member x SET role = 'admin'
        WHERE x.thread_id = $1 AND NOT EXISTS (SELECT 1 FROM mls_thread_member a WHERE a.thread_id = $1 AND a.role = 'admin')
          AND x.user_id = (
            SELECT y.user_id FROM mls_thread_member y
              JOIN mls_thread_device d ON d.thread_id = y.thread_id AND d.user_id = y.user_id
             WHERE y.thread_id = $1
             GROUP BY y.user_id ORDER BY min(d.joined_seq), y.user_id LIMIT 1)
        RETURNING x.user_id AS "userId"`,
      [threadId],
    )) as [{ userId: string }[], number];
    return rows[0][0]?.userId ?? null;
  }

  /** Members follow devices: new people join as members, people without a device left go. */
  async syncMembers(m: EntityManager, threadId: string, creator?: string) {
    await m.query(
      `INSERT INTO mls_thread_member (thread_id, user_id, role)
       SELECT DISTINCT $1::uuid, user_id, CASE WHEN user_id = $2 THEN 'admin' ELSE 'member' END
         FROM mls_thread_device WHERE thread_id = $1 AND left_at IS NULL
       ON CONFLICT (thread_id, user_id) DO NOTHING`,
      [threadId, creator ?? null],
    );
    await m.query(
      `DELETE FROM mls_thread_member x WHERE x.thread_id = $1 AND NOT EXISTS (
         SELECT 1 FROM mls_thread_device d WHERE d.thread_id = x.thread_id AND d.user_id = x.user_id AND d.left_at IS NULL)`,
      [threadId],
    );
  }

  async insertWelcomes(
    m: EntityManager,
    threadId: string,
    epoch: number,
    devices: { userId: string; deviceId: string }[],
    body: Uint8Array,
  ) {
    if (devices.length === 0) return;
    // A device needs only the Welcome of the commit that added it last.
    await m.query(
      `DELETE FROM mls_welcome WHERE thread_id = $1 AND (user_id, device_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [threadId, devices.map((d) => d.userId), devices.map((d) => d.deviceId)],
    );
    await m.query(
      `INSERT INTO mls_welcome (id, thread_id, user_id, device_id, epoch, body)
       SELECT gen_random_uuid(), $1, u, d, $4, $5 FROM unnest($2::uuid[], $3::text[]) AS x(u, d)`,
      [threadId, devices.map((d) => d.userId), devices.map((d) => d.deviceId), epoch, Buffer.from(body)],
    );
  }

  async welcomesFor(userId: string, deviceId: string) {
    return (await this.dataSource.query(
      `SELECT w.thread_id AS "threadId", w.epoch, w.body, w.created_at AS "createdAt"
         FROM mls_welcome w
         JOIN mls_thread_device d ON d.thread_id = w.thread_id AND d.user_id = w.user_id AND d.device_id = w.device_id
        WHERE w.user_id = $1 AND w.device_id = $2 AND d.left_at IS NULL
        ORDER BY w.created_at DESC
        LIMIT 100`,
      [userId, deviceId],
    )) as { threadId: string; epoch: number; body: Buffer; createdAt: Date }[];
  }

  /** What a device may read: what followed the commit that added it, after `afterSeq`. */
  async messagesFor(
    threadId: string,
    userId: string,
    deviceId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StoredMessage[] | null> {
    // A removed device still reads up to the commit that removed it, so it learns that it was
    // removed (and by whom) instead of finding the thread gone. A device that asked to leave reads
    // no further than its own request, whenever its removal is committed.
    const device = (await this.dataSource.query(
      `SELECT t.joined_seq::int AS "joinedSeq",
              CASE WHEN t.left_at IS NULL THEN NULL ELSE least(
                (SELECT min(m.seq)::int FROM mls_message m
                  WHERE m.thread_id = t.thread_id AND m.kind = 'commit' AND m.seq > t.joined_seq
                    AND m.declared->'removed' @> jsonb_build_array(
                          jsonb_build_object('userId', t.user_id::text, 'deviceId', t.device_id))),
                (SELECT min(m.seq)::int FROM mls_message m
                  WHERE m.thread_id = t.thread_id AND m.kind = 'proposal' AND m.seq > t.joined_seq
                    AND m.sender_user_id = t.user_id AND m.sender_device_id = t.device_id)) END AS "untilSeq",
              t.left_at IS NOT NULL AS "left"
         FROM mls_thread_device t
         JOIN mls_device d ON d.user_id = t.user_id AND d.device_id = t.device_id AND d.revoked_at IS NULL
        WHERE t.thread_id = $1 AND t.user_id = $2 AND t.device_id = $3`,
      [threadId, userId, deviceId],
    )) as { joinedSeq: number; untilSeq: number | null; left: boolean }[];
    const found = device[0];
    if (!found || (found.left && found.untilSeq === null)) return null;
    return (await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM mls_message
        WHERE thread_id = $1 AND seq > $2 AND ($4::bigint IS NULL OR seq <= $4) ORDER BY seq LIMIT $3`,
      [threadId, Math.max(afterSeq, found.joinedSeq), limit, found.untilSeq],
    )) as StoredMessage[];
  }

  async list(userId: string): Promise<ThreadListing[]> {
    return (await this.dataSource.query(
      `SELECT ${THREAD_COLUMNS}, x.role, x.last_read_seq::int AS "lastReadSeq",
              (SELECT count(*)::int FROM mls_message g WHERE g.thread_id = t.id AND g.seq > x.last_read_seq
                  AND g.kind = 'application' AND g.sender_user_id <> $1) AS unread,
              (SELECT count(*)::int FROM mls_thread_member y WHERE y.thread_id = t.id) AS "memberCount",
              (SELECT max(created_at) FROM mls_message g WHERE g.thread_id = t.id AND g.kind = 'application') AS "lastMessageAt"
         FROM mls_thread t JOIN mls_thread_member x ON x.thread_id = t.id AND x.user_id = $1
        ORDER BY coalesce((SELECT max(created_at) FROM mls_message g WHERE g.thread_id = t.id), t.created_at) DESC`,
      [userId],
    )) as ThreadListing[];
  }

  async markRead(threadId: string, userId: string, seq: number): Promise<number | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE mls_thread_member x SET last_read_seq = GREATEST(x.last_read_seq, LEAST($3, t.last_seq))
         FROM mls_thread t WHERE t.id = x.thread_id AND x.thread_id = $1 AND x.user_id = $2
       RETURNING x.last_read_seq::int AS seq`,
      [threadId, userId, seq],
    )) as [{ seq: number }[], number];
    return rows[0]?.seq ?? null;
  }

  async attachmentExists(threadId: string, id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM mls_attachment WHERE thread_id = $1 AND id = $2`, [
      threadId,
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  async insertAttachment(a: { threadId: string; id: string; uploaderUserId: string; size: number; sha256: string }) {
    await this.dataSource.query(
      `INSERT INTO mls_attachment (thread_id, id, uploader_user_id, size, sha256) VALUES ($1, $2, $3, $4, $5)`,
      [a.threadId, a.id, a.uploaderUserId, a.size, a.sha256],
    );
  }

  async attachment(threadId: string, id: string): Promise<{ sha256: string; size: number } | null> {
    const rows = (await this.dataSource.query(
      `SELECT sha256, size::int AS size FROM mls_attachment WHERE thread_id = $1 AND id = $2`,
      [threadId, id],
    )) as { sha256: string; size: number }[];
    return rows[0] ?? null;
  }

  /** Deletes messages and attachments past their thread's retention; answers what went. */
  async expire(now: Date): Promise<{ messages: number; attachments: { threadId: string; id: string }[] }> {
    const messages = (await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM mls_message m USING mls_thread t
          WHERE m.thread_id = t.id AND t.retention_days IS NOT NULL
            AND m.created_at < $1::timestamptz - make_interval(days => t.retention_days)
         RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [now.toISOString()],
    )) as { count: number }[];
    const attachments = (await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM mls_attachment a USING mls_thread t
          WHERE a.thread_id = t.id AND t.retention_days IS NOT NULL
            AND a.created_at < $1::timestamptz - make_interval(days => t.retention_days)
         RETURNING a.thread_id, a.id)
       SELECT thread_id AS "threadId", id FROM gone`,
      [now.toISOString()],
    )) as { threadId: string; id: string }[];
    return { messages: messages[0]?.count ?? 0, attachments };
  }
}
