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
import type { KeyDistribution } from '@liaison/e2ee';

/** A signed bundle of one epoch secret wrapped for each member (HPKE ciphertexts only). */
@Entity({ name: 'key_distribution' })
@Index('UQ_key_distribution_point', ['threadId', 'epoch', 'rosterSeq'], { unique: true })
export class KeyDistributionRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('int')
  epoch: number;

  @Column('int', { name: 'roster_seq' })
  rosterSeq: number;

  @Column('uuid')
  distributor: string;

  @Column('jsonb')
  body: KeyDistribution;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}
