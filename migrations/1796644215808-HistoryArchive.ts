import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each person's history archive: chunks of messages sealed under the archive key of their backup. */
export class HistoryArchive1796644215808 implements MigrationInterface {
  name = 'HistoryArchive1796644215808';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "history_archive_chunk" ("user_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "from_seq" bigint NOT NULL, "to_seq" bigint NOT NULL, "nonce" text NOT NULL, "ciphertext" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf1247b167eee8fa79f1d2c5d1b" PRIMARY KEY ("user_id", "thread_id", "from_seq"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "history_archive_chunk"`);
  }
}
