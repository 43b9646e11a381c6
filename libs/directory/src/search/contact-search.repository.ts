import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HotStatements } from '@liaison/core';
import type { Viewer } from '../viewer.js';
import {
  type ContactSearchFilters,
  type ContactSearchStatement,
  contactExportSql,
  type Facet,
} from './contact-search.sql.js';

/** The one row of a text search: the page, the total and the facet counts. */
export interface ContactSearchRow {
  total: number;
  items: ContactSearchItemRow[] | null;
  facets: Record<Facet, Record<string, number> | null>;
}

export interface ContactSearchItemRow {
  id: string;
  fullName: string;
  position: string | null;
  organisationId: string;
  organisationName: string;
  organisationAcronym: string | null;
  organisationKind: string;
  countryCode: string | null;
  emails: string[];
  phones: { number: string; kind: string }[];
  languages: string[];
  expertise: string[];
  mandates: string[];
  timeZone: string | null;
  status: string;
  visibility: string;
  lastConfirmedAt: string;
  tier: number;
}

/** The total and facet counts of browsing without text (every page of the same filters shares them). */
export type BrowseCounts = Pick<ContactSearchRow, 'total' | 'facets'>;

/** A contact of an export batch: a search item with its sort key. */
export type ExportRow = ContactSearchItemRow & { sortName: string };

/**
 * Runs the contact search's statements (assembled in contact-search.sql.ts); a text search's
 * statement of a common shape is kept prepared on each connection (HotStatements).
 */
@Injectable()
export class ContactSearchRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hot: HotStatements,
  ) {}

  /** The one statement of a text search: page, total and facets in one row. */
  async searchRow(statement: ContactSearchStatement & { name: string | null }): Promise<ContactSearchRow> {
    const { text, values, name } = statement;
    const [row] = name
      ? await this.hot.query<ContactSearchRow>(name, text, values)
      : await this.dataSource.query<ContactSearchRow[]>(text, values);
    return row;
  }

  /** A page of browsing without text, in name order. */
  browsePage(statement: ContactSearchStatement): Promise<ContactSearchItemRow[]> {
    return this.dataSource.query<ContactSearchItemRow[]>(statement.text, statement.values);
  }

  /** The total and facet counts of browsing without text, from the facet groups. */
  async browseCounts(statement: ContactSearchStatement): Promise<BrowseCounts> {
    const [counts] = await this.dataSource.query<BrowseCounts[]>(statement.text, statement.values);
    return counts;
  }

  /** One batch of an export: the viewer's contacts matching the filters after `after`, in name order. */
  exportBatch(
    viewer: Viewer,
    filters: Omit<ContactSearchFilters, 'page' | 'limit'>,
    after: { sortName: string; id: string } | null,
    limit: number,
  ): Promise<ExportRow[]> {
    const { text, values } = contactExportSql(viewer, filters, after, limit);
    return this.dataSource.query<ExportRow[]>(text, values);
  }
}
