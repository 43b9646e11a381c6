import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ChunkRow {
  threadId: string;
  fromSeq: number;
  toSeq: number;
  nonce: string;
  ciphertext: string;
}

/** The statements of the history archive: one person's chunks, and what they take up. */
@Injectable()
export class ArchiveRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Characters stored for a person, leaving out the chunks these keys would replace. */
  async storedChars(userId: string, replacing: { threadId: string; fromSeq: number }[]): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT coalesce(sum(length(ciphertext)), 0)::bigint AS n FROM history_archive_chunk
        WHERE user_id = $1 AND (thread_id, from_seq) NOT IN (SELECT * FROM unnest($2::uuid[], $3::bigint[]))`,
      [userId, replacing.map((c) => c.threadId), replacing.map((c) => c.fromSeq)],
    )) as { n: string }[];
    return Number(rows[0]!.n);
  }

  async upsert(userId: string, chunks: ChunkRow[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO history_archive_chunk (user_id, thread_id, from_seq, to_seq, nonce, ciphertext)
       SELECT $1, t, f, e, n, c FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS x(t, f, e, n, c)
       ON CONFLICT (user_id, thread_id, from_seq)
       DO UPDATE SET to_seq = EXCLUDED.to_seq, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, created_at = now()`,
      [
        userId,
        chunks.map((c) => c.threadId),
        chunks.map((c) => c.fromSeq),
        chunks.map((c) => c.toSeq),
        chunks.map((c) => c.nonce),
        chunks.map((c) => c.ciphertext),
      ],
    );
  }

  /** A page of a person's chunks in (thread, seq) order, after the cursor. */
  async page(userId: string, after: { threadId: string; fromSeq: number } | null, limit: number): Promise<ChunkRow[]> {
    return (await this.dataSource.query(
      `SELECT thread_id AS "threadId", from_seq::int AS "fromSeq", to_seq::int AS "toSeq", nonce, ciphertext
         FROM history_archive_chunk
        WHERE user_id = $1 AND ($2::uuid IS NULL OR (thread_id, from_seq) > ($2::uuid, $3::bigint))
        ORDER BY thread_id, from_seq LIMIT $4`,
      [userId, after?.threadId ?? null, after?.fromSeq ?? 0, limit],
    )) as ChunkRow[];
  }
}
