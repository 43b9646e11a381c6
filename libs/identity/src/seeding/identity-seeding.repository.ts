import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from '../users/user.entity.js';
import type { NewAccount } from '../users/users.repository.js';

/** The statements of IdentitySeeding, each in the caller's seeding transaction. */
@Injectable()
export class IdentitySeedingRepository {
  /** Creates several accounts in one insert. */
  async insertMany(m: EntityManager, accounts: NewAccount[]): Promise<void> {
    await m.getRepository(User).insert(accounts);
  }

  /** The password hash of the account with this address. */
  async passwordHashOf(m: EntityManager, email: string): Promise<string | undefined> {
    const [account] = await m.query<{ passwordHash: string }[]>(
      `SELECT password_hash AS "passwordHash" FROM user_account WHERE email = $1`,
      [email],
    );
    return account?.passwordHash;
  }

  /** The accounts with these (lower-case) e-mail addresses. */
  async idsByEmail(m: EntityManager, emails: string[]): Promise<{ id: string; email: string }[]> {
    return m.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM user_account WHERE lower(email) = ANY($1)`,
      [emails],
    );
  }

  /**
   * Accounts (with `passwordHash`) for the active points of contact of `mandates` in EU member
   * countries, and for `organisationId`'s people, whose first address is in `onlyEmails`.
   */
  async createContactAccounts(
    m: EntityManager,
    passwordHash: string,
    mandates: string[],
    organisationId: string,
    onlyEmails: string[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
     SELECT DISTINCT ON (c.emails[1]) c.emails[1], c.full_name, $1, '{member}', c.organisation_id
       FROM directory_contact c JOIN directory_designation p ON p.contact_id = c.id AND p.status = 'active'
       JOIN directory_organisation o ON o.id = c.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code
      WHERE c.status <> 'departed'
        AND ((p.mandate_code = ANY($3::text[]) AND co.eu_member) OR o.id = $2)
        AND c.emails[1] = ANY($4::text[])
        AND NOT EXISTS (SELECT 1 FROM user_account u WHERE lower(u.email::text) = ANY(c.emails))
      ORDER BY c.emails[1]`,
      [passwordHash, organisationId, mandates, onlyEmails],
    );
  }
}
