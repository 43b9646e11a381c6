import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The statements that keep contacts' search columns and the search lexicon current. */

/** What a contact's search document is made of. */
export interface IndexSource {
  id: string;
  full_name: string;
  position: string | null;
  expertise: string[];
  mandates: string[];
  org_name: string;
  org_acronym: string | null;
  country_name: string | null;
}

/** The search columns of a batch of contacts, position by position. */
export interface SearchColumns {
  ids: string[];
  names: string[];
  b: string[];
  c: string[];
}

@Injectable()
export class ContactIndexRepository {
  /** Every mandate's name by code. */
  mandateNames(m: EntityManager): Promise<{ code: string; name: string }[]> {
    return m.query<{ code: string; name: string }[]>(`SELECT code, name FROM mandate`);
  }

  /** The text of these contacts' search documents: names, position, organisation, country, expertise, mandates. */
  sources(m: EntityManager, ids: string[]): Promise<IndexSource[]> {
    return m.query<IndexSource[]>(
      `SELECT c.id, c.full_name, c.position, c.expertise, c.mandates, o.name AS org_name, o.acronym AS org_acronym,
                cn.name AS country_name
         FROM contact c JOIN organisation o ON o.id = c.organisation_id LEFT JOIN country cn ON cn.code = c.country_code
         WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Writes the folded names and the weighted document (names A, `b` B, `c` C) of each contact. */
  async writeSearchColumns(m: EntityManager, { ids, names, b, c }: SearchColumns): Promise<void> {
    await m.query(
      `UPDATE contact c SET search_names = d.names,
           search_doc = setweight(to_tsvector('simple', d.names), 'A')
                     || setweight(to_tsvector('simple', d.b), 'B')
                     || setweight(to_tsvector('simple', d.c), 'C')
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS d(id, names, b, c)
         WHERE c.id = d.id`,
      [ids, names, b, c],
    );
  }

  /**
   * Adds the words of these contacts' documents to the lexicon typo-tolerant search expands against,
   * marking those a contact has as a name (weight A).
   */
  async addSearchTerms(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(
      `INSERT INTO search_term (term, name)
         SELECT lexeme, bool_or('A' = ANY(weights)) FROM contact, unnest(search_doc) WHERE id = ANY($1::uuid[])
         GROUP BY lexeme ORDER BY lexeme
         ON CONFLICT (term) DO UPDATE SET name = true WHERE EXCLUDED.name AND NOT search_term.name`,
      [ids],
    );
  }

  /** The ids of an organisation's contacts. */
  contactIdsOf(m: EntityManager, organisationId: string): Promise<{ id: string }[]> {
    return m.query<{ id: string }[]>(`SELECT id FROM contact WHERE organisation_id = $1`, [organisationId]);
  }
}
