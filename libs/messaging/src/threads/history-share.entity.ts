import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { HistoryShare } from '@liaison/e2ee';
import { Thread } from './thread.entity.js';

/** Earlier epochs wrapped for a newcomer, in threads that share history (signed, checked). */
@Entity({ name: 'history_share' })
export class HistoryShareRow {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  /** The roster event that added the recipient. */
  @PrimaryColumn('int', { name: 'roster_seq' })
  rosterSeq: number;

  @Column('uuid', { name: 'recipient_user_id' })
  recipientUserId: string;

  @Column('jsonb')
  body: HistoryShare;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}
