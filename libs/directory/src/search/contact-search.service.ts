import { Injectable } from '@nestjs/common';
import { ListingAudit } from '../contacts/listing-audit.js';
import type { Viewer } from '../viewer.js';
import { type ContactSearchRow, ContactSearchRepository } from './contact-search.repository.js';
import { type ContactSearchFilters, contactSearchStatements } from './contact-search.sql.js';
import { highlight, queryTerms } from './fold.js';

export interface ContactSearchResult extends ContactSearchRow {
  highlights: Record<
    string,
    {
      fullName: { start: number; end: number }[];
      organisationName: { start: number; end: number }[];
      position: { start: number; end: number }[];
    }
  >;
}

/**
 * Searching contacts: the statements of contact-search.sql.ts for what the viewer may see, the
 * matched words highlighted on the page's rows, listings of restricted entries audited.
 */
@Injectable()
export class ContactSearchService {
  constructor(
    private readonly listings: ListingAudit,
    private readonly searches: ContactSearchRepository,
  ) {}

  /**
   * One SQL statement: the page, the total and the facets, for what the viewer may see (or, when
   * browsing without text, the page and the counts side by side).
   */
  async search(viewer: Viewer, filters: ContactSearchFilters, ip: string | null): Promise<ContactSearchResult> {
    const result = this.withHighlights(await this.searchRow(viewer, filters), filters);
    // Listing restricted entries is audited in batches off the request path, so searching does not
    // queue behind the audit chain's lock on every keystroke.
    const restricted = (result.items ?? []).filter((i) => i.visibility !== 'network').map((i) => i.id);
    if (restricted.length > 0)
      this.listings.add({
        action: 'directory.contact.listed_restricted',
        actorId: viewer.userId,
        targetType: 'contact',
        targetId: null,
        ip,
        details: { contactIds: restricted, q: filters.q ?? null },
      });
    return result;
  }

  private withHighlights(row: ContactSearchRow, filters: ContactSearchFilters): ContactSearchResult {
    const items = row.items ?? [];
    const terms = filters.q ? queryTerms(filters.q) : [];
    const highlights = Object.fromEntries(
      items.map((i) => [
        i.id,
        {
          fullName: highlight(i.fullName, terms),
          organisationName: highlight(i.organisationName, terms),
          position: highlight(i.position ?? '', terms),
        },
      ]),
    );
    return { total: row.total, items, facets: row.facets, highlights };
  }

  /**
   * With text (or several expertise tags): the one statement. Without: the page in name order and,
   * side by side, the total and facets from the facet groups (no contact row read for the counts).
   */
  private async searchRow(viewer: Viewer, filters: ContactSearchFilters): Promise<ContactSearchRow> {
    const statements = contactSearchStatements(viewer, filters);
    if ('one' in statements) return this.searches.searchRow(statements.one);
    const [items, counts] = await Promise.all([
      this.searches.browsePage(statements.page),
      this.searches.browseCounts(statements.counts),
    ]);
    return { ...counts, items: items.map((i) => ({ ...i, tier: 0 })) };
  }
}
