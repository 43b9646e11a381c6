import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Countries (rows synchronised from the data package at start) and organisations. */
export class Directory1795881375018 implements MigrationInterface {
  name = 'Directory1795881375018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "country" ("code" character(2) NOT NULL, "name" text NOT NULL, "region" text NOT NULL, "eu_member" boolean NOT NULL DEFAULT false, "network_member" boolean NOT NULL DEFAULT false, "languages" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_8ff4c23dc9a3f3856555bd86186" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "acronym" text, "kind" text NOT NULL, "country_code" character(2), "parent_id" uuid, "website" text, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_organisation_country_kind" ON "organisation"  ("country_code", "kind") `);
    await q.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "FK_cd433b000266de5cdae66a25d3b" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616" FOREIGN KEY ("parent_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Typo- and accent-tolerant search on name and acronym (the expression the service queries).
    await q.query(
      `CREATE INDEX "IDX_organisation_search_trgm" ON "organisation" USING gin (liaison_unaccent(lower(name || ' ' || coalesce(acronym, ''))) gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616"`);
    await q.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_cd433b000266de5cdae66a25d3b"`);
    await q.query(`DROP INDEX "public"."IDX_organisation_search_trgm"`);
    await q.query(`DROP INDEX "public"."IDX_organisation_country_kind"`);
    await q.query(`DROP TABLE "organisation"`);
    await q.query(`DROP TABLE "country"`);
  }
}
