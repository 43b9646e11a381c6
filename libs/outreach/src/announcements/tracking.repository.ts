import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RecipientDto, StatsRowDto } from '../outreach.dto.js';
import type { MailStatus } from './announcement.entity.js';

/** Every statement of what the secretariat follows: deliveries, reads, acknowledgements, answers and e-mails. */

/** The columns of a statistics row over deliveries `d` and answers `r` (`STATS_FROM`). */
const STATS_ROW = `count(*)::int AS recipients, count(d.read_at)::int AS read, count(d.acknowledged_at)::int AS acknowledged,
  count(*) FILTER (WHERE r.response = 'accepted')::int AS accepted,
  count(*) FILTER (WHERE r.response = 'tentative')::int AS tentative,
  count(*) FILTER (WHERE r.response = 'declined')::int AS declined,
  count(*) FILTER (WHERE r.user_id IS NULL)::int AS "noAnswer",
  COALESCE(sum(r.delegates), 0)::int AS delegates`;

const STATS_FROM = `announcement_delivery d
  LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
  LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id`;

const RECIPIENT_FROM = `${STATS_FROM}
    JOIN identity_account u ON u.id = d.user_id
    LEFT JOIN directory_organisation o ON o.id = u.organisation_id
    LEFT JOIN LATERAL (SELECT status, error FROM outreach_mail WHERE announcement_id = d.announcement_id AND user_id = d.user_id
                        AND kind = 'announcement' ORDER BY occasion DESC LIMIT 1) m ON true`;

const RECIPIENT_COLUMNS = `d.user_id AS "userId", u.display_name AS "displayName", u.email::text AS email,
    o.name AS "organisationName", d.country_code AS "countryCode", d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
    d.acknowledged_at AS "acknowledgedAt", m.status AS "emailStatus", m.error AS "emailError", r.response AS rsvp,
    d.reminded_at AS "remindedAt"`;

const FILTERS: Record<string, string> = {
  unread: 'd.read_at IS NULL',
  read: 'd.read_at IS NOT NULL',
  unacknowledged: 'd.acknowledged_at IS NULL',
  acknowledged: 'd.acknowledged_at IS NOT NULL',
  no_answer: 'e.id IS NOT NULL AND r.user_id IS NULL',
  bounced: `m.status = 'bounced'`,
  failed: `m.status = 'failed'`,
};

/** A statistics row of the total, one country or one organisation kind. */
export type GroupedStatsRow = StatsRowDto & { dimension: 'total' | 'country' | 'kind' };

/** Which recipients a listing shows: one of the `FILTERS` by name, and a country. */
export interface RecipientFilter {
  filter?: string;
  country?: string;
}

@Injectable()
export class TrackingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exists(id: string): Promise<boolean> {
    const [found] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM announcement WHERE id = $1`, [id]);
    return !!found;
  }

  /** Statistics in total, by country and by organisation kind, in one pass. */
  async groupedStats(id: string): Promise<GroupedStatsRow[]> {
    return this.dataSource.query<GroupedStatsRow[]>(
      `SELECT CASE WHEN GROUPING(d.country_code) = 0 THEN 'country' WHEN GROUPING(d.organisation_kind) = 0 THEN 'kind' ELSE 'total' END AS dimension,
                COALESCE(d.country_code::text, d.organisation_kind) AS key,
                CASE WHEN GROUPING(d.country_code) = 0 THEN max(c.name) END AS label, ${STATS_ROW}
           FROM ${STATS_FROM} LEFT JOIN directory_country c ON c.code = d.country_code
          WHERE d.announcement_id = $1
          GROUP BY GROUPING SETS ((d.country_code), (d.organisation_kind), ())`,
      [id],
    );
  }

  /** Statistics by the mandates (active point-of-contact designations) the recipients hold in the directory. */
  async statsByMandate(id: string): Promise<StatsRowDto[]> {
    return this.dataSource.query<StatsRowDto[]>(
      `SELECT pm.mandate_code AS key, mn.name AS label, ${STATS_ROW}
           FROM ${STATS_FROM}
           JOIN identity_account u ON u.id = d.user_id
           JOIN LATERAL (SELECT DISTINCT p.mandate_code FROM directory_contact ct JOIN directory_designation p ON p.contact_id = ct.id
                          WHERE ct.emails @> ARRAY[lower(u.email::text)] AND p.status = 'active') pm ON true
           LEFT JOIN directory_mandate mn ON mn.code = pm.mandate_code
          WHERE d.announcement_id = $1
          GROUP BY pm.mandate_code, mn.name ORDER BY pm.mandate_code`,
      [id],
    );
  }

  /** Statistics by country, ordered by country name. */
  async statsByCountry(id: string): Promise<StatsRowDto[]> {
    return this.dataSource.query<StatsRowDto[]>(
      `SELECT d.country_code AS key, max(c.name) AS label, ${STATS_ROW}
           FROM ${STATS_FROM} LEFT JOIN directory_country c ON c.code = d.country_code
          WHERE d.announcement_id = $1 GROUP BY d.country_code ORDER BY max(c.name) NULLS LAST`,
      [id],
    );
  }

  /** How many recipients' announcement e-mail is in each status (their latest one). */
  async mailStatuses(id: string): Promise<{ status: MailStatus; count: number }[]> {
    return this.dataSource.query<{ status: MailStatus; count: number }[]>(
      `SELECT status, count(*)::int AS count FROM (
           SELECT DISTINCT ON (user_id) status FROM outreach_mail WHERE announcement_id = $1 AND kind = 'announcement'
         ) m GROUP BY status`,
      [id],
    );
  }

  private recipientsSql(filter?: string, country?: string): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter) where.push(FILTERS[filter]!);
    if (country) {
      params.push(country);
      where.push(`d.country_code = $${params.length + 1}`);
    }
    return { where: where.map((w) => ` AND ${w}`).join(''), params };
  }

  /** A page of recipients, by country and name. */
  async recipients(id: string, f: RecipientFilter, limit: number, offset: number): Promise<RecipientDto[]> {
    const { where, params } = this.recipientsSql(f.filter, f.country);
    return this.dataSource.query<RecipientDto[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM ${RECIPIENT_FROM}
          WHERE d.announcement_id = $1 ${where}
          ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id LIMIT ${limit} OFFSET ${offset}`,
      [id, ...params],
    );
  }

  async countRecipients(id: string, f: RecipientFilter): Promise<number> {
    const { where, params } = this.recipientsSql(f.filter, f.country);
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${RECIPIENT_FROM} WHERE d.announcement_id = $1 ${where}`,
      [id, ...params],
    );
    return total;
  }

  /** Every recipient, by country and name. */
  async allRecipients(id: string): Promise<RecipientDto[]> {
    return this.dataSource.query<RecipientDto[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM ${RECIPIENT_FROM}
        WHERE d.announcement_id = $1 ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id`,
      [id],
    );
  }
}
