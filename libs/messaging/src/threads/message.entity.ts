import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Thread } from './thread.entity.js';

/** A message as stored: ciphertext, nonce and signature; `seq` is gap-free per thread. */
@Entity({ name: 'message' })
@Index('UQ_message_thread_seq', ['threadId', 'seq'], { unique: true })
@Index('UQ_message_client_id', ['threadId', 'senderUserId', 'clientMessageId'], { unique: true })
// Retention finds old messages through a BRIN index on created_at (migration MessagingLoad): rows
// arrive in time order, so it costs almost nothing to keep up, unlike a B-tree on every insert.
@Index('IDX_message_created_brin', { synchronize: false })
export class MessageRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq: number;

  @Column('int')
  epoch: number;

  @Column('uuid', { name: 'sender_user_id' })
  senderUserId: string;

  @Column('text', { name: 'client_message_id' })
  clientMessageId: string;

  @Column('text', { name: 'sent_at' })
  sentAt: string;

  @Column('text')
  nonce: string;

  @Column('text')
  ciphertext: string;

  @Column('text')
  signature: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}
