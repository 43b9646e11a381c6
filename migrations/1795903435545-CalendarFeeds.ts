import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Secret calendar addresses (issue 6): one row per address, only the token's hash stored. */
export class CalendarFeeds1795903435545 implements MigrationInterface {
  name = 'CalendarFeeds1795903435545';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "calendar_feed" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "plan_id" uuid, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_24c0b9c80e4a4ac8752d854bc2e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_calendar_feed_token" ON "calendar_feed"  ("token_hash") `);
    await q.query(`CREATE INDEX "IDX_calendar_feed_user" ON "calendar_feed"  ("user_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_calendar_feed_user"`);
    await q.query(`DROP INDEX "public"."UQ_calendar_feed_token"`);
    await q.query(`DROP TABLE "calendar_feed"`);
  }
}
