import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A chunk of one person's history archive: messages of one thread as their devices read them,
 * sealed under the archive key in their key backup. The server cannot open it; a new device of
 * the same person can.
 */
@Entity({ name: 'history_archive_chunk' })
export class HistoryArchiveChunkRow {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('bigint', { name: 'from_seq', transformer: bigintNumber })
  fromSeq: number;

  @Column('bigint', { name: 'to_seq', transformer: bigintNumber })
  toSeq: number;

  @Column('text')
  nonce: string;

  @Column('text')
  ciphertext: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
