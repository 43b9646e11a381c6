import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Outreach1795914059881 implements MigrationInterface {
  name = 'Outreach1795914059881';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "announcement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "body" text NOT NULL DEFAULT '', "body_html" text NOT NULL DEFAULT '', "audience" jsonb NOT NULL, "requires_acknowledgement" boolean NOT NULL DEFAULT false, "acknowledge_by" TIMESTAMP WITH TIME ZONE, "remind_days_before" integer NOT NULL DEFAULT '3', "status" text NOT NULL DEFAULT 'draft', "publish_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_reason" text, "revision" integer NOT NULL DEFAULT '1', "edited_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "recipient_count" integer, "fanned_out_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "updated_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_announcement_values" CHECK (status IN ('draft', 'scheduled', 'published', 'withdrawn') AND (status <> 'scheduled' OR publish_at IS NOT NULL) AND remind_days_before BETWEEN 0 AND 60), CONSTRAINT "PK_e0ef0550174fd1099a308fd18a0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_announcement_due" ON "announcement"  ("status", "publish_at") `);
    await q.query(
      `CREATE TABLE "outreach_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "announcement_id" uuid NOT NULL, "title" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "location" text, "online_url" text, "rsvp_deadline" TIMESTAMP WITH TIME ZONE, "seats_per_country" integer, "sequence" integer NOT NULL DEFAULT '0', "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_9b73beaf18fcf5496af92896547" UNIQUE ("announcement_id"), CONSTRAINT "REL_9b73beaf18fcf5496af9289654" UNIQUE ("announcement_id"), CONSTRAINT "CHK_outreach_event_values" CHECK (ends_at > starts_at AND (seats_per_country IS NULL OR seats_per_country > 0) AND (location IS NOT NULL OR online_url IS NOT NULL)), CONSTRAINT "PK_2653b76dacfbf2785cbc96cf31c" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "announcement_delivery" ("announcement_id" uuid NOT NULL, "user_id" uuid NOT NULL, "country_code" character(2), "organisation_kind" text, "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "read_revision" integer, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "reminded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_56a17d55a02c4fb799e584c033d" PRIMARY KEY ("announcement_id", "user_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_announcement_delivery_user" ON "announcement_delivery"  ("user_id", "delivered_at") `,
    );
    await q.query(
      `CREATE TABLE "outreach_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "announcement_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "occasion" integer NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "error" text, "claimed_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_outreach_mail_values" CHECK (kind IN ('announcement', 'update', 'cancel', 'reminder') AND status IN ('pending', 'sending', 'sent', 'bounced', 'failed')), CONSTRAINT "PK_dac6a994afbc04d82334e7580b1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_outreach_mail_owed" ON "outreach_mail"  ("announcement_id", "status") `);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_outreach_mail_occasion" ON "outreach_mail"  ("announcement_id", "user_id", "kind", "occasion") `,
    );
    await q.query(
      `CREATE TABLE "event_rsvp" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "country_code" character(2), "organisation_id" uuid, "response" text NOT NULL, "delegation" jsonb NOT NULL DEFAULT '[]', "delegates" integer NOT NULL DEFAULT '0', "nominating_authority" text, "accessibility" text, "dietary" text, "notes" text, "version" integer NOT NULL DEFAULT '1', "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_event_rsvp_values" CHECK (response IN ('accepted', 'tentative', 'declined') AND delegates >= 0 AND (response <> 'declined' OR delegates = 0)), CONSTRAINT "PK_fe3554724dbe9ec576bc50ccb11" PRIMARY KEY ("event_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_event_rsvp_country" ON "event_rsvp"  ("event_id", "country_code") `);
    await q.query(
      `ALTER TABLE "outreach_event" ADD CONSTRAINT "FK_9b73beaf18fcf5496af92896547" FOREIGN KEY ("announcement_id") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "announcement_delivery" ADD CONSTRAINT "FK_cfe3e4f305a03da4dde6d5f71da" FOREIGN KEY ("announcement_id") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outreach_mail" ADD CONSTRAINT "FK_63d97805012eb0d9bf28e7dfa41" FOREIGN KEY ("announcement_id") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "event_rsvp" ADD CONSTRAINT "FK_8062a5e2bde78e576ff7c66a98a" FOREIGN KEY ("event_id") REFERENCES "outreach_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_rsvp" DROP CONSTRAINT "FK_8062a5e2bde78e576ff7c66a98a"`);
    await q.query(`ALTER TABLE "outreach_mail" DROP CONSTRAINT "FK_63d97805012eb0d9bf28e7dfa41"`);
    await q.query(`ALTER TABLE "announcement_delivery" DROP CONSTRAINT "FK_cfe3e4f305a03da4dde6d5f71da"`);
    await q.query(`ALTER TABLE "outreach_event" DROP CONSTRAINT "FK_9b73beaf18fcf5496af92896547"`);
    await q.query(`DROP INDEX "public"."IDX_event_rsvp_country"`);
    await q.query(`DROP TABLE "event_rsvp"`);
    await q.query(`DROP INDEX "public"."UQ_outreach_mail_occasion"`);
    await q.query(`DROP INDEX "public"."IDX_outreach_mail_owed"`);
    await q.query(`DROP TABLE "outreach_mail"`);
    await q.query(`DROP INDEX "public"."IDX_announcement_delivery_user"`);
    await q.query(`DROP TABLE "announcement_delivery"`);
    await q.query(`DROP TABLE "outreach_event"`);
    await q.query(`DROP INDEX "public"."IDX_announcement_due"`);
    await q.query(`DROP TABLE "announcement"`);
  }
}
