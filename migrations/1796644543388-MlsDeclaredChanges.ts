import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A commit keeps the device changes its committer declared and signed, for members to check against the commit. */
export class MlsDeclaredChanges1796644543388 implements MigrationInterface {
  name = 'MlsDeclaredChanges1796644543388';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_message" ADD "declared" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_message" DROP COLUMN "declared"`);
  }
}
