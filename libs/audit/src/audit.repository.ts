import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditCheckpoint, AuditEvent } from './audit-event.entity.js';

/** Filters of a page of events, newest first. */
export interface AuditFilters {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Events with seq below this (the previous page's last seq). */
  beforeSeq?: number;
  limit: number;
}

/** The newest event (or one found by retention): the link the next event or the checkpoint takes. */
export interface ChainLink {
  seq: string;
  hash: string;
}

/** An event that may name a person, as an erasure reads it. */
export interface NamingEventRow {
  seq: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** A redacted event's new content, marked with the erasure event that declared it. */
export interface RedactionWrite {
  seq: number;
  ip: string | null;
  details: Record<string, unknown>;
}

// Appends are serialised so that each event links to exactly one predecessor.
const APPEND_LOCK = 0x6c696169; // "liai"

/** Every statement of the audit log: appends, pages, verification batches, redactions, retention. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Holds appends (the log's advisory lock) until the caller's transaction ends. */
  async lockAppends(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [APPEND_LOCK]);
  }

  /** The newest event's seq and hash, or undefined for an empty log. */
  async lastEvent(m: EntityManager): Promise<ChainLink | undefined> {
    const [last] = (await m.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`)) as ChainLink[];
    return last;
  }

  /** Inserts sealed events in one statement over arrays, whatever the batch's size. */
  async insertEvents(m: EntityManager, rows: AuditEvent[]): Promise<void> {
    await m.query(
      `INSERT INTO audit_event (seq, at, actor_id, action, target_type, target_id, ip, details, salt, ip_digest,
                                details_digest, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::jsonb[], $9::bytea[], $10::text[], $11::text[], $12::text[], $13::text[])`,
      [
        rows.map((r) => r.seq),
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => r.actorId),
        rows.map((r) => r.action),
        rows.map((r) => r.targetType),
        rows.map((r) => r.targetId),
        rows.map((r) => r.ip),
        rows.map((r) => JSON.stringify(r.details)),
        rows.map((r) => r.salt),
        rows.map((r) => r.ipDigest),
        rows.map((r) => r.detailsDigest),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
      ],
    );
  }

  /** A page of events, newest first. */
  list(filters: AuditFilters): Promise<AuditEvent[]> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (filters.actorId) query.andWhere('e.actorId = :actorId', { actorId: filters.actorId });
    if (filters.action) query.andWhere('e.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('e.at >= :from', { from: filters.from });
    if (filters.to) query.andWhere('e.at < :to', { to: filters.to });
    if (filters.beforeSeq) query.andWhere('e.seq < :beforeSeq', { beforeSeq: filters.beforeSeq });
    return query.orderBy('e.seq', 'DESC').limit(filters.limit).getMany();
  }

  /** Retention's checkpoint, where verification starts, or null when nothing was pruned. */
  checkpoint(): Promise<AuditCheckpoint | null> {
    return this.dataSource.getRepository(AuditCheckpoint).findOneBy({ id: 1 });
  }

  /** The next batch of events after this seq, oldest first. */
  eventsAfter(afterSeq: number, limit: number): Promise<AuditEvent[]> {
    return this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after: afterSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Events by or about these ids, or whose details match these ILIKE patterns, oldest first. */
  async eventsNaming(
    m: EntityManager,
    userId: string | null,
    ids: string[],
    patterns: string[],
  ): Promise<NamingEventRow[]> {
    return (await m.query(
      `SELECT seq, actor_id AS "actorId", target_id AS "targetId", ip, details FROM audit_event
        WHERE actor_id = $1::uuid OR target_id = ANY($2::text[]) OR details::text ILIKE ANY($3::text[])
           OR ip IS NOT NULL AND actor_id IS NULL AND target_id = ANY($2::text[])
        ORDER BY seq`,
      [userId, ids, patterns],
    )) as NamingEventRow[];
  }

  /** Writes redactions in one statement, each marked with the erasure event that declared it. */
  async applyRedactions(m: EntityManager, redactions: RedactionWrite[], erasureSeq: number): Promise<void> {
    await m.query(
      `UPDATE audit_event e SET ip = r.ip, details = r.details, salt = NULL, redacted_by = $4
         FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS r(seq, ip, details) WHERE e.seq = r.seq`,
      [
        redactions.map((r) => r.seq),
        redactions.map((r) => r.ip),
        redactions.map((r) => JSON.stringify(r.details)),
        erasureSeq,
      ],
    );
  }

  /** The newest event retention may remove before this time (older than 90 days, never the last one). */
  async lastPrunable(m: EntityManager, before: Date): Promise<ChainLink | undefined> {
    const [last] = (await m.query(
      `SELECT seq, hash FROM audit_event
        WHERE at < least($1::timestamptz, now() - interval '90 days')
          AND seq < (SELECT max(seq) FROM audit_event) ORDER BY seq DESC LIMIT 1`,
      [before.toISOString()],
    )) as ChainLink[];
    return last;
  }

  /** Moves the checkpoint verification starts from (the trigger deletes only events behind it). */
  async saveCheckpoint(m: EntityManager, throughSeq: number, head: string, recordedBy: number): Promise<void> {
    await m.query(
      `INSERT INTO audit_checkpoint (id, through_seq, head, recorded_by) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET through_seq = EXCLUDED.through_seq, head = EXCLUDED.head,
                                       recorded_by = EXCLUDED.recorded_by`,
      [throughSeq, head, recordedBy],
    );
  }

  /** Deletes the events up to this seq; returns how many. */
  async deleteThrough(m: EntityManager, throughSeq: number): Promise<number> {
    const [{ count }] = (await m.query(
      `WITH gone AS (DELETE FROM audit_event WHERE seq <= $1 RETURNING 1) SELECT count(*)::int AS count FROM gone`,
      [throughSeq],
    )) as { count: number }[];
    return count;
  }

  /** Events a person caused, oldest first. */
  eventsBy(userId: string, limit: number): Promise<AuditEvent[]> {
    return this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.actorId = :userId', { userId })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }
}
