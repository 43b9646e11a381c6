import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['session', 'user_account'];

/**
 * The live-session check of every request is no longer kept between requests (an authorisation
 * decision is never cached, issue 19), so nothing listens to `identity_changed` any more: its
 * triggers go, and with them a NOTIFY on every sign-in, refresh and account change.
 */
export class DropIdentityChangeNotify1796685097066 implements MigrationInterface {
  name = 'DropIdentityChangeNotify1796685097066';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_identity_changed" ON "${table}"`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(
        `CREATE TRIGGER "TR_${table}_identity_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION notify_change('identity_changed')`,
      );
  }
}
