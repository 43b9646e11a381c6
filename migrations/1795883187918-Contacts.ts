import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts, point-of-contact designations, their history and re-confirmation requests. */
export class Contacts1795883187918 implements MigrationInterface {
  name = 'Contacts1795883187918';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "country_code" character(2), "full_name" text NOT NULL, "sort_name" text NOT NULL, "position" text, "emails" text array NOT NULL, "phones" jsonb NOT NULL DEFAULT '[]', "languages" text array NOT NULL DEFAULT '{}', "expertise" text array NOT NULL DEFAULT '{}', "expertise_folded" text array NOT NULL DEFAULT '{}', "mandates" text array NOT NULL DEFAULT '{}', "time_zone" text, "status" text NOT NULL DEFAULT 'active', "visibility" text NOT NULL DEFAULT 'network', "last_confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "search_names" text NOT NULL, "search_doc" tsvector, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_contact_sort_name" ON "contact"  ("sort_name", "id") `);
    await q.query(`CREATE INDEX "IDX_contact_country_status" ON "contact"  ("country_code", "status") `);
    await q.query(`CREATE INDEX "IDX_contact_organisation" ON "contact"  ("organisation_id") `);
    await q.query(
      `CREATE TABLE "contact_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "actor_id" uuid, "action" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6aa7f409dadb37b2d00d1c2fb14" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_contact_change_contact_at" ON "contact_change"  ("contact_id", "at") `);
    await q.query(
      `CREATE TABLE "point_of_contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "mandate_code" text NOT NULL, "scope" text NOT NULL, "country_code" character(2), "organisation_id" uuid, "role" text NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "status" text NOT NULL, "nominating_authority" text NOT NULL, "nominated_by" uuid, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "replaces_id" uuid, "note" text, "last_confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54cff1de5e8bb1cc73db05145d6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_poc_contact" ON "point_of_contact"  ("contact_id", "status") `);
    await q.query(`CREATE INDEX "IDX_poc_cell" ON "point_of_contact"  ("mandate_code", "country_code", "status") `);
    await q.query(
      `CREATE TABLE "confirmation_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "token_hash" text NOT NULL, "escalation_level" integer NOT NULL DEFAULT '0', "notified_level" integer NOT NULL DEFAULT '-1', "next_escalation_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, "answer" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2b8d14116b192bdbc5d782eb510" UNIQUE ("token_hash"), CONSTRAINT "PK_1324550d6478e1fa9e0ae8da0ba" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_confirmation_request_open_due" ON "confirmation_request"  ("answered_at", "next_escalation_at") `,
    );
    await q.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contact_change" ADD CONSTRAINT "FK_81dba90ed83d578e94cad9deab5" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "FK_7d24eee59f6602ce7d4aac8037a" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "FK_2dc4f015bed4dc8ed2af51119ee" FOREIGN KEY ("mandate_code") REFERENCES "mandate"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "FK_d8f0ef016e6c722f1188bb1da71" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "FK_03e916725be09683273de7d3a96" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "confirmation_request" ADD CONSTRAINT "FK_2e2fa95d35031dc63e9d07ab849" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Search: trigram matching on the folded name spellings, weighted full text, array filters.
    await q.query(`CREATE INDEX "IDX_contact_search_names_trgm" ON "contact" USING gin ("search_names" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_contact_search_doc" ON "contact" USING gin ("search_doc")`);
    await q.query(`CREATE INDEX "IDX_contact_emails" ON "contact" USING gin ("emails")`);
    await q.query(`CREATE INDEX "IDX_contact_languages" ON "contact" USING gin ("languages")`);
    await q.query(`CREATE INDEX "IDX_contact_expertise_folded" ON "contact" USING gin ("expertise_folded")`);
    await q.query(`CREATE INDEX "IDX_contact_mandates" ON "contact" USING gin ("mandates")`);
    // One contact per primary e-mail address.
    await q.query(`CREATE UNIQUE INDEX "UQ_contact_primary_email" ON "contact" (("emails"[1]))`);
    await q.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "CHK_contact_values" CHECK (status IN ('active', 'on_leave', 'departed') AND visibility IN ('network', 'law_enforcement', 'secretariat') AND cardinality(emails) >= 1)`,
    );
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "CHK_poc_values" CHECK (role IN ('primary', 'deputy') AND scope IN ('national', 'organisational') AND status IN ('proposed', 'active', 'rejected', 'ended') AND (valid_to IS NULL OR valid_to >= valid_from) AND (scope = 'organisational' OR country_code IS NOT NULL) AND (scope = 'national' OR organisation_id IS NOT NULL))`,
    );
    // Never two active primaries for one cell at the same time (the service explains; this enforces).
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(
      `ALTER TABLE "point_of_contact" ADD CONSTRAINT "EX_poc_one_primary" EXCLUDE USING gist (mandate_code WITH =, scope WITH =, (coalesce(country_code, '')) WITH =, (coalesce(organisation_id::text, '')) WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (status = 'active' AND role = 'primary')`,
    );
    // At most one open re-confirmation request per contact.
    await q.query(
      `CREATE UNIQUE INDEX "UQ_confirmation_request_open" ON "confirmation_request" ("contact_id") WHERE answered_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."UQ_confirmation_request_open"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "EX_poc_one_primary"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "CHK_poc_values"`);
    await q.query(`ALTER TABLE "contact" DROP CONSTRAINT "CHK_contact_values"`);
    await q.query(`DROP INDEX "public"."UQ_contact_primary_email"`);
    await q.query(`DROP INDEX "public"."IDX_contact_mandates"`);
    await q.query(`DROP INDEX "public"."IDX_contact_expertise_folded"`);
    await q.query(`DROP INDEX "public"."IDX_contact_languages"`);
    await q.query(`DROP INDEX "public"."IDX_contact_emails"`);
    await q.query(`DROP INDEX "public"."IDX_contact_search_doc"`);
    await q.query(`DROP INDEX "public"."IDX_contact_search_names_trgm"`);
    await q.query(`ALTER TABLE "confirmation_request" DROP CONSTRAINT "FK_2e2fa95d35031dc63e9d07ab849"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "FK_03e916725be09683273de7d3a96"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "FK_d8f0ef016e6c722f1188bb1da71"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "FK_2dc4f015bed4dc8ed2af51119ee"`);
    await q.query(`ALTER TABLE "point_of_contact" DROP CONSTRAINT "FK_7d24eee59f6602ce7d4aac8037a"`);
    await q.query(`ALTER TABLE "contact_change" DROP CONSTRAINT "FK_81dba90ed83d578e94cad9deab5"`);
    await q.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74"`);
    await q.query(`DROP INDEX "public"."IDX_confirmation_request_open_due"`);
    await q.query(`DROP TABLE "confirmation_request"`);
    await q.query(`DROP INDEX "public"."IDX_poc_cell"`);
    await q.query(`DROP INDEX "public"."IDX_poc_contact"`);
    await q.query(`DROP TABLE "point_of_contact"`);
    await q.query(`DROP INDEX "public"."IDX_contact_change_contact_at"`);
    await q.query(`DROP TABLE "contact_change"`);
    await q.query(`DROP INDEX "public"."IDX_contact_organisation"`);
    await q.query(`DROP INDEX "public"."IDX_contact_country_status"`);
    await q.query(`DROP INDEX "public"."IDX_contact_sort_name"`);
    await q.query(`DROP TABLE "contact"`);
  }
}
