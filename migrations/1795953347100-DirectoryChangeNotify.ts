import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a directory search reads from: a committed change to any of them is announced. The
 * facet groups are left out: folding the change log into them changes no count (a rebuild, which
 * does, announces itself).
 */
const TABLES = ['contact', 'organisation', 'country', 'mandate', 'point_of_contact'];

/**
 * Statement triggers that NOTIFY `directory_changed` (sent when the transaction commits, folded
 * into one per transaction), so every API instance drops the directory search results it keeps.
 */
export class DirectoryChangeNotify1795953347100 implements MigrationInterface {
  name = 'DirectoryChangeNotify1795953347100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION directory_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('directory_changed', '');
        RETURN NULL;
      END $$`);
    for (const table of TABLES)
      await q.query(
        `CREATE TRIGGER "TR_${table}_directory_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION directory_changed_notify()`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_directory_changed" ON "${table}"`);
    await q.query(`DROP FUNCTION directory_changed_notify()`);
  }
}
