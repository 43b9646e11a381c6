import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, HotStatements, RealtimePublisher } from '@liaison/core';
import {
  applyRosterEvent,
  connectionProofBytes,
  E2eeError,
  fromB64,
  isB64,
  type EncryptedMessage,
  type HistoryShare,
  type KeyDistribution,
  replayRoster,
  type RosterEvent,
  type RosterState,
  type ThreadRole,
  verifyDistribution,
  signedMessageParts,
  verifyHistoryShare,
} from '@liaison/e2ee';
import { MessagingError, protocolCheck, rejected } from '../errors.js';
import { KeysService } from '../keys/keys.service.js';
import { HistoryShareRow } from './history-share.entity.js';
import { KeyDistributionRow } from './key-distribution.entity.js';
import { type Assigned, MessageInserts } from './message-inserts.js';
import { MessageRow } from './message.entity.js';
import { RosterEventRow } from './roster-event.entity.js';
import { Thread } from './thread.entity.js';
import { ThreadMember } from './thread-member.entity.js';

export const threadRoom = (threadId: string) => `thread:${threadId}`;

export interface ThreadSummary {
  thread: Thread;
  role: ThreadRole;
  lastReadSeq: number;
  /** Messages after the read position, not counting the user's own. */
  unread: number;
  memberCount: number;
  lastMessageAt: Date | null;
}

export interface NewThread {
  threadId: string;
  rosterEvents: RosterEvent[];
  keyDistribution: KeyDistribution;
  linkedTo?: { type: string; id: string };
  retentionDays?: number;
  shareHistory?: boolean;
}

export type OutgoingMessage = Omit<EncryptedMessage, 'threadId' | 'senderUserId'>;

const NEEDS_DISTRIBUTION = new Set(['add', 'remove', 'rotate']);
const base64Bytes = (b64: string) => Math.floor((b64.length * 3) / 4);
/** Poly1305's tag: the shortest ciphertext there is. */
const AEAD_TAG_BYTES = 16;

/**
 * Threads as the server keeps them: it checks every roster event and key distribution with the
 * same rules as the clients (signatures, chain, admin rights, exact coverage), assigns message
 * seqs, and answers only members. It never holds a key that opens anything.
 */
@Injectable()
export class ThreadsService {
  /** Message inserts, at most half the pool's connections at once (the rest serve reads). */
  private readonly inserts: MessageInserts;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: KeysService,
    private readonly realtime: RealtimePublisher,
    private readonly config: AppConfig,
    hot: HotStatements,
  ) {
    this.inserts = new MessageInserts(hot, Math.max(1, Math.floor(config.databasePoolSize / 2)));
  }

  async create(userId: string, input: NewThread): Promise<Thread> {
    const events = input.rosterEvents;
    if (events[0]?.kind !== 'create' || events.some((e) => e.actor !== userId || e.threadId !== input.threadId))
      throw new MessagingError('roster_rejected', 'A new thread begins with your own create event, then your adds.', [
        {
          field: 'rosterEvents',
          reasons: ['every event must be signed by you, for this thread, starting with create'],
        },
      ]);
    if (events.some((e) => e.kind !== 'create' && e.kind !== 'add'))
      throw new MessagingError('roster_rejected', 'A new thread is created with its first members only.', [
        { field: 'rosterEvents', reasons: ['only create and add events'] },
      ]);
    const subjects = [...new Set(events.map((e) => e.subject))];
    const published = await this.keys.currentOf(subjects);
    const missing = subjects.filter((id) => !published.has(id));
    if (missing.length > 0)
      throw new MessagingError('member_without_keys', 'Some people have not set up encryption yet.', [
        { field: 'rosterEvents', reasons: missing.map((id) => `${id} has no published keys`) },
      ]);
    const keysOf = await this.keys.signingKeys(subjects);
    const roster = protocolCheck('roster_rejected', 'rosterEvents', () => replayRoster(input.threadId, events, keysOf));
    this.checkDistribution(roster, input.keyDistribution, keysOf, userId);

    const thread = await this.dataSource.transaction(async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(Thread)
        .values({
          id: input.threadId,
          createdBy: userId,
          epoch: roster.epoch,
          rosterSeq: roster.nextSeq - 1,
          rosterHead: roster.head,
          rotatedBy: null,
          lastSeq: 0,
          linkedType: input.linkedTo?.type ?? null,
          linkedId: input.linkedTo?.id ?? null,
          retentionDays: input.retentionDays ?? null,
          shareHistory: input.shareHistory ?? false,
        })
        .orIgnore()
        .returning('*')
        .execute();
      if (inserted.raw.length === 0) throw new MessagingError('thread_exists', 'A thread with this id exists already.');
      await m.insert(
        ThreadMember,
        [...roster.members].map(([memberId, role]) => ({
          threadId: input.threadId,
          userId: memberId,
          role,
          lastReadSeq: 0,
        })),
      );
      await m.insert(
        RosterEventRow,
        events.map((event, i) => ({ threadId: input.threadId, seq: event.seq, event, hash: roster.history[i].hash })),
      );
      await this.insertDistribution(m, input.keyDistribution);
      return m.findOneByOrFail(Thread, { id: input.threadId });
    });
    for (const memberId of roster.members.keys())
      this.realtime.toUser(memberId, 'thread.membership', { threadId: thread.id, rosterSeq: thread.rosterSeq });
    this.announceKey(input.keyDistribution);
    return thread;
  }

  /** Applies one signed roster event (with the key distribution it needs) after checking it. */
  async changeMembership(
    userId: string,
    threadId: string,
    event: RosterEvent,
    distribution: KeyDistribution | undefined,
    historyShare?: HistoryShare,
  ): Promise<Thread> {
    const { thread, roster } = await this.dataSource.transaction(async (m) => {
      const thread = await this.lockForMember(m, threadId, userId);
      if (event.actor !== userId)
        throw new MessagingError('roster_rejected', 'You can only submit events you signed yourself.', [
          { field: 'event.actor', reasons: ['must be you'] },
        ]);
      if (event.kind === 'add') {
        const published = await this.keys.currentOf([event.subject], m);
        if (!published.has(event.subject))
          throw new MessagingError('member_without_keys', 'This person has not set up encryption yet.', [
            { field: 'event.subject', reasons: ['has no published keys'] },
          ]);
      }
      const before = await this.rosterState(m, thread);
      const keysOf = await this.keys.signingKeys([userId, event.subject], m);
      let after: RosterState;
      try {
        after = applyRosterEvent(before, event, keysOf);
      } catch (err) {
        if (err instanceof E2eeError && (err.reason === 'roster_bad_seq' || err.reason === 'roster_broken_chain'))
          throw new MessagingError(
            'roster_conflict',
            'The membership changed meanwhile; reload and try again.',
            [{ field: 'event.seq', reasons: [err.message] }],
            { rosterSeq: thread.rosterSeq, rosterHead: thread.rosterHead, reason: err.reason },
          );
        if (err instanceof E2eeError) throw rejected('roster_rejected', err, 'event');
        throw err;
      }
      if (NEEDS_DISTRIBUTION.has(event.kind)) {
        if (!distribution)
          throw new MessagingError(
            'distribution_rejected',
            `A ${event.kind} event needs the key distribution that goes with it.`,
            [{ field: 'keyDistribution', reasons: ['is required'] }],
          );
        this.checkDistribution(after, distribution, await this.keys.signingKeys([distribution.distributor], m), userId);
      } else if (distribution)
        throw new MessagingError('distribution_rejected', 'A role change keeps the epoch: send no key distribution.', [
          { field: 'keyDistribution', reasons: ['must be absent'] },
        ]);
      if (historyShare) this.checkHistoryShare(thread, after, event, historyShare, keysOf, userId);

      await m.update(
        Thread,
        { id: threadId },
        {
          epoch: after.epoch,
          rosterSeq: event.seq,
          rosterHead: after.head,
          rotatedBy: after.history[event.seq].rotatedBy,
        },
      );
      await m.insert(RosterEventRow, { threadId, seq: event.seq, event, hash: after.head });
      if (event.kind === 'add')
        await m.insert(ThreadMember, {
          threadId,
          userId: event.subject,
          role: event.role!,
          lastReadSeq: thread.lastSeq,
        });
      else if (event.kind === 'remove') await m.delete(ThreadMember, { threadId, userId: event.subject });
      else if (event.kind === 'role')
        await m.update(ThreadMember, { threadId, userId: event.subject }, { role: event.role! });
      if (distribution) await this.insertDistribution(m, distribution);
      if (historyShare)
        await m.insert(HistoryShareRow, {
          threadId,
          rosterSeq: event.seq,
          recipientUserId: event.subject,
          body: historyShare,
        });
      return { thread: await m.findOneByOrFail(Thread, { id: threadId }), roster: after };
    });
    const notice = { threadId, rosterSeq: event.seq, kind: event.kind, subject: event.subject, epoch: roster.epoch };
    this.realtime.toRoom(threadRoom(threadId), 'thread.membership', notice);
    this.realtime.toUser(event.subject, 'thread.membership', notice);
    if (event.kind === 'remove') this.realtime.leaveRoom(event.subject, threadRoom(threadId));
    if (distribution) this.announceKey(distribution);
    return thread;
  }

  /**
   * Whether `proof` (base64url) is the user's signature, by one of their published signing keys,
   * over the connection proof for `connectionId`: a client that holds the key signs it for its own
   * socket, whose id the server chose; it is good for that socket only.
   */
  async proveConnection(userId: string, connectionId: string, proof: string): Promise<boolean> {
    if (!isB64(proof)) return false;
    const signature = fromB64(proof);
    const bytes = connectionProofBytes(userId, connectionId);
    return this.keys.signedBy(userId, signature, bytes);
  }

  /**
   * Stores a message under the thread's current epoch with the next seq, in one transaction; a
   * retry with the same clientMessageId returns the stored message instead of a second row.
   *
   * The signature is checked against the sender's published keys (a defence in depth: clients
   * check every signature themselves), so that a stolen session alone cannot post; not for a
   * socket whose client has proven that it holds the sender's signing key (`signerProven`, see
   * `proveConnection`).
   */
  async send(
    userId: string,
    threadId: string,
    input: OutgoingMessage,
    /** The socket the message came from: it gets the acknowledgement instead of the broadcast. */
    origin?: { socketId: string; signerProven: boolean },
  ): Promise<{ message: MessageRow; created: boolean }> {
    if (base64Bytes(input.ciphertext) > this.config.messageMaxBytes)
      throw new MessagingError('message_too_large', `A message holds at most ${this.config.messageMaxBytes} bytes.`, [
        { field: 'ciphertext', reasons: [`at most ${this.config.messageMaxBytes} bytes`] },
      ]);
    const message = { ...input, threadId, senderUserId: userId };
    let problem: E2eeError | undefined;
    if (!origin?.signerProven)
      try {
        const { bytes, signature } = signedMessageParts(message);
        if (!(await this.keys.signedBy(userId, signature, bytes)))
          problem = new E2eeError('bad_signature', `the message is not signed by ${userId}`);
      } catch (err) {
        if (!(err instanceof E2eeError)) throw err;
        problem = err;
      }
    // Unchecked, the message still has the shape a check would have decoded (the DTO holds the lengths).
    else if (![input.nonce, input.ciphertext, input.signature].every(isB64))
      problem = new E2eeError('malformed', 'the message is not base64url');
    else if (base64Bytes(input.ciphertext) < AEAD_TAG_BYTES)
      problem = new E2eeError('malformed', 'the message has the wrong sizes');
    if (problem) {
      // A non-member learns nothing about the thread, not even that the signature was wrong.
      await this.forMember(threadId, userId);
      throw rejected('message_rejected', problem, 'signature');
    }
    const storedBefore = () =>
      this.dataSource
        .getRepository(MessageRow)
        .findOneBy({ threadId, senderUserId: userId, clientMessageId: input.clientMessageId });
    let assigned: Assigned | null;
    try {
      // One statement (alone, or with the messages waiting beside it) and one commit: the thread
      // row's lock orders the seqs (gap-free; a failed insert rolls the increment back), and only
      // a member under the current epoch gets through (see MessageInserts).
      assigned = await this.inserts.insert(message);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      // A retry of a message already stored: the stored one, not a second row.
      const existing = await storedBefore();
      if (!existing) throw err;
      return { message: existing, created: false };
    }
    if (!assigned) {
      const thread = await this.forMember(threadId, userId);
      // A retry of a message stored before the epoch moved on is still that message.
      const existing = await storedBefore();
      if (existing) return { message: existing, created: false };
      throw new MessagingError(
        'stale_epoch',
        `The thread is at epoch ${thread.epoch}; encrypt again under it.`,
        [{ field: 'epoch', reasons: [`the current epoch is ${thread.epoch}`] }],
        { currentEpoch: thread.epoch },
      );
    }
    const stored = Object.assign(new MessageRow(), {
      ...message,
      id: assigned.id,
      seq: Number(assigned.seq),
      createdAt: assigned.createdAt,
    });
    this.realtime.toRoom(threadRoom(threadId), 'message.new', toMessageView(stored), origin?.socketId);
    return { message: stored, created: true };
  }

  async messages(
    userId: string,
    threadId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ items: MessageRow[]; lastSeq: number }> {
    return this.messagesOf(await this.forMember(threadId, userId), afterSeq, limit);
  }

  /** Messages of a thread whose membership the caller has already checked. */
  async messagesOf(thread: Thread, afterSeq: number, limit: number): Promise<{ items: MessageRow[]; lastSeq: number }> {
    const threadId = thread.id;
    const items = await this.dataSource
      .getRepository(MessageRow)
      .createQueryBuilder('m')
      .where('m.threadId = :threadId AND m.seq > :afterSeq', { threadId, afterSeq })
      .orderBy('m.seq', 'ASC')
      .limit(limit)
      .getMany();
    return { items, lastSeq: Math.max(thread.lastSeq, items.at(-1)?.seq ?? 0) };
  }

  async list(userId: string): Promise<ThreadSummary[]> {
    const rows = await this.dataSource.query<
      (Thread & {
        role: ThreadRole;
        lastReadSeq: string;
        unread: number;
        memberCount: number;
        lastMessageAt: Date | null;
      })[]
    >(
      `SELECT t.id, t.created_by AS "createdBy", t.epoch, t.roster_seq AS "rosterSeq", t.roster_head AS "rosterHead",
              t.rotated_by AS "rotatedBy", t.last_seq AS "lastSeq", t.linked_type AS "linkedType", t.linked_id AS "linkedId",
              t.retention_days AS "retentionDays", t.share_history AS "shareHistory", t.created_at AS "createdAt",
              tm.role, tm.last_read_seq AS "lastReadSeq",
              (SELECT count(*)::int FROM message u
                WHERE u.thread_id = t.id AND u.seq > tm.last_read_seq AND u.sender_user_id <> tm.user_id) AS unread,
              (SELECT count(*)::int FROM thread_member x WHERE x.thread_id = t.id) AS "memberCount",
              last.created_at AS "lastMessageAt"
         FROM thread_member tm JOIN thread t ON t.id = tm.thread_id
         LEFT JOIN message last ON last.thread_id = t.id AND last.seq = t.last_seq
        WHERE tm.user_id = $1
        ORDER BY coalesce(last.created_at, t.created_at) DESC`,
      [userId],
    );
    return rows.map((r) => ({
      thread: { ...r, lastSeq: Number(r.lastSeq) } as Thread,
      role: r.role,
      lastReadSeq: Number(r.lastReadSeq),
      unread: r.unread,
      memberCount: r.memberCount,
      lastMessageAt: r.lastMessageAt,
    }));
  }

  async detail(userId: string, threadId: string) {
    const thread = await this.forMember(threadId, userId);
    const [members, events, distributions] = await Promise.all([
      this.dataSource.getRepository(ThreadMember).find({ where: { threadId }, order: { userId: 'ASC' } }),
      this.dataSource.getRepository(RosterEventRow).find({ where: { threadId }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(KeyDistributionRow)
        .createQueryBuilder('d')
        .where('d.threadId = :threadId', { threadId })
        .andWhere(`d.body->'wrapped' @> jsonb_build_array(jsonb_build_object('userId', CAST(:userId AS text)))`, {
          userId,
        })
        .orderBy('d.epoch', 'ASC')
        .addOrderBy('d.rosterSeq', 'ASC')
        .getMany(),
    ]);
    const me = members.find((x) => x.userId === userId)!;
    const historyShares = await this.dataSource
      .getRepository(HistoryShareRow)
      .find({ where: { threadId, recipientUserId: userId }, order: { rosterSeq: 'ASC' } });
    const [{ unread }] = await this.dataSource.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM message WHERE thread_id = $1 AND seq > $2 AND sender_user_id <> $3`,
      [threadId, me.lastReadSeq, userId],
    );
    return {
      thread,
      members,
      me,
      unread,
      events: events.map((e) => e.event),
      distributions: distributions.map((d) => d.body),
      historyShares: historyShares.map((h) => h.body),
    };
  }

  async markRead(userId: string, threadId: string, seq: number): Promise<number> {
    const thread = await this.forMember(threadId, userId);
    const [row] = await this.dataSource.query<{ last_read_seq: string }[]>(
      `WITH u AS (UPDATE thread_member SET last_read_seq = GREATEST(last_read_seq, LEAST($3::bigint, $4::bigint))
                   WHERE thread_id = $1 AND user_id = $2 RETURNING last_read_seq) SELECT last_read_seq FROM u`,
      [threadId, userId, seq, thread.lastSeq],
    );
    const lastRead = Number(row.last_read_seq);
    this.realtime.toRoom(threadRoom(threadId), 'read', { threadId, userId, seq: lastRead });
    return lastRead;
  }

  /** The thread, if the user is a member; otherwise 404, the same as a thread that does not exist. */
  async forMember(threadId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<Thread> {
    const thread = await manager
      .getRepository(Thread)
      .createQueryBuilder('t')
      .innerJoin(ThreadMember, 'tm', 'tm.thread_id = t.id AND tm.user_id = :userId', { userId })
      .where('t.id = :threadId', { threadId })
      .getOne();
    if (!thread) throw new MessagingError('thread_not_found', 'There is no such thread, or you are not in it.');
    return thread;
  }

  /** Changes how long the thread keeps messages and attachments (its admins; null keeps them). */
  async setRetention(userId: string, threadId: string, retentionDays: number | null): Promise<Thread> {
    const thread = await this.dataSource.transaction(async (m) => {
      await this.lockForMember(m, threadId, userId);
      const me = await m.findOneBy(ThreadMember, { threadId, userId });
      if (me?.role !== 'admin')
        throw new MessagingError(
          'not_thread_admin',
          'Only an admin of the thread can change how long it keeps messages.',
        );
      await m.update(Thread, { id: threadId }, { retentionDays });
      return m.findOneByOrFail(Thread, { id: threadId });
    });
    this.realtime.toRoom(threadRoom(threadId), 'thread.settings', { threadId, retentionDays });
    return thread;
  }

  /** Deletes a thread and everything in it (an admin of the thread only). */
  async delete(userId: string, threadId: string): Promise<void> {
    const members = await this.dataSource.transaction(async (m) => {
      await this.lockForMember(m, threadId, userId);
      const all = await m.find(ThreadMember, { where: { threadId } });
      if (all.find((x) => x.userId === userId)?.role !== 'admin')
        throw new MessagingError('not_thread_admin', 'Only an admin of the thread can delete it.');
      await m.delete(Thread, { id: threadId });
      return all;
    });
    for (const member of members) {
      this.realtime.toUser(member.userId, 'thread.membership', { threadId, deleted: true });
      this.realtime.leaveRoom(member.userId, threadRoom(threadId));
    }
  }

  async isMember(threadId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM thread_member WHERE thread_id = $1 AND user_id = $2`, [
      threadId,
      userId,
    ]);
    return rows.length > 0;
  }

  private async lockForMember(m: EntityManager, threadId: string, userId: string): Promise<Thread> {
    const thread = await m
      .getRepository(Thread)
      .findOne({ where: { id: threadId }, lock: { mode: 'pessimistic_write' } });
    const member = thread && (await m.findOneBy(ThreadMember, { threadId, userId }));
    if (!thread || !member)
      throw new MessagingError('thread_not_found', 'There is no such thread, or you are not in it.');
    return thread;
  }

  /** The roster at its head, rebuilt from the verified state the server keeps (no replay). */
  private async rosterState(m: EntityManager, thread: Thread): Promise<RosterState> {
    const members = await m.find(ThreadMember, { where: { threadId: thread.id } });
    const memberMap = new Map(members.map((x) => [x.userId, x.role]));
    const history: RosterState['history'] = [];
    history[thread.rosterSeq] = {
      hash: thread.rosterHead,
      epoch: thread.epoch,
      members: memberMap,
      rotatedBy: thread.rotatedBy,
    };
    return {
      threadId: thread.id,
      members: memberMap,
      epoch: thread.epoch,
      nextSeq: thread.rosterSeq + 1,
      head: thread.rosterHead,
      history,
      membersOfEpoch: new Map([[thread.epoch, new Set(memberMap.keys())]]),
    };
  }

  private checkDistribution(
    roster: RosterState,
    distribution: KeyDistribution,
    keysOf: (userId: string) => Uint8Array[],
    userId: string,
  ): void {
    const head = roster.nextSeq - 1;
    const problems: string[] = [];
    if (distribution.distributor !== userId) problems.push('the distributor must be you');
    if (distribution.rosterSeq !== head) problems.push(`it must be made at the roster's head (seq ${head})`);
    if (problems.length > 0)
      throw new MessagingError('distribution_rejected', 'The key distribution does not fit this change.', [
        { field: 'keyDistribution', reasons: problems },
      ]);
    protocolCheck('distribution_rejected', 'keyDistribution', () => verifyDistribution(roster, distribution, keysOf));
  }

  /** A history share goes with an add, in a thread that shares history, from the adder, checked. */
  private checkHistoryShare(
    thread: Thread,
    roster: RosterState,
    event: RosterEvent,
    share: HistoryShare,
    keysOf: (userId: string) => Uint8Array[],
    userId: string,
  ): void {
    const problems: string[] = [];
    if (!thread.shareHistory) problems.push('this thread does not share its history with newcomers');
    if (event.kind !== 'add') problems.push('only an add shares history');
    if (share.recipient !== event.subject || share.rosterSeq !== event.seq)
      problems.push('it must be for the member this event adds');
    if (share.distributor !== userId) problems.push('the distributor must be you');
    if (problems.length > 0)
      throw new MessagingError('distribution_rejected', 'The history share does not fit this change.', [
        { field: 'historyShare', reasons: problems },
      ]);
    protocolCheck('distribution_rejected', 'historyShare', () => verifyHistoryShare(roster, share, keysOf));
  }

  private async insertDistribution(m: EntityManager, d: KeyDistribution): Promise<void> {
    await m.insert(KeyDistributionRow, {
      threadId: d.threadId,
      epoch: d.epoch,
      rosterSeq: d.rosterSeq,
      distributor: d.distributor,
      body: d,
    });
  }

  private announceKey(d: KeyDistribution): void {
    this.realtime.toRoom(threadRoom(d.threadId), 'thread.key', {
      threadId: d.threadId,
      epoch: d.epoch,
      rosterSeq: d.rosterSeq,
    });
  }
}

export const toMessageView = (m: MessageRow) => ({
  id: m.id,
  threadId: m.threadId,
  seq: m.seq,
  epoch: m.epoch,
  senderUserId: m.senderUserId,
  clientMessageId: m.clientMessageId,
  sentAt: m.sentAt,
  nonce: m.nonce,
  ciphertext: m.ciphertext,
  signature: m.signature,
  createdAt: new Date(m.createdAt).toISOString(),
});
