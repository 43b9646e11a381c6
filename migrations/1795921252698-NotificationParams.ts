import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationParams1795921252698 implements MigrationInterface {
  name = 'NotificationParams1795921252698';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" ADD "params" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification" DROP COLUMN "params"`);
  }
}
