import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions, refresh tokens and recovery codes go with their owner. */
export class IdentityForeignKeys1795879686821 implements MigrationInterface {
  name = 'IdentityForeignKeys1795879686821';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "mfa_recovery_code" ADD CONSTRAINT "FK_cb8070e714a552e9c6b6271ff98" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session" ADD CONSTRAINT "FK_30e98e8746699fb9af235410aff" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"`);
    await q.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_30e98e8746699fb9af235410aff"`);
    await q.query(`ALTER TABLE "mfa_recovery_code" DROP CONSTRAINT "FK_cb8070e714a552e9c6b6271ff98"`);
  }
}
