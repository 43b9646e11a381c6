import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) };

/**
 * One row of the append-only, hash-chained audit log. A trigger refuses UPDATE and DELETE except
 * an erasure's redaction (personal fields only, marked) and retention's pruning of the oldest
 * events (behind a checkpoint).
 */
@Entity({ name: 'audit_event' })
@Index('IDX_audit_event_actor', ['actorId', 'seq'])
@Index('IDX_audit_event_action', ['action', 'seq'])
@Index('IDX_audit_event_at', ['at'])
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb' })
  // JSON values; `any` keeps TypeORM's insert typing usable for jsonb.
  details: Record<string, any>;

  /** Random per event; removed with the personal data an erasure replaces. */
  @Column({ type: 'bytea', nullable: true })
  salt: Buffer | null;

  /** SHA-256(salt || canonical(ip)): what the chain covers instead of the address. */
  @Column({ name: 'ip_digest', type: 'char', length: 64 })
  ipDigest: string;

  /** SHA-256(salt || canonical(details)): what the chain covers instead of the details. */
  @Column({ name: 'details_digest', type: 'char', length: 64 })
  detailsDigest: string;

  /** The erasure event (`privacy.erased`) that replaced this event's personal data. */
  @Column({ name: 'redacted_by', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  redactedBy: number | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}

/** Where verification starts once retention pruned the oldest events: the last pruned event. */
@Entity({ name: 'audit_checkpoint' })
export class AuditCheckpoint {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  /** The seq of the last pruned event. */
  @Column({ name: 'through_seq', type: 'bigint', transformer: bigintAsNumber })
  throughSeq: number;

  /** That event's hash: the next event links to it. */
  @Column({ type: 'char', length: 64 })
  head: string;

  /** The `audit.pruned` event that recorded this checkpoint. */
  @Column({ name: 'recorded_by', type: 'bigint', transformer: bigintAsNumber })
  recordedBy: number;
}
