import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Encrypted attachments of MLS threads, their ids per thread. */
export class MlsAttachments1796645664288 implements MigrationInterface {
  name = 'MlsAttachments1796645664288';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mls_attachment" ("thread_id" uuid NOT NULL, "id" uuid NOT NULL, "uploader_user_id" uuid NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e1947da638b5c4abdf53872e7ab" PRIMARY KEY ("thread_id", "id"))`,
    );
    await q.query(
      `ALTER TABLE "mls_attachment" ADD CONSTRAINT "FK_fb94bf6c5bc5832768f57ba4253" FOREIGN KEY ("thread_id") REFERENCES "mls_thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_attachment" DROP CONSTRAINT "FK_fb94bf6c5bc5832768f57ba4253"`);
    await q.query(`DROP TABLE "mls_attachment"`);
  }
}
