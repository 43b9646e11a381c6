import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a directory search reads from: a committed change to any of them is announced. The
 * facet groups are left out: folding the change log into them changes no count (a rebuild, which
 * does, announces itself).
 */
const TABLES = ['contact', 'organisation', 'country', 'mandate', 'point_of_contact'];

/**
 * `notify_change()`, a statement trigger that NOTIFYs the channel given as its argument (sent when
 * the transaction commits, folded into one per transaction), and its triggers on the directory's
 * tables for `directory_changed`, so every API instance drops the search results it keeps.
 */
export class DirectoryChangeNotify1795953347100 implements MigrationInterface {
  name = 'DirectoryChangeNotify1795953347100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], '');
        RETURN NULL;
      END $$`);
    for (const table of TABLES)
      await q.query(
        `CREATE TRIGGER "TR_${table}_directory_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION notify_change('directory_changed')`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_directory_changed" ON "${table}"`);
    await q.query(`DROP FUNCTION notify_change()`);
  }
}
