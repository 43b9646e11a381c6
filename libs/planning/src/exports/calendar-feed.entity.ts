import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A secret calendar address of one user: the due dates of one plan, or of their own items. The
 * address carries a random token; only its hash is stored. Revoking deletes the row.
 */
@Entity({ name: 'calendar_feed' })
@Index('IDX_calendar_feed_user', ['userId'])
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  /** The plan whose due dates the feed carries; null for the user's own items across plans. */
  @Column('uuid', { name: 'plan_id', nullable: true })
  planId: string | null;

  @Index('UQ_calendar_feed_token', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}
