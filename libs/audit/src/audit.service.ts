import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH, verifyChain, type VerifyResult } from './audit-chain.js';
import { AuditEvent } from './audit-event.entity.js';

/** What a context says happened; the log adds seq, time and hashes. */
export interface AuditInput {
  action: string;
  actorId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilters {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Events with seq below this (the previous page's last seq). */
  beforeSeq?: number;
  limit: number;
}

// Appends are serialised so that each event links to exactly one predecessor.
const APPEND_LOCK = 0x6c696169; // "liai"
const VERIFY_BATCH = 1000;
const HASHES_PER_TURN = 25;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an event. Pass the manager of the transaction that performs the act, so the act and
   * its record commit or roll back together.
   */
  async record(input: AuditInput, manager?: EntityManager): Promise<AuditEvent> {
    const appendOne = (m: EntityManager) => this.append(m, [input]).then(([row]) => row);
    if (manager?.queryRunner?.isTransactionActive) return appendOne(manager);
    return (manager ?? this.dataSource.manager).transaction(appendOne);
  }

  /**
   * Appends several events in one transaction, in order (one lock and one insert for the lot):
   * for high-volume records such as listings, written in batches off the request path.
   */
  async recordMany(inputs: AuditInput[]): Promise<AuditEvent[]> {
    if (inputs.length === 0) return [];
    return this.dataSource.transaction((m) => this.append(m, inputs));
  }

  private async append(manager: EntityManager, inputs: AuditInput[]): Promise<AuditEvent[]> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const [last] = (await manager.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')) as {
      seq: string;
      hash: string;
    }[];
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const rows: AuditEvent[] = [];
    for (const input of inputs) {
      // A batch of listings is hundreds of hashes: let requests in between every few dozen.
      if (rows.length > 0 && rows.length % HASHES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
      const event = {
        seq: (seq += 1),
        at,
        actorId: input.actorId ?? null,
        action: input.action,
        targetType: input.targetType ?? null,
        targetId: input.targetId ?? null,
        ip: input.ip ?? null,
        details: input.details ?? {},
      };
      const row = Object.assign(new AuditEvent(), { ...event, prevHash, hash: chainHash(prevHash, event) });
      prevHash = row.hash;
      rows.push(row);
    }
    // One statement over arrays, whatever the batch's size (listings come 200 at a time).
    await manager.query(
      `INSERT INTO audit_event (seq, at, actor_id, action, target_type, target_id, ip, details, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::jsonb[], $9::text[], $10::text[])`,
      [
        rows.map((r) => r.seq),
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => r.actorId),
        rows.map((r) => r.action),
        rows.map((r) => r.targetType),
        rows.map((r) => r.targetId),
        rows.map((r) => r.ip),
        rows.map((r) => JSON.stringify(r.details)),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
      ],
    );
    return rows;
  }

  /** A page of events, newest first. */
  async list(filters: AuditFilters): Promise<AuditEvent[]> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (filters.actorId) query.andWhere('e.actorId = :actorId', { actorId: filters.actorId });
    if (filters.action) query.andWhere('e.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('e.at >= :from', { from: filters.from });
    if (filters.to) query.andWhere('e.at < :to', { to: filters.to });
    if (filters.beforeSeq) query.andWhere('e.seq < :beforeSeq', { beforeSeq: filters.beforeSeq });
    return query.orderBy('e.seq', 'DESC').limit(filters.limit).getMany();
  }

  /** Recomputes the whole chain in batches; names the first row that does not match. */
  async verify(): Promise<VerifyResult> {
    const repository = this.dataSource.getRepository(AuditEvent);
    let position = { events: 0, head: GENESIS_HASH };
    for (;;) {
      const batch = await repository
        .createQueryBuilder('e')
        .where('e.seq > :after', { after: position.events })
        .orderBy('e.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      if (batch.length === 0) return { ok: true, ...position };
      const result = verifyChain(batch, position);
      if (!result.ok) return result;
      position = { events: result.events, head: result.head };
    }
  }
}
