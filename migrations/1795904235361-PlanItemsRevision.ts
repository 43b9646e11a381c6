import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A revision counter of each plan's items, raised in commit order: the key of the board and summary caches. */
export class PlanItemsRevision1795904235361 implements MigrationInterface {
  name = 'PlanItemsRevision1795904235361';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "action_plan" ADD "items_revision" bigint NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "action_plan" DROP COLUMN "items_revision"`);
  }
}
