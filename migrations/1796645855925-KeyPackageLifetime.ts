import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The end of each KeyPackage's lifetime: none is handed out past it. */
export class KeyPackageLifetime1796645855925 implements MigrationInterface {
  name = 'KeyPackageLifetime1796645855925';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_key_package" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_key_package" DROP COLUMN "expires_at"`);
  }
}
