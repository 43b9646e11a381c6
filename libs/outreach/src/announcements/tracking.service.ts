import { Injectable } from '@nestjs/common';
import { AuditService } from '@liaison/audit';
import { csvLine } from '@liaison/core';
import type { Caller } from '../access.js';
import { OutreachError } from '../errors.js';
import type { RecipientDto, StatsDto, StatsRowDto } from '../outreach.dto.js';
import { MAIL_STATUSES, type MailStatus } from './announcement.entity.js';
import { iso } from './announcement-view.js';
import { TrackingRepository } from './tracking.repository.js';

/** What the secretariat follows: who has it, read it, acknowledged it and answered, by country, kind and mandate. */
@Injectable()
export class TrackingService {
  constructor(
    private readonly repo: TrackingRepository,
    private readonly audit: AuditService,
  ) {}

  private async exists(caller: Caller, id: string): Promise<void> {
    if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat follows announcements.');
    if (!(await this.repo.exists(id))) throw new OutreachError('announcement_not_found', 'No such announcement.');
  }

  async stats(caller: Caller, id: string): Promise<StatsDto> {
    await this.exists(caller, id);
    const [grouped, mandates, mails] = await Promise.all([
      this.repo.groupedStats(id),
      this.repo.statsByMandate(id),
      this.repo.mailStatuses(id),
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

  async recipients(
    caller: Caller,
    id: string,
    query: { filter?: string; country?: string; limit?: number; offset?: number },
  ): Promise<{ items: RecipientDto[]; total: number }> {
    await this.exists(caller, id);
    const filter = { filter: query.filter, country: query.country };
    const [rows, total] = await Promise.all([
      this.repo.recipients(id, filter, query.limit ?? 25, query.offset ?? 0),
      this.repo.countRecipients(id, filter),
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
    const rows = await this.repo.allRecipients(id);
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
