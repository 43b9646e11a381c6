import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and invitations refer to organisations of the directory (ids were free-form before). */
export class OrganisationReferences1795884472767 implements MigrationInterface {
  name = 'OrganisationReferences1795884472767';

  async up(q: QueryRunner): Promise<void> {
    // References to organisations that were never in the directory cannot be kept.
    for (const table of ['user_account', 'invitation'])
      await q.query(
        `UPDATE "${table}" t SET organisation_id = NULL WHERE organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = t.organisation_id)`,
      );
    await q.query(
      `ALTER TABLE "user_account" ADD CONSTRAINT "FK_6b1d49dc4407c09cf2e6e99a646" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "invitation" ADD CONSTRAINT "FK_913833c1541e680e8112131222f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "invitation" DROP CONSTRAINT "FK_913833c1541e680e8112131222f"`);
    await q.query(`ALTER TABLE "user_account" DROP CONSTRAINT "FK_6b1d49dc4407c09cf2e6e99a646"`);
  }
}
