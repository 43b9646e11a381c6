import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginKnownSources1796665952319 implements MigrationInterface {
  name = 'LoginKnownSources1796665952319';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "login_known_source" ("source_key" text NOT NULL, "last_success_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_548cd73adf9e008929ec3cd7359" PRIMARY KEY ("source_key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_known_source"`);
  }
}
