import { Injectable } from '@nestjs/common';
import { AppConfig } from '@liaison/core';
import { csvCell } from '@liaison/core';
import { type Viewer, visibleContactSql } from '../viewer.js';
import { CoverageRepository } from './coverage.repository.js';

export const CELL_STATES = ['covered', 'no_deputy', 'no_primary', 'gap', 'stale', 'departed'] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface CoveragePerson {
  designationId: string;
  contactId: string;
  fullName: string;
  organisationName: string;
  lastConfirmedAt: string;
  status: string;
  stale: boolean;
}

export interface CoverageCell {
  mandateCode: string;
  state: CellState;
  primary: CoveragePerson | null;
  deputies: CoveragePerson[];
}

export interface CoverageRow {
  country: { code: string; name: string; region: string; euMember: boolean };
  cells: CoverageCell[];
}

export interface CoverageMatrix {
  staleAfterDays: number;
  mandates: { code: string; name: string }[];
  rows: CoverageRow[];
}

export interface CoverageFilters {
  region?: string;
  eu?: boolean;
  /** Every country, not only the network's. */
  all?: boolean;
  lang?: string;
}

/**
 * Countries x mandates from the national designations in force today, only with contacts the
 * viewer may see: a designation of a hidden contact counts as absent, so the matrix never betrays
 * that a restricted contact exists.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly repository: CoverageRepository,
    private readonly config: AppConfig,
  ) {}

  async matrix(viewer: Viewer, filters: CoverageFilters): Promise<CoverageMatrix> {
    const staleAfterDays = this.config.confirmAfterDays;
    const countries = await this.repository.countries(filters);
    const mandates = await this.repository.activeMandates();
    const cells = await this.repository.designationsByCell(visibleContactSql(viewer, 1), staleAfterDays);
    const byCell = new Map(cells.map((c) => [`${c.country_code}:${c.mandate_code}`, c.people]));
    const names = filters.lang ? new Intl.DisplayNames([filters.lang], { type: 'region' }) : null;
    return {
      staleAfterDays,
      mandates,
      rows: countries.map((country) => ({
        country: {
          code: country.code,
          name: names?.of(country.code) ?? country.name,
          region: country.region,
          euMember: country.eu_member,
        },
        cells: mandates.map((m) => cell(m.code, byCell.get(`${country.code}:${m.code}`) ?? [])),
      })),
    };
  }
}

function cell(mandateCode: string, people: (CoveragePerson & { role: string })[]): CoverageCell {
  const strip = ({ role: _role, ...person }: CoveragePerson & { role: string }): CoveragePerson => ({
    ...person,
    lastConfirmedAt: new Date(person.lastConfirmedAt).toISOString(),
  });
  const primary = people.find((p) => p.role === 'primary');
  const deputies = people.filter((p) => p.role === 'deputy');
  const all = [primary, ...deputies].filter((p): p is CoveragePerson & { role: string } => !!p);
  const state: CellState = all.some((p) => p.status === 'departed')
    ? 'departed'
    : all.some((p) => p.stale)
      ? 'stale'
      : primary && deputies.length
        ? 'covered'
        : primary
          ? 'no_deputy'
          : deputies.length
            ? 'no_primary'
            : 'gap';
  return { mandateCode, state, primary: primary ? strip(primary) : null, deputies: deputies.map(strip) };
}

/** The matrix as CSV: one line per cell. */
export function coverageCsvLines(matrix: CoverageMatrix): string[] {
  const lines = ['country_code,country,mandate,state,primary,primary_organisation,primary_last_confirmed,deputies'];
  for (const row of matrix.rows)
    for (const c of row.cells)
      lines.push(
        [
          row.country.code,
          row.country.name,
          c.mandateCode,
          c.state,
          c.primary?.fullName,
          c.primary?.organisationName,
          c.primary?.lastConfirmedAt.slice(0, 10),
          c.deputies.map((d) => d.fullName).join('; '),
        ]
          .map((cell) => csvCell(cell ?? ''))
          .join(','),
      );
  return lines;
}
