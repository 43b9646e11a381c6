import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

const count = async (manager: EntityManager | DataSource, sql: string, params: unknown[]) =>
  ((await manager.query(`WITH hit AS (${sql}) SELECT count(*)::int AS n FROM hit`, params)) as { n: number }[])[0].n;

/** The SQL of the directory's part in exports and erasures. */
@Injectable()
export class DirectoryPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Entries named by id or holding one of these addresses. */
  async contacts(ids: string[], emails: string[]): Promise<{ id: string; fullName: string; emails: string[] }[]> {
    return this.dataSource.query(
      `SELECT id, full_name AS "fullName", emails FROM contact
        WHERE id = ANY($1::uuid[]) OR emails && $2::text[] ORDER BY created_at`,
      [ids, emails],
    );
  }

  async statuses(ids: string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(`SELECT id, status FROM contact WHERE id = ANY($1::uuid[])`, [ids])) as {
      id: string;
      status: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  async exportContacts(ids: string[]) {
    if (ids.length === 0) return { entries: [], history: [], designations: [], confirmations: [] };
    const entries = await this.dataSource.query(
      `SELECT c.id, c.full_name AS "fullName", c.position, c.emails, c.phones, c.languages, c.expertise, c.mandates,
              c.time_zone AS "timeZone", c.status, c.visibility, c.country_code AS "countryCode",
              o.name AS organisation, c.last_confirmed_at AS "lastConfirmedAt", c.created_at AS "createdAt",
              c.updated_at AS "updatedAt"
         FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.created_at`,
      [ids],
    );
    const history = await this.dataSource.query(
      `SELECT contact_id AS "contactId", action, changes, at FROM contact_change
        WHERE contact_id = ANY($1::uuid[]) ORDER BY at`,
      [ids],
    );
    const designations = await this.dataSource.query(
      `SELECT contact_id AS "contactId", mandate_code AS mandate, scope, role, country_code AS "countryCode",
              valid_from AS "validFrom", valid_to AS "validTo", status, nominating_authority AS "nominatingAuthority",
              note, created_at AS "createdAt"
         FROM point_of_contact WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at`,
      [ids],
    );
    const confirmations = await this.dataSource.query(
      `SELECT contact_id AS "contactId", created_at AS "createdAt", answered_at AS "answeredAt", answer,
              escalation_level AS "escalationLevel"
         FROM confirmation_request WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at`,
      [ids],
    );
    return { entries, history, designations, confirmations };
  }

  /** The search words of these entries, to drop from the lexicon what no other entry uses. */
  async lexemes(manager: EntityManager, ids: string[]): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT lexeme FROM contact, unnest(search_doc) WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as { lexeme: string }[];
    return rows.map((r) => r.lexeme);
  }

  /**
   * Entries keep their id (designation history and plans point to them) under the pseudonym:
   * departed, seen by the secretariat only, with no address, phone, position or expertise. Their
   * change history keeps who changed what when, not the values; their designations end; open
   * confirmation requests go.
   */
  async erase(manager: EntityManager, ids: string[], pseudonym: string) {
    if (ids.length === 0) return { entries: 0, historyEntries: 0, designationsEnded: 0, confirmationRequests: 0 };
    const entries = await count(
      manager,
      `UPDATE contact SET full_name = $2, sort_name = $2, position = NULL,
              emails = ARRAY['erased-' || id || '@erased.invalid'], phones = '[]'::jsonb, languages = '{}',
              expertise = '{}', expertise_folded = '{}', time_zone = NULL, status = 'departed',
              visibility = 'secretariat', version = version + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) RETURNING 1`,
      [ids, pseudonym],
    );
    const historyEntries = await count(
      manager,
      `UPDATE contact_change SET changes = '{"erased": true}'::jsonb WHERE contact_id = ANY($1::uuid[]) RETURNING 1`,
      [ids],
    );
    const designationsEnded = await count(
      manager,
      `UPDATE point_of_contact
          SET status = CASE WHEN status = 'proposed' THEN 'rejected' ELSE 'ended' END,
              valid_to = CASE WHEN status = 'active' THEN greatest(valid_from, least(coalesce(valid_to, current_date), current_date))
                              ELSE valid_to END,
              note = NULL, updated_at = now()
        WHERE contact_id = ANY($1::uuid[]) AND status IN ('proposed', 'active') RETURNING 1`,
      [ids],
    );
    await manager.query(`UPDATE point_of_contact SET note = NULL WHERE contact_id = ANY($1::uuid[])`, [ids]);
    const confirmationRequests = await count(
      manager,
      `DELETE FROM confirmation_request WHERE contact_id = ANY($1::uuid[]) RETURNING 1`,
      [ids],
    );
    return { entries, historyEntries, designationsEnded, confirmationRequests };
  }

  /** Drops from the typo lexicon the words no entry uses any more, and unmarks those no entry has as a name. */
  async forgetWords(manager: EntityManager, words: string[]): Promise<void> {
    if (words.length === 0) return;
    await manager.query(
      `DELETE FROM search_term t WHERE t.term = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.search_doc @@ to_tsquery('simple', quote_literal(t.term)))`,
      [words],
    );
    await manager.query(
      `UPDATE search_term t SET name = false WHERE t.term = ANY($1::text[]) AND t.name
          AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.search_doc @@ to_tsquery('simple', quote_literal(t.term) || ':A'))`,
      [words],
    );
  }
}
