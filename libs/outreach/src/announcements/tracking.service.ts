import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { csvLine } from '@liaison/core';
import type { Caller } from '../access.js';
import { OutreachError } from '../errors.js';
import type { RecipientDto, StatsDto, StatsRowDto } from '../outreach.dto.js';
import { MAIL_STATUSES, type MailStatus } from './announcement.entity.js';
import { iso } from './announcement-view.js';

/** The columns of a statistics row over deliveries `d` and answers `r` (`STATS_FROM`). */
export const STATS_ROW = `count(*)::int AS recipients, count(d.read_at)::int AS read, count(d.acknowledged_at)::int AS acknowledged,
  count(*) FILTER (WHERE r.response = 'accepted')::int AS accepted,
  count(*) FILTER (WHERE r.response = 'tentative')::int AS tentative,
  count(*) FILTER (WHERE r.response = 'declined')::int AS declined,
  count(*) FILTER (WHERE r.user_id IS NULL)::int AS "noAnswer",
  COALESCE(sum(r.delegates), 0)::int AS delegates`;

export const STATS_FROM = `announcement_delivery d
  LEFT JOIN outreach_event e ON e.announcement_id = d.announcement_id
  LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id`;

const FILTERS: Record<string, string> = {
  unread: 'd.read_at IS NULL',
  read: 'd.read_at IS NOT NULL',
  unacknowledged: 'd.acknowledged_at IS NULL',
  acknowledged: 'd.acknowledged_at IS NOT NULL',
  no_answer: 'e.id IS NOT NULL AND r.user_id IS NULL',
  bounced: `m.status = 'bounced'`,
  failed: `m.status = 'failed'`,
};

/** What the secretariat follows: who has it, read it, acknowledged it and answered, by country, kind and mandate. */
@Injectable()
export class TrackingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async exists(caller: Caller, id: string): Promise<void> {
    if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat follows announcements.');
    const [found] = await this.dataSource.query(`SELECT 1 FROM announcement WHERE id = $1`, [id]);
    if (!found) throw new OutreachError('announcement_not_found', 'No such announcement.');
  }

  async stats(caller: Caller, id: string): Promise<StatsDto> {
    await this.exists(caller, id);
    const [grouped, mandates, mails] = await Promise.all([
      this.dataSource.query<(StatsRowDto & { dimension: 'total' | 'country' | 'kind' })[]>(
        `SELECT CASE WHEN GROUPING(d.country_code) = 0 THEN 'country' WHEN GROUPING(d.organisation_kind) = 0 THEN 'kind' ELSE 'total' END AS dimension,
                COALESCE(d.country_code::text, d.organisation_kind) AS key,
                CASE WHEN GROUPING(d.country_code) = 0 THEN max(c.name) END AS label, ${STATS_ROW}
           FROM ${STATS_FROM} LEFT JOIN country c ON c.code = d.country_code
          WHERE d.announcement_id = $1
          GROUP BY GROUPING SETS ((d.country_code), (d.organisation_kind), ())`,
        [id],
      ),
      this.dataSource.query<StatsRowDto[]>(
        `SELECT pm.mandate_code AS key, mn.name AS label, ${STATS_ROW}
           FROM ${STATS_FROM}
           JOIN user_account u ON u.id = d.user_id
           JOIN LATERAL (SELECT DISTINCT p.mandate_code FROM contact ct JOIN point_of_contact p ON p.contact_id = ct.id
                          WHERE ct.emails @> ARRAY[lower(u.email::text)] AND p.status = 'active') pm ON true
           LEFT JOIN mandate mn ON mn.code = pm.mandate_code
          WHERE d.announcement_id = $1
          GROUP BY pm.mandate_code, mn.name ORDER BY pm.mandate_code`,
        [id],
      ),
      this.dataSource.query<{ status: MailStatus; count: number }[]>(
        `SELECT status, count(*)::int AS count FROM (
           SELECT DISTINCT ON (user_id) status FROM outreach_mail WHERE announcement_id = $1 AND kind = 'announcement'
         ) m GROUP BY status`,
        [id],
      ),
    ]);
    const empty: StatsRowDto = {
      key: null,
      label: null,
      recipients: 0,
      read: 0,
      acknowledged: 0,
      accepted: 0,
      tentative: 0,
      declined: 0,
      noAnswer: 0,
      delegates: 0,
    };
    const strip = ({ dimension: _d, ...row }: StatsRowDto & { dimension: string }): StatsRowDto => row;
    const email = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
    for (const m of mails) email[m.status] = m.count;
    return {
      total: strip(grouped.find((g) => g.dimension === 'total') ?? { ...empty, dimension: 'total' }),
      email,
      byCountry: grouped
        .filter((g) => g.dimension === 'country')
        .map(strip)
        .sort((a, b) => (a.label === null ? 1 : b.label === null ? -1 : a.label.localeCompare(b.label))),
      byOrganisationKind: grouped
        .filter((g) => g.dimension === 'kind')
        .map(strip)
        .sort((a, b) => b.recipients - a.recipients),
      byMandate: mandates,
    };
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

  private static readonly RECIPIENT_FROM = `${STATS_FROM}
    JOIN user_account u ON u.id = d.user_id
    LEFT JOIN organisation o ON o.id = u.organisation_id
    LEFT JOIN LATERAL (SELECT status, error FROM outreach_mail WHERE announcement_id = d.announcement_id AND user_id = d.user_id
                        AND kind = 'announcement' ORDER BY occasion DESC LIMIT 1) m ON true`;

  private static readonly RECIPIENT_COLUMNS = `d.user_id AS "userId", u.display_name AS "displayName", u.email::text AS email,
    o.name AS "organisationName", d.country_code AS "countryCode", d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
    d.acknowledged_at AS "acknowledgedAt", m.status AS "emailStatus", m.error AS "emailError", r.response AS rsvp,
    d.reminded_at AS "remindedAt"`;

  async recipients(
    caller: Caller,
    id: string,
    query: { filter?: string; country?: string; limit?: number; offset?: number },
  ): Promise<{ items: RecipientDto[]; total: number }> {
    await this.exists(caller, id);
    const { where, params } = this.recipientsSql(query.filter, query.country);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<RecipientDto[]>(
        `SELECT ${TrackingService.RECIPIENT_COLUMNS} FROM ${TrackingService.RECIPIENT_FROM}
          WHERE d.announcement_id = $1 ${where}
          ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id LIMIT ${query.limit ?? 25} OFFSET ${query.offset ?? 0}`,
        [id, ...params],
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM ${TrackingService.RECIPIENT_FROM} WHERE d.announcement_id = $1 ${where}`,
        [id, ...params],
      ),
    ]);
    return {
      items: rows.map((r) => ({
        ...r,
        deliveredAt: iso(r.deliveredAt)!,
        readAt: iso(r.readAt),
        acknowledgedAt: iso(r.acknowledgedAt),
        remindedAt: iso(r.remindedAt),
      })),
      total,
    };
  }

  /** Every recipient and where they stand, as CSV (audited: it lists people). */
  async recipientsCsv(caller: Caller, id: string): Promise<string> {
    await this.exists(caller, id);
    const rows = await this.dataSource.query<RecipientDto[]>(
      `SELECT ${TrackingService.RECIPIENT_COLUMNS} FROM ${TrackingService.RECIPIENT_FROM}
        WHERE d.announcement_id = $1 ORDER BY d.country_code NULLS LAST, u.display_name, d.user_id`,
      [id],
    );
    await this.audit.record({
      action: 'announcement.recipients_exported',
      actorId: caller.userId,
      targetType: 'announcement',
      targetId: id,
      details: { rows: rows.length },
    });
    const header = [
      'name',
      'email',
      'organisation',
      'country',
      'delivered_at',
      'read_at',
      'acknowledged_at',
      'email_status',
      'email_error',
      'rsvp',
      'reminded_at',
    ];
    return [
      csvLine(header),
      ...rows.map((r) =>
        csvLine([
          r.displayName,
          r.email,
          r.organisationName ?? '',
          r.countryCode ?? '',
          iso(r.deliveredAt) ?? '',
          iso(r.readAt) ?? '',
          iso(r.acknowledgedAt) ?? '',
          r.emailStatus ?? '',
          r.emailError ?? '',
          r.rsvp ?? '',
          iso(r.remindedAt) ?? '',
        ]),
      ),
    ].join('');
  }
}
