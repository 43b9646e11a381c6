import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the live-session check of every request reads besides organisations (which announce their own changes). */
const TABLES = ['session', 'user_account'];

/**
 * Triggers (`notify_change()`, migration DirectoryChangeNotify) that NOTIFY `identity_changed` when
 * a change to sessions or accounts commits, so every API instance drops the session checks it keeps.
 */
export class IdentityChangeNotify1795956057109 implements MigrationInterface {
  name = 'IdentityChangeNotify1795956057109';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await q.query(
        `CREATE TRIGGER "TR_${table}_identity_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION notify_change('identity_changed')`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_identity_changed" ON "${table}"`);
  }
}
