import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An encrypted thread as the server sees it: who is in it (from the verified roster), the epoch
 * in force, the roster's head and the last message seq. No subject, no plaintext.
 */
@Entity({ name: 'thread' })
export class Thread {
  /** Chosen by the creating client: its roster events are signed over it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('int')
  epoch: number;

  @Column('int', { name: 'roster_seq' })
  rosterSeq: number;

  @Column('text', { name: 'roster_head' })
  rosterHead: string;

  /** Who rotated into the epoch in force, if a rotation did (they may distribute it). */
  @Column('uuid', { name: 'rotated_by', nullable: true })
  rotatedBy: string | null;

  @Column('bigint', {
    name: 'last_seq',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  lastSeq: number;

  @Column('text', { name: 'linked_type', nullable: true })
  linkedType: string | null;

  @Column('text', { name: 'linked_id', nullable: true })
  linkedId: string | null;

  /** Newcomers get the earlier epochs' keys from the admin who adds them (a client setting). */
  @Column('boolean', { name: 'share_history', default: false })
  shareHistory: boolean;

  @Column('int', { name: 'retention_days', nullable: true })
  retentionDays: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
