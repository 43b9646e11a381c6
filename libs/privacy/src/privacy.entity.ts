import { Check, Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) };

/** One erasure (GDPR article 17): whom, by whom, why, what it changed. No personal data. */
@Entity({ name: 'privacy_erasure' })
export class PrivacyErasure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What the person is called since (`∅ 7KQ2F`). */
  @Column({ type: 'text', unique: true })
  pseudonym: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'contact_ids', type: 'uuid', array: true })
  contactIds: string[];

  @Column({ name: 'erased_by', type: 'uuid' })
  erasedBy: string;

  @Column({ type: 'text' })
  reason: string;

  /** Rows changed, by context and item. */
  @Column({ type: 'jsonb' })
  counts: Record<string, Record<string, number>>;

  /** The `privacy.erased` audit event. */
  @Column({ name: 'audit_seq', type: 'bigint', transformer: bigintAsNumber })
  auditSeq: number;

  @Column({ name: 'erased_at', type: 'timestamptz', default: () => 'now()' })
  erasedAt: Date;
}

export const RETENTION_KINDS = ['audit_events', 'deliveries', 'messages'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** How long the workspace keeps one kind of record; null days: until deleted. */
@Entity({ name: 'retention_policy' })
@Check(
  'CHK_retention_policy_values',
  `kind IN ('audit_events', 'deliveries', 'messages') AND (days IS NULL OR days >= 1)`,
)
export class RetentionPolicy {
  @PrimaryColumn({ type: 'text' })
  kind: RetentionKind;

  @Column({ type: 'int', nullable: true })
  days: number | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** When the retention job last applied this period, and what it removed. */
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true })
  lastRunAt: Date | null;

  @Column({ name: 'last_removed', type: 'int', nullable: true })
  lastRemoved: number | null;
}
