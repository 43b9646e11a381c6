import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { COMPOSER_LEVELS } from '../access.js';
import type { Audience, AudienceClause, namedValues } from './audience.js';

/**
 * Every statement that resolves an audience against the directory and the accounts: checking the
 * names it uses, previewing it, and writing a delivery for each person in it.
 */

/** FROM clause that `audienceSql` expects. */
const AUDIENCE_FROM = `identity_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code`;

/** FROM clause of `audienceSql` with `subject: 'contact'`. */
const UNREACHED_FROM = `directory_contact ct LEFT JOIN directory_organisation o ON o.id = ct.organisation_id LEFT JOIN directory_country co ON co.code = o.country_code`;

/**
 * The SQL condition that a user (alias `u`, with `o` their organisation and `co` its country,
 * both LEFT JOINed: `AUDIENCE_FROM`) is in the audience. Values are appended to `params` and
 * referenced by position. Mandates mean an active point-of-contact designation, valid today, of
 * the user's directory entry, counted only where the entry is visible at one of `levels` and not
 * departed.
 *
 * With `subject: 'contact'` the same rules select directory entries (alias `ct`, `UNREACHED_FROM`)
 * that have no active account: the people the audience would reach but cannot.
 */
export function audienceSql(
  audience: Audience,
  params: unknown[],
  levels: string[],
  subject: 'user' | 'contact' = 'user',
): string {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const contact = subject === 'contact';
  const designated = (mandates: string[]) => `AND ap.mandate_code = ANY(${p(mandates)}::text[]) AND ap.status = 'active'
            AND ap.valid_from <= current_date AND (ap.valid_to IS NULL OR ap.valid_to >= current_date)`;
  const clause = (c: AudienceClause): string => {
    const parts: string[] = [];
    if (c.countries?.length) parts.push(`o.country_code = ANY(${p(c.countries)}::text[])`);
    if (c.regions?.length) parts.push(`co.region = ANY(${p(c.regions)}::text[])`);
    if (c.euMembers) parts.push(`co.eu_member`);
    if (c.organisationKinds?.length) parts.push(`o.kind = ANY(${p(c.organisationKinds)}::text[])`);
    if (c.organisations?.length) {
      const ids = p(c.organisations);
      parts.push(`(o.id = ANY(${ids}::uuid[]) OR o.parent_id = ANY(${ids}::uuid[]))`);
    }
    if (c.mandates?.length)
      parts.push(
        contact
          ? `EXISTS (SELECT 1 FROM directory_designation ap WHERE ap.contact_id = ct.id ${designated(c.mandates)})`
          : `EXISTS (SELECT 1 FROM directory_contact ac JOIN directory_designation ap ON ap.contact_id = ac.id
          WHERE ac.emails @> ARRAY[lower(u.email::text)] AND ac.status <> 'departed' AND ac.visibility = ANY(${p(levels)}::text[])
            ${designated(c.mandates)})`,
      );
    // Working groups, roles and named users are accounts: a directory entry without one is in none.
    if (c.groups?.length)
      parts.push(
        contact
          ? 'FALSE'
          : `EXISTS (SELECT 1 FROM planning_group_member ag WHERE ag.user_id = u.id AND ag.group_id = ANY(${p(c.groups)}::uuid[]))`,
      );
    if (c.roles?.length) parts.push(contact ? 'FALSE' : `u.roles && ${p(c.roles)}::text[]`);
    if (c.users?.length) parts.push(contact ? 'FALSE' : `u.id = ANY(${p(c.users)}::uuid[])`);
    if (c.everyone) parts.push('TRUE');
    return parts.length ? `(${parts.join(' AND ')})` : 'FALSE';
  };
  const include = audience.include.map(clause).join(' OR ') || 'FALSE';
  const exclude = (audience.exclude ?? []).map(clause).join(' OR ');
  const base = contact
    ? `ct.status <> 'departed' AND ct.visibility = ANY(${p(levels)}::text[])
       AND NOT EXISTS (SELECT 1 FROM identity_account u WHERE u.status = 'active' AND lower(u.email::text) = ANY(ct.emails))`
    : `u.status = 'active'`;
  return `${base} AND (${include})${exclude ? ` AND NOT (${exclude})` : ''}`;
}

/** The values an audience names that do not exist, per field (empty arrays when all exist). */
export type UnknownNames = Record<string, string[]>;

/** One person of an audience preview. */
export interface AudienceSampleRow {
  userId: string;
  displayName: string;
  organisationName: string | null;
  countryCode: string | null;
}

@Injectable()
export class AudienceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The named countries, regions, organisations, mandates, groups and users that do not exist. */
  async unknownNames(named: ReturnType<typeof namedValues>): Promise<UnknownNames> {
    const [unknown] = await this.dataSource.query<UnknownNames[]>(
      `SELECT
         ARRAY(SELECT x FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_country WHERE code = x)) AS countries,
         ARRAY(SELECT x FROM unnest($2::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_country WHERE region = x)) AS regions,
         ARRAY(SELECT x::text FROM unnest($3::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_organisation WHERE id = x)) AS organisations,
         ARRAY(SELECT x FROM unnest($4::text[]) x WHERE NOT EXISTS (SELECT 1 FROM directory_mandate WHERE code = x)) AS mandates,
         ARRAY(SELECT x::text FROM unnest($5::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM planning_group WHERE id = x)) AS groups,
         ARRAY(SELECT x::text FROM unnest($6::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM identity_account WHERE id = x)) AS users`,
      [named.countries, named.regions, named.organisations, named.mandates, named.groups, named.users],
    );
    return unknown!;
  }

  /** How many active accounts the audience reaches now. */
  async count(audience: Audience): Promise<number> {
    const params: unknown[] = [];
    const where = audienceSql(audience, params, COMPOSER_LEVELS);
    const [{ count }] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${AUDIENCE_FROM} WHERE ${where}`,
      params,
    );
    return count;
  }

  /** The first `size` people of the audience, by country then name. */
  async sample(audience: Audience, size: number): Promise<AudienceSampleRow[]> {
    const params: unknown[] = [];
    const where = audienceSql(audience, params, COMPOSER_LEVELS);
    return this.dataSource.query<AudienceSampleRow[]>(
      `SELECT u.id AS "userId", u.display_name AS "displayName", o.name AS "organisationName", o.country_code AS "countryCode"
         FROM ${AUDIENCE_FROM} WHERE ${where} ORDER BY o.country_code NULLS LAST, u.display_name LIMIT ${size}`,
      params,
    );
  }

  /** Directory entries the audience would reach but that have no active account. */
  async countUnreached(audience: Audience): Promise<number> {
    const params: unknown[] = [];
    const where = audienceSql(audience, params, COMPOSER_LEVELS, 'contact');
    const [{ missing }] = await this.dataSource.query<{ missing: number }[]>(
      `SELECT count(*)::int AS missing FROM ${UNREACHED_FROM} WHERE ${where}`,
      params,
    );
    return missing;
  }

  /** Whether anybody is in the audience now. */
  async anybody(m: EntityManager, audience: Audience): Promise<boolean> {
    const params: unknown[] = [];
    const where = audienceSql(audience, params, COMPOSER_LEVELS);
    const [{ anybody }] = await m.query<{ anybody: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${AUDIENCE_FROM} WHERE ${where}) AS anybody`,
      params,
    );
    return anybody;
  }

  /**
   * Resolves the audience and writes a delivery for each person in it, in one statement; answers
   * how many deliveries the announcement has. Writing again adds nobody twice.
   */
  async writeDeliveries(
    announcementId: string,
    audience: Audience,
    m: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const params: unknown[] = [announcementId];
    const where = audienceSql(audience, params, COMPOSER_LEVELS);
    await m.query(
      `INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind)
     SELECT $1, u.id, o.country_code, o.kind FROM ${AUDIENCE_FROM} WHERE ${where}
     ON CONFLICT DO NOTHING`,
      params,
    );
    const [{ count }] = await m.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM announcement_delivery WHERE announcement_id = $1`,
      [announcementId],
    );
    return count;
  }

  /** An announcement's deliveries as seeding writes them (OutreachSeeding), as if delivered at `deliveredAt`. */
  async seedDeliveries(m: EntityManager, announcementId: string, deliveredAt: Date, audience: Audience): Promise<void> {
    const params: unknown[] = [announcementId, deliveredAt];
    await m.query(
      `INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind, delivered_at)
     SELECT $1, u.id, o.country_code, o.kind, $2 FROM ${AUDIENCE_FROM} WHERE ${audienceSql(audience, params, COMPOSER_LEVELS)}`,
      params,
    );
  }
}
