import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views that contexts publish for the others to read in a statement that truly needs a join
 * (issue 19): the columns other contexts may rely on, and nothing else (no password hashes, MFA
 * secrets or search internals). Named after the owning context; written only through its own
 * repositories, never through the view.
 */
const VIEWS: Record<string, string> = {
  identity_account: `SELECT id, email, display_name, roles, organisation_id, status, created_at FROM user_account`,
  directory_organisation: `SELECT id, name, acronym, kind, country_code, parent_id, verified_at FROM organisation`,
  directory_country: `SELECT code, name, region, eu_member, network_member FROM country`,
  directory_mandate: `SELECT code, name, sort_order, active FROM mandate`,
  directory_contact: `SELECT id, organisation_id, country_code, full_name, emails, status, visibility, created_at FROM contact`,
  directory_designation: `SELECT id, contact_id, mandate_code, scope, country_code, organisation_id, role, valid_from, valid_to, status
    FROM point_of_contact`,
  planning_group: `SELECT id, name FROM working_group`,
  planning_group_member: `SELECT group_id, user_id, role FROM working_group_member`,
};

export class PublishedViews1796684876746 implements MigrationInterface {
  name = 'PublishedViews1796684876746';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, select] of Object.entries(VIEWS)) await q.query(`CREATE VIEW "${name}" AS ${select}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of Object.keys(VIEWS).reverse()) await q.query(`DROP VIEW "${name}"`);
  }
}
