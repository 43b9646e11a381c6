import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Thread } from './thread.entity.js';
import type { RosterEvent } from '@liaison/e2ee';

/** A signed membership event, stored as signed, after the server checked it. */
@Entity({ name: 'roster_event' })
export class RosterEventRow {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column('jsonb')
  event: RosterEvent;

  @Column('text')
  hash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}
