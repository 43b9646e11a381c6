import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Threads that share their history with newcomers: the setting and the signed shares of earlier epochs. */
export class SharedHistory1795899051264 implements MigrationInterface {
  name = 'SharedHistory1795899051264';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "history_share" ("thread_id" uuid NOT NULL, "roster_seq" integer NOT NULL, "recipient_user_id" uuid NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_887f004bc58ea39d10b94617b65" PRIMARY KEY ("thread_id", "roster_seq"))`,
    );
    await q.query(`ALTER TABLE "thread" ADD "share_history" boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE "history_share" ADD CONSTRAINT "FK_221ab5d503c34a1ca83994af6a1" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "history_share" DROP CONSTRAINT "FK_221ab5d503c34a1ca83994af6a1"`);
    await q.query(`ALTER TABLE "thread" DROP COLUMN "share_history"`);
    await q.query(`DROP TABLE "history_share"`);
  }
}
