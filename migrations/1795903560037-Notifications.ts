import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminders and digests (issue 6): preferences, muted plans, and one notification per occasion. */
export class Notifications1795903560037 implements MigrationInterface {
  name = 'Notifications1795903560037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "reminder_days" integer array NOT NULL DEFAULT '{7,1}', "digest" text NOT NULL DEFAULT 'weekly', "quiet_from" smallint, "quiet_to" smallint, "time_zone" text NOT NULL DEFAULT 'UTC', "email" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_notification_preference_values" CHECK (digest IN ('off', 'daily', 'weekly') AND (quiet_from IS NULL) = (quiet_to IS NULL) AND quiet_from BETWEEN 0 AND 23 AND quiet_to BETWEEN 0 AND 23), CONSTRAINT "PK_ff040d2d2e35c49b00525783829" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "plan_mute" ("user_id" uuid NOT NULL, "plan_id" uuid NOT NULL, CONSTRAINT "PK_4da8147f19d43c43514f595d2c4" PRIMARY KEY ("user_id", "plan_id"))`,
    );
    await q.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "dedupe_key" text NOT NULL, "plan_id" uuid, "item_id" uuid, "title" text NOT NULL, "body" text NOT NULL, "link" text NOT NULL, "email_wanted" boolean NOT NULL, "emailed_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_notification_occasion" UNIQUE ("user_id", "dedupe_key"), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_notification_user" ON "notification"  ("user_id", "created_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_notification_user"`);
    await q.query(`DROP TABLE "notification"`);
    await q.query(`DROP TABLE "plan_mute"`);
    await q.query(`DROP TABLE "notification_preference"`);
  }
}
