import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) };

/** One row of the append-only, hash-chained audit log (a trigger refuses UPDATE and DELETE). */
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

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
