import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fold, nameVariants } from '../search/fold.js';
import { ContactIndexRepository } from './contact-index.repository.js';

const BATCH = 1000;

/**
 * Keeps each contact's search columns current: the folded name spellings and the weighted
 * full-text document (names A; position, organisation, country B; expertise and mandates C).
 * Folding happens here, in the same code that folds queries, so stored text and queries agree
 * whatever the script.
 */
@Injectable()
export class ContactIndexer {
  constructor(private readonly index: ContactIndexRepository) {}

  /** The folded spellings stored in `search_names`. */
  static searchNames(fullName: string): string {
    return nameVariants(fullName).join(' ');
  }

  /** Recomputes the search document of these contacts (within the caller's transaction). */
  async reindex(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const mandateNames = new Map((await this.index.mandateNames(manager)).map((m) => [m.code, m.name]));
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.index.sources(manager, ids.slice(i, i + BATCH));
      const names = rows.map((r) => ContactIndexer.searchNames(r.full_name));
      const b = rows.map((r) =>
        fold([r.position, r.org_name, r.org_acronym, r.country_name].filter(Boolean).join(' ')),
      );
      const c = rows.map((r) =>
        fold(
          [...r.expertise, ...r.mandates.map((m) => `${mandateNames.get(m) ?? ''} ${m.replace(/_/g, ' ')}`)].join(' '),
        ),
      );
      await this.index.writeSearchColumns(manager, { ids: rows.map((r) => r.id), names, b, c });
      // New words join the lexicon typo-tolerant search expands against.
      await this.index.addSearchTerms(
        manager,
        rows.map((r) => r.id),
      );
    }
  }

  /** Reindexes every contact of an organisation (after a rename). */
  async reindexOrganisation(manager: EntityManager, organisationId: string): Promise<void> {
    const rows = await this.index.contactIdsOf(manager, organisationId);
    await this.reindex(
      manager,
      rows.map((r) => r.id),
    );
  }
}
