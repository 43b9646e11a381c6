import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@liaison/core';
import { csvCell } from '@liaison/core';
import { type Viewer, visibleContactSql } from '../viewer.js';

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

interface CellRow {
  country_code: string;
  mandate_code: string;
  people: (CoveragePerson & { role: 'primary' | 'deputy' })[];
}

/**
 * Countries x mandates from the national designations in force today, only with contacts the
 * viewer may see: a designation of a hidden contact counts as absent, so the matrix never betrays
 * that a restricted contact exists.
 */
@Injectable()
export class CoverageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async matrix(viewer: Viewer, filters: CoverageFilters): Promise<CoverageMatrix> {
    const staleAfterDays = this.config.confirmAfterDays;
    const countries = await this.dataSource.query<{ code: string; name: string; region: string; eu_member: boolean }[]>(
      `SELECT code, name, region, eu_member FROM country
       WHERE ($1::boolean OR network_member OR eu_member) AND ($2::text IS NULL OR region = $2) AND (NOT $3::boolean OR eu_member)
       ORDER BY name`,
      [filters.all ?? false, filters.region ?? null, filters.eu ?? false],
    );
    const mandates = await this.dataSource.query<{ code: string; name: string }[]>(
      `SELECT code, name FROM mandate WHERE active ORDER BY sort_order, code`,
    );
    const visible = visibleContactSql(viewer, 1);
    const cells = await this.dataSource.query<CellRow[]>(
      `SELECT p.country_code, p.mandate_code,
              json_agg(json_build_object(
                'designationId', p.id, 'contactId', c.id, 'fullName', c.full_name, 'organisationName', o.name,
                'lastConfirmedAt', least(c.last_confirmed_at, p.last_confirmed_at), 'status', c.status, 'role', p.role,
                'stale', least(c.last_confirmed_at, p.last_confirmed_at) < now() - make_interval(days => $5::int))
                ORDER BY p.role, p.valid_from) AS people
       FROM point_of_contact p
       JOIN contact c ON c.id = p.contact_id
       JOIN organisation o ON o.id = c.organisation_id
       WHERE ${visible.sql} AND p.scope = 'national' AND p.status = 'active'
         AND p.valid_from <= current_date AND (p.valid_to IS NULL OR p.valid_to >= current_date)
       GROUP BY p.country_code, p.mandate_code`,
      [...visible.params, staleAfterDays],
    );
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
