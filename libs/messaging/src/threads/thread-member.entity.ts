import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Thread } from './thread.entity.js';

/** Membership as the verified roster says, kept for access checks and unread counts. */
@Entity({ name: 'thread_member' })
@Index('IDX_thread_member_user', ['userId'])
export class ThreadMember {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: 'admin' | 'member';

  @Column('bigint', {
    name: 'last_read_seq',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  lastReadSeq: number;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}
