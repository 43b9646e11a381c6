import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AccountRecipient, DirectoryAccounts } from '@liaison/directory';

/** The directory's view of user accounts: who is who, and whom to notify. */
@Injectable()
export class IdentityDirectoryAccounts extends DirectoryAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async emailOf(userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ email: string }[]>(`SELECT email FROM user_account WHERE id = $1`, [
      userId,
    ]);
    return row?.email ?? null;
  }

  adminsOf(organisationId: string): Promise<AccountRecipient[]> {
    return this.dataSource.query<AccountRecipient[]>(
      `SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
       WHERE organisation_id = $1 AND status = 'active' AND 'org_admin' = ANY(roles) ORDER BY email`,
      [organisationId],
    );
  }

  secretariat(): Promise<AccountRecipient[]> {
    return this.dataSource.query<AccountRecipient[]>(
      `SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
       WHERE status = 'active' AND 'secretariat' = ANY(roles) ORDER BY email`,
    );
  }

  async usersByEmail(emails: string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM user_account WHERE status = 'active' AND lower(email) = ANY($1::text[])`,
      [emails.map((e) => e.toLowerCase())],
    );
    return new Map(rows.map((r) => [r.email, r.id]));
  }
}
