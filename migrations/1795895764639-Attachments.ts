import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Encrypted attachments of threads (the bytes are files in the attachment store). */
export class Attachments1795895764639 implements MigrationInterface {
  name = 'Attachments1795895764639';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "attachment" ("id" uuid NOT NULL, "thread_id" uuid NOT NULL, "uploader_user_id" uuid NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_attachment_thread" ON "attachment"  ("thread_id", "created_at") `);
    await q.query(
      `ALTER TABLE "attachment" ADD CONSTRAINT "FK_8b747bea575115f98d3bd0ca234" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_8b747bea575115f98d3bd0ca234"`);
    await q.query(`DROP INDEX "public"."IDX_attachment_thread"`);
    await q.query(`DROP TABLE "attachment"`);
  }
}
