import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CoverageFilters, CoveragePerson } from './coverage.service.js';

/** The people of one cell: the active national designations of a country for a mandate. */
export interface CellRow {
  country_code: string;
  mandate_code: string;
  people: (CoveragePerson & { role: 'primary' | 'deputy' })[];
}

/** The statements of the coverage matrix: its rows (countries), columns (mandates) and cells. */
@Injectable()
export class CoverageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The network's countries (or every country), by name, within the region or the EU if asked. */
  countries(filters: CoverageFilters) {
    return this.dataSource.query<{ code: string; name: string; region: string; eu_member: boolean }[]>(
      `SELECT code, name, region, eu_member FROM country
       WHERE ($1::boolean OR network_member OR eu_member) AND ($2::text IS NULL OR region = $2) AND (NOT $3::boolean OR eu_member)
       ORDER BY name`,
      [filters.all ?? false, filters.region ?? null, filters.eu ?? false],
    );
  }

  activeMandates() {
    return this.dataSource.query<{ code: string; name: string }[]>(
      `SELECT code, name FROM mandate WHERE active ORDER BY sort_order, code`,
    );
  }

  /**
   * The current national designations the viewer sees (`visible`, their condition with its
   * parameters from `$1`), grouped by cell, primary first, each with whether it is stale.
   */
  designationsByCell(visible: { sql: string; params: unknown[] }, staleAfterDays: number) {
    return this.dataSource.query<CellRow[]>(
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
  }
}
