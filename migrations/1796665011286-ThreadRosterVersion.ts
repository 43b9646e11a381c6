import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ThreadRosterVersion1796665011286 implements MigrationInterface {
  name = 'ThreadRosterVersion1796665011286';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_thread" ADD "roster_version" integer NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_thread" DROP COLUMN "roster_version"`);
  }
}
