import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The statements of identity's demo seeding that go beyond the fixed demo accounts. */
@Injectable()
export class IdentityDemoRepository {
  /** The password hash of the demo's secretariat account (the shared demo password). */
  async secretariatPasswordHash(m: EntityManager): Promise<string | undefined> {
    const [secretariat] = await m.query<{ passwordHash: string }[]>(
      `SELECT password_hash AS "passwordHash" FROM user_account WHERE email = 'secretariat@liaison.test'`,
    );
    return secretariat?.passwordHash;
  }

  /**
   * Accounts (with `passwordHash`) for the active points of contact the demo announcements
   * address: EU members' WeProtect, policy and victim identification mandates, and `organisationId`'s people.
   */
  async createContactAccounts(m: EntityManager, passwordHash: string, organisationId: string): Promise<void> {
    await m.query(
      `INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
     SELECT DISTINCT ON (c.emails[1]) c.emails[1], c.full_name, $1, '{member}', c.organisation_id
       FROM directory_contact c JOIN directory_designation p ON p.contact_id = c.id AND p.status = 'active'
       JOIN directory_organisation o ON o.id = c.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code
      WHERE c.status <> 'departed'
        AND ((p.mandate_code IN ('weprotect', 'policy_legislation', 'victim_identification') AND co.eu_member) OR o.id = $2)
        AND NOT EXISTS (SELECT 1 FROM user_account u WHERE lower(u.email::text) = ANY(c.emails))
      ORDER BY c.emails[1]`,
      [passwordHash, organisationId],
    );
  }
}
