import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['contact', 'organisation', 'country', 'mandate', 'point_of_contact'];

/**
 * The directory's search results are no longer kept in the API's memory (issue 19: at the
 * realistic profile they made searches slower, docs/benchmarks.md), so nothing listens to
 * `directory_changed` any more: its triggers and `notify_change()` go, and with them a NOTIFY
 * in every transaction that changes the directory.
 */
export class DropDirectoryChangeNotify1796687979496 implements MigrationInterface {
  name = 'DropDirectoryChangeNotify1796687979496';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER "TR_${table}_directory_changed" ON "${table}"`);
    await q.query(`DROP FUNCTION notify_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
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
}
