import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OrganisationKind } from './organisations/organisation.entity.js';

/** The statements behind who sees what: an organisation's kind, and addresses hidden from a viewer. */
@Injectable()
export class ViewerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async organisationKind(organisationId: string): Promise<OrganisationKind | null> {
    const rows = await this.dataSource.query<{ kind: OrganisationKind }[]>(
      `SELECT kind FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return rows[0]?.kind ?? null;
  }

  /**
   * Of these accounts' addresses (in lower case), those hidden from a viewer: a contact lists the
   * address and none the viewer sees does (`visible`, the viewer's condition with its parameters
   * from `$3`); with no contact, the default level of the account's organisation applies and
   * colleagues see each other.
   */
  async hiddenEmails(
    accounts: readonly { email: string; organisationId: string | null }[],
    visible: { sql: string; params: unknown[] },
    lawEnforcementKinds: readonly OrganisationKind[],
  ): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ email: string }[]>(
      `SELECT a.email FROM unnest($1::text[], $2::uuid[]) AS a(email, organisation_id)
         LEFT JOIN organisation o ON o.id = a.organisation_id
        WHERE CASE WHEN EXISTS (SELECT 1 FROM contact c WHERE c.emails @> ARRAY[a.email])
                   THEN NOT EXISTS (SELECT 1 FROM contact c WHERE c.emails @> ARRAY[a.email] AND ${visible.sql})
                   -- No entry: the default level of the account's organisation, and colleagues see each other.
                   ELSE o.kind = ANY($${3 + visible.params.length}::text[])
                        AND NOT ('law_enforcement' = ANY($3::text[]))
                        AND a.organisation_id IS DISTINCT FROM $5::uuid
              END`,
      [
        accounts.map((a) => a.email.toLowerCase()),
        accounts.map((a) => a.organisationId),
        ...visible.params,
        lawEnforcementKinds,
      ],
    );
    return new Set(rows.map((r) => r.email));
  }
}
