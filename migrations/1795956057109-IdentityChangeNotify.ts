import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the live-session check of every request reads besides organisations (which announce their own changes). */
const TABLES = ['session', 'user_account'];

/**
 * Statement triggers that NOTIFY `identity_changed` when a change to sessions or accounts commits
 * (one per transaction), so every API instance drops the session checks it keeps.
 */
export class IdentityChangeNotify1795956057109 implements MigrationInterface {
  name = 'IdentityChangeNotify1795956057109';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION identity_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('identity_changed', '');
        RETURN NULL;
      END $$`);
    for (const table of TABLES)
      await q.query(
        `CREATE TRIGGER "TR_${table}_identity_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION identity_changed_notify()`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_identity_changed" ON "${table}"`);
    await q.query(`DROP FUNCTION identity_changed_notify()`);
  }
}
