import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { likePatterns } from '@liaison/core';
import { GENESIS_HASH, sealEvent, verifyChain, type VerifyResult } from './audit-chain.js';
import { AuditEvent } from './audit-event.entity.js';
import { type AuditFilters, AuditRepository } from './audit.repository.js';
import { redactDetails, redactionDigest, redactionTerms, type RedactionSubject } from './redaction.js';

/** One planned redaction: the event and what it will say. */
export interface Redaction {
  seq: number;
  ip: string | null;
  details: Record<string, unknown>;
  /** SHA-256 of canonical({ip, details}): what the erasure event declares for this row. */
  digest: string;
}

/** What a context says happened; the log adds seq, time and hashes. */
export interface AuditInput {
  action: string;
  actorId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export type { AuditFilters } from './audit.repository.js';

const VERIFY_BATCH = 1000;
const HASHES_PER_TURN = 25;

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AuditRepository,
  ) {}

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
    await this.repo.lockAppends(manager);
    const last = await this.repo.lastEvent(manager);
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const rows: AuditEvent[] = [];
    for (const input of inputs) {
      // A batch of listings is hundreds of hashes: let requests in between every few dozen.
      if (rows.length > 0 && rows.length % HASHES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
      const sealed = sealEvent(prevHash, {
        seq: (seq += 1),
        at,
        actorId: input.actorId ?? null,
        action: input.action,
        targetType: input.targetType ?? null,
        targetId: input.targetId ?? null,
        ip: input.ip ?? null,
        details: input.details ?? {},
      });
      const row = Object.assign(new AuditEvent(), sealed);
      prevHash = row.hash;
      rows.push(row);
    }
    await this.repo.insertEvents(manager, rows);
    return rows;
  }

  /** A page of events, newest first. */
  async list(filters: AuditFilters): Promise<AuditEvent[]> {
    return this.repo.list(filters);
  }

  /**
   * Recomputes the chain in batches, from the start or from retention's checkpoint; names the
   * first row that does not match. A redacted event must be declared by the later erasure event
   * it names, with the digest of its new address and details; a checkpoint must be the one its
   * `audit.pruned` event recorded.
   */
  async verify(): Promise<VerifyResult> {
    const checkpoint = await this.repo.checkpoint();
    let position = checkpoint
      ? { events: checkpoint.throughSeq, head: checkpoint.head }
      : { events: 0, head: GENESIS_HASH };
    let redacted = 0;
    // Redacted rows waiting for the erasure event that must declare them: seq → (erasure, digest).
    const awaited = new Map<number, { by: number; digest: string }>();
    let checkpointRecorded = checkpoint === null;
    for (;;) {
      const batch = await this.repo.eventsAfter(position.events, VERIFY_BATCH);
      if (batch.length === 0) break;
      const result = verifyChain(batch, position);
      for (const event of batch) {
        if (result.brokenAt !== undefined && event.seq >= result.brokenAt) break;
        if (event.redactedBy !== null)
          awaited.set(event.seq, { by: event.redactedBy, digest: redactionDigest(event.ip, event.details) });
        if (event.action === 'privacy.erased') {
          const declared = (event.details.redactions ?? {}) as Record<string, string>;
          for (const [seq, digest] of Object.entries(declared)) {
            const row = awaited.get(Number(seq));
            if (row && row.by === event.seq && row.digest === digest) awaited.delete(Number(seq));
          }
        }
        if (
          checkpoint &&
          event.seq === checkpoint.recordedBy &&
          event.action === 'audit.pruned' &&
          event.details.throughSeq === checkpoint.throughSeq &&
          event.details.head === checkpoint.head
        )
          checkpointRecorded = true;
      }
      redacted += result.redacted ?? 0;
      if (!result.ok) return { ...result, redacted };
      position = { events: result.events, head: result.head };
    }
    if (awaited.size > 0) {
      const brokenAt = Math.min(...awaited.keys());
      return { ok: false, events: brokenAt - 1, head: position.head, brokenAt, redacted };
    }
    if (!checkpointRecorded)
      return {
        ok: false,
        events: checkpoint!.throughSeq,
        head: checkpoint!.head,
        brokenAt: checkpoint!.throughSeq + 1,
      };
    return { ok: true, ...position, redacted };
  }

  /**
   * The events that name a person, with what each will say once redacted: their addresses,
   * e-mails and names replaced by the pseudonym, and no address for their own acts. The erasure
   * event declares them (seq → digest of the new content) before `applyRedactions` writes them.
   */
  async planRedactions(manager: EntityManager, subject: RedactionSubject): Promise<Redaction[]> {
    const patterns = likePatterns(redactionTerms(subject));
    const rows = await this.repo.eventsNaming(manager, subject.userId, subject.ids, patterns);
    return rows.flatMap((row) => {
      const own = row.actorId !== null && row.actorId === subject.userId;
      const about = own || (row.targetId !== null && subject.ids.includes(row.targetId));
      // Their own acts, and acts about them by no one known (a sign-in attempt), lose the address.
      const ip = own || (about && row.actorId === null) ? null : row.ip;
      const details = redactDetails(row.details, subject, about);
      // An event redacted before (for someone else) changes again only if it names this person.
      if (ip === row.ip && JSON.stringify(details) === JSON.stringify(row.details) && !own && !about) return [];
      return [{ seq: Number(row.seq), ip, details, digest: redactionDigest(ip, details) }];
    });
  }

  /** Writes planned redactions in one statement, each marked with the erasure event that declared it. */
  async applyRedactions(manager: EntityManager, redactions: Redaction[], erasureSeq: number): Promise<void> {
    if (redactions.length === 0) return;
    await this.repo.applyRedactions(manager, redactions, erasureSeq);
  }

  /**
   * Holds appends until the caller's transaction ends: an erasure takes it before it plans its
   * redactions, so no event naming the person slips in between.
   */
  async holdAppends(manager: EntityManager): Promise<void> {
    await this.repo.lockAppends(manager);
  }

  /**
   * Retention: removes the events older than `before` (never the last one) and moves the
   * checkpoint verification starts from, recorded by an `audit.pruned` event. Returns how many.
   */
  async prune(before: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.repo.lockAppends(manager);
      const last = await this.repo.lastPrunable(manager, before);
      if (!last) return 0;
      const throughSeq = Number(last.seq);
      const [recorded] = await this.append(manager, [
        {
          action: 'audit.pruned',
          targetType: 'audit',
          details: { throughSeq, head: last.hash, before: before.toISOString() },
        },
      ]);
      // The checkpoint moves first: the trigger deletes only events behind it (and old enough).
      await this.repo.saveCheckpoint(manager, throughSeq, last.hash, recorded.seq);
      return this.repo.deleteThrough(manager, throughSeq);
    });
  }

  /** Events a person caused (their sign-ins, changes), oldest first, for their own export. */
  async eventsBy(userId: string, limit = 10_000): Promise<AuditEvent[]> {
    return this.repo.eventsBy(userId, limit);
  }
}
