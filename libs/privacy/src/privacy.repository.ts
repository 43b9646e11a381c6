import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RetentionPeriods } from '@liaison/core';
import { type RetentionKind, RETENTION_KINDS } from './privacy.entity.js';

export interface ErasureRow {
  id: string;
  pseudonym: string;
  userId: string | null;
  contactIds: string[];
  erasedBy: string;
  reason: string;
  counts: Record<string, Record<string, number>>;
  auditSeq: number;
  erasedAt: Date;
}

export interface RetentionRow {
  kind: RetentionKind;
  days: number | null;
  updatedAt: Date;
  lastRunAt: Date | null;
  lastRemoved: number | null;
}

/** The SQL of the privacy context's own tables. */
@Injectable()
export class PrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises erasures (rare, and each must see the ones before it). */
  async lockErasures(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('liaison.privacy.erasure'))`);
  }

  async erasureById(id: string): Promise<ErasureRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, pseudonym, user_id AS "userId", contact_ids AS "contactIds", erased_by AS "erasedBy", reason,
              counts, audit_seq::int AS "auditSeq", erased_at AS "erasedAt"
         FROM privacy_erasure WHERE id = $1`,
      [id],
    )) as ErasureRow[];
    return row ?? null;
  }

  async pseudonymTaken(manager: EntityManager, pseudonym: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM privacy_erasure WHERE pseudonym = $1`, [pseudonym])) as unknown[];
    return rows.length > 0;
  }

  /** An earlier erasure of this account or entry, if any. */
  async erasureOf(manager: EntityManager, userId: string | null, contactIds: string[]): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT pseudonym FROM privacy_erasure WHERE user_id = $1 OR contact_ids && $2::uuid[] LIMIT 1`,
      [userId, contactIds],
    )) as { pseudonym: string }[];
    return row?.pseudonym ?? null;
  }

  async insertErasure(
    manager: EntityManager,
    e: Omit<ErasureRow, 'id' | 'erasedAt'>,
  ): Promise<{ id: string; erasedAt: Date }> {
    const [row] = (await manager.query(
      `INSERT INTO privacy_erasure (pseudonym, user_id, contact_ids, erased_by, reason, counts, audit_seq)
       VALUES ($1, $2, $3::uuid[], $4, $5, $6::jsonb, $7) RETURNING id, erased_at AS "erasedAt"`,
      [e.pseudonym, e.userId, e.contactIds, e.erasedBy, e.reason, JSON.stringify(e.counts), e.auditSeq],
    )) as { id: string; erasedAt: Date }[];
    return row;
  }

  async erasures(limit: number): Promise<ErasureRow[]> {
    return this.dataSource.query(
      `SELECT id, pseudonym, user_id AS "userId", contact_ids AS "contactIds", erased_by AS "erasedBy", reason,
              counts, audit_seq::int AS "auditSeq", erased_at AS "erasedAt"
         FROM privacy_erasure ORDER BY erased_at DESC LIMIT $1`,
      [limit],
    );
  }

  async retention(): Promise<RetentionRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT kind, days, updated_at AS "updatedAt", last_run_at AS "lastRunAt", last_removed AS "lastRemoved"
         FROM retention_policy`,
    )) as RetentionRow[];
    return RETENTION_KINDS.map((kind) => rows.find((r) => r.kind === kind)!).filter(Boolean);
  }

  async periods(): Promise<RetentionPeriods> {
    const rows = await this.retention();
    const days = (kind: RetentionKind) => rows.find((r) => r.kind === kind)?.days ?? null;
    return {
      auditEventsDays: days('audit_events'),
      deliveriesDays: days('deliveries'),
      messagesDays: days('messages'),
    };
  }

  async setRetention(manager: EntityManager, kind: RetentionKind, days: number | null, by: string) {
    await manager.query(`UPDATE retention_policy SET days = $2, updated_by = $3, updated_at = now() WHERE kind = $1`, [
      kind,
      days,
      by,
    ]);
  }

  async recordRun(kind: RetentionKind, removed: number): Promise<void> {
    await this.dataSource.query(`UPDATE retention_policy SET last_run_at = now(), last_removed = $2 WHERE kind = $1`, [
      kind,
      removed,
    ]);
  }
}
