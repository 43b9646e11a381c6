import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshTokenSuccessor1796666181889 implements MigrationInterface {
  name = 'RefreshTokenSuccessor1796666181889';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" ADD "successor_sealed" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "successor_sealed"`);
  }
}
