import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SearchCache } from '../search/search-cache.js';
import { fold, nameVariants } from '../search/fold.js';

interface IndexSource {
  id: string;
  full_name: string;
  position: string | null;
  expertise: string[];
  mandates: string[];
  org_name: string;
  org_acronym: string | null;
  country_name: string | null;
}

const BATCH = 1000;

/**
 * Keeps each contact's search columns current: the folded name spellings and the weighted
 * full-text document (names A; position, organisation, country B; expertise and mandates C).
 * Folding happens here, in the same code that folds queries, so stored text and queries agree
 * whatever the script.
 */
@Injectable()
export class ContactIndexer {
  constructor(private readonly searchCache: SearchCache) {}

  /** The folded spellings stored in `search_names`. */
  static searchNames(fullName: string): string {
    return nameVariants(fullName).join(' ');
  }

  /** Recomputes the search document of these contacts (within the caller's transaction). */
  async reindex(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.searchCache.clearFor(manager);
    const mandateNames = new Map(
      (await manager.query<{ code: string; name: string }[]>(`SELECT code, name FROM mandate`)).map((m) => [
        m.code,
        m.name,
      ]),
    );
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await manager.query<IndexSource[]>(
        `SELECT c.id, c.full_name, c.position, c.expertise, c.mandates, o.name AS org_name, o.acronym AS org_acronym,
                cn.name AS country_name
         FROM contact c JOIN organisation o ON o.id = c.organisation_id LEFT JOIN country cn ON cn.code = c.country_code
         WHERE c.id = ANY($1::uuid[])`,
        [ids.slice(i, i + BATCH)],
      );
      const names = rows.map((r) => ContactIndexer.searchNames(r.full_name));
      const b = rows.map((r) =>
        fold([r.position, r.org_name, r.org_acronym, r.country_name].filter(Boolean).join(' ')),
      );
      const c = rows.map((r) =>
        fold(
          [...r.expertise, ...r.mandates.map((m) => `${mandateNames.get(m) ?? ''} ${m.replace(/_/g, ' ')}`)].join(' '),
        ),
      );
      await manager.query(
        `UPDATE contact c SET search_names = d.names,
           search_doc = setweight(to_tsvector('simple', d.names), 'A')
                     || setweight(to_tsvector('simple', d.b), 'B')
                     || setweight(to_tsvector('simple', d.c), 'C')
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS d(id, names, b, c)
         WHERE c.id = d.id`,
        [rows.map((r) => r.id), names, b, c],
      );
      // New words join the lexicon typo-tolerant search expands against.
      await manager.query(
        `INSERT INTO search_term (term)
         SELECT DISTINCT lexeme FROM contact, unnest(search_doc) WHERE id = ANY($1::uuid[])
         ORDER BY lexeme ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.id)],
      );
    }
  }

  /** Reindexes every contact of an organisation (after a rename). */
  async reindexOrganisation(manager: EntityManager, organisationId: string): Promise<void> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM contact WHERE organisation_id = $1`, [
      organisationId,
    ]);
    await this.reindex(
      manager,
      rows.map((r) => r.id),
    );
  }
}
