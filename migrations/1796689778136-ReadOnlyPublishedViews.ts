import type { MigrationInterface, QueryRunner } from 'typeorm';

const VIEWS = [
  'identity_account',
  'directory_organisation',
  'directory_country',
  'directory_mandate',
  'directory_contact',
  'directory_designation',
  'planning_group',
  'planning_group_member',
];

/**
 * The published views are for reading: PostgreSQL makes a simple view writable through to its
 * table, so an `INSTEAD OF` trigger on each refuses every insert, update and delete. Only the
 * owning context writes its tables, through its own repositories.
 */
export class ReadOnlyPublishedViews1796689778136 implements MigrationInterface {
  name = 'ReadOnlyPublishedViews1796689778136';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_view_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is a read-only view: its context writes the table behind it', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const view of VIEWS)
      await q.query(
        `CREATE TRIGGER "TR_${view}_read_only" INSTEAD OF INSERT OR UPDATE OR DELETE ON "${view}"
         FOR EACH ROW EXECUTE FUNCTION refuse_view_write()`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of VIEWS) await q.query(`DROP TRIGGER "TR_${view}_read_only" ON "${view}"`);
    await q.query(`DROP FUNCTION refuse_view_write()`);
  }
}
