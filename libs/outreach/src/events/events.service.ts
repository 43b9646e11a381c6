import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, csvLine, RealtimePublisher } from '@liaison/core';
import { type Caller, announcementRoom } from '../access.js';
import { RSVP_COLUMNS, type RsvpRow, toRsvp } from '../announcements/announcement-view.js';
import { STATS_FROM, STATS_ROW } from '../announcements/tracking.service.js';
import type { Delegate } from '../announcements/announcement.entity.js';
import { OutreachError, invalid } from '../errors.js';
import type { AttendeeDto, AttendeeListDto, RsvpDto, RsvpInputDto, StatsRowDto } from '../outreach.dto.js';
import { invitationCalendar, parseMailbox } from './invitation.js';

interface EventRow {
  id: string;
  announcementId: string;
  title: string;
  body: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: Date | null;
  seatsPerCountry: number | null;
  sequence: number;
  cancelledAt: Date | null;
}

const EVENT = `SELECT e.id, e.announcement_id AS "announcementId", e.title, a.body, a.status, e.starts_at AS "startsAt",
    e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline",
    e.seats_per_country AS "seatsPerCountry", e.sequence, e.cancelled_at AS "cancelledAt"
  FROM outreach_event e JOIN announcement a ON a.id = e.announcement_id`;

const LEVEL_ORDER = { ministerial: 0, senior_official: 1, expert: 2 } as const;

/** Invitations: answers with delegations under per-country seat limits, the invitee's calendar file, the attendee list. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The event for someone invited to it (or the secretariat); 404 for anyone else. */
  private async visible(
    caller: Caller,
    id: string,
  ): Promise<EventRow & { invited: boolean; countryCode: string | null; organisationId: string | null }> {
    const [row] = await this.dataSource.query<
      (EventRow & { invited: boolean; countryCode: string | null; organisationId: string | null })[]
    >(
      `${EVENT.replace('SELECT', `SELECT d.user_id IS NOT NULL AS invited, d.country_code AS "countryCode", u.organisation_id AS "organisationId",`)}
        LEFT JOIN announcement_delivery d ON d.announcement_id = a.id AND d.user_id = $2
        LEFT JOIN user_account u ON u.id = d.user_id
       WHERE e.id = $1`,
      [id, caller.userId],
    );
    const published = row && (row.status === 'published' || row.status === 'withdrawn');
    if (!row || !((row.invited && published) || caller.secretariat))
      throw new OutreachError('event_not_found', 'No such event.');
    return row;
  }

  /**
   * Answers or changes the caller's answer. Accepting (or a tentative yes) names a delegation of
   * at least one person, at most one head; the country's delegates (everyone's answers together)
   * stay within the seat limit, checked under a per-country lock so two answers cannot both take the last seat.
   */
  async rsvp(caller: Caller, id: string, dto: RsvpInputDto): Promise<RsvpDto> {
    const event = await this.visible(caller, id);
    if (!event.invited) throw new OutreachError('not_allowed', 'Only invitees answer an invitation.');
    if (event.status === 'withdrawn' || event.cancelledAt)
      throw new OutreachError('invalid_state', 'This event is cancelled.');
    if (event.rsvpDeadline && new Date(event.rsvpDeadline) <= new Date())
      throw new OutreachError(
        'rsvp_closed',
        `Answers closed on ${new Date(event.rsvpDeadline).toISOString()}. Write to the secretariat to change yours.`,
        [{ field: 'response', reasons: ['the deadline for answers has passed'] }],
      );
    const delegation: Delegate[] = (dto.delegation ?? []).map((d) => ({
      name: d.name.trim(),
      role: d.role,
      level: d.level,
    }));
    if (dto.response === 'declined' && delegation.length)
      throw invalid('invalid_rsvp', 'delegation', 'A declined invitation has no delegation.');
    if (dto.response !== 'declined' && delegation.length === 0)
      throw invalid('invalid_rsvp', 'delegation', 'Name at least one person who will attend.');
    if (delegation.filter((d) => d.role === 'head_of_delegation').length > 1)
      throw invalid('invalid_rsvp', 'delegation', 'A delegation has one head of delegation.');
    const names = delegation.map((d) => d.name.toLocaleLowerCase());
    if (new Set(names).size !== names.length)
      throw invalid('invalid_rsvp', 'delegation', 'Each delegate is named once.');
    const saved = await this.dataSource.transaction(async (m) => {
      if (event.countryCode && event.seatsPerCountry && delegation.length) {
        await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rsvp:${id}:${event.countryCode}`]);
        const [{ taken }] = await m.query<{ taken: number }[]>(
          `SELECT COALESCE(sum(delegates), 0)::int AS taken FROM event_rsvp
            WHERE event_id = $1 AND country_code = $2 AND user_id <> $3 AND response <> 'declined'`,
          [id, event.countryCode, caller.userId],
        );
        if (taken + delegation.length > event.seatsPerCountry) {
          const left = Math.max(0, event.seatsPerCountry - taken);
          throw new OutreachError(
            'seats_exceeded',
            `Each country has ${event.seatsPerCountry} seats; ${taken} are already taken for ${event.countryCode}, so at most ${left} more can be named.`,
            [
              {
                field: 'delegation',
                reasons: [
                  `at most ${left} delegate${left === 1 ? '' : 's'} (${event.seatsPerCountry} seats per country, ${taken} taken)`,
                ],
              },
            ],
            { limit: event.seatsPerCountry, taken, requested: delegation.length },
          );
        }
      }
      // Notes left out of a changed answer are kept; an empty text clears them.
      const [before] = await m.query<RsvpRow[]>(
        `SELECT ${RSVP_COLUMNS} FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2 FOR UPDATE`,
        [id, caller.userId],
      );
      const note = (value: string | undefined, previous: string | null | undefined) =>
        value === undefined ? (previous ?? null) : value.trim() || null;
      const [row] = await m.query<RsvpRow[]>(
        `INSERT INTO event_rsvp AS r (event_id, user_id, country_code, organisation_id, response, delegation, delegates,
                                      nominating_authority, accessibility, dietary, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (event_id, user_id) DO UPDATE SET response = EXCLUDED.response, delegation = EXCLUDED.delegation,
           delegates = EXCLUDED.delegates, nominating_authority = EXCLUDED.nominating_authority,
           accessibility = EXCLUDED.accessibility, dietary = EXCLUDED.dietary, notes = EXCLUDED.notes,
           version = r.version + 1, updated_at = now()
         RETURNING ${RSVP_COLUMNS}`,
        [
          id,
          caller.userId,
          event.countryCode,
          event.organisationId,
          dto.response,
          JSON.stringify(delegation),
          delegation.length,
          note(dto.nominatingAuthority, before?.nominatingAuthority),
          note(dto.accessibility, before?.accessibility),
          note(dto.dietary, before?.dietary),
          note(dto.notes, before?.notes),
        ],
      );
      return row!;
    });
    this.publisher.toRoom(announcementRoom(event.announcementId), 'announcement.activity', {
      announcementId: event.announcementId,
    });
    return toRsvp(saved);
  }

  /** The caller's invitation as a calendar file: the same UID and SEQUENCE as the e-mails. */
  async inviteIcs(caller: Caller, id: string): Promise<string> {
    const event = await this.visible(caller, id);
    const [me] = await this.dataSource.query<
      { email: string; displayName: string; response: RsvpDto['response'] | null }[]
    >(
      `SELECT u.email::text AS email, u.display_name AS "displayName", r.response FROM user_account u
         LEFT JOIN event_rsvp r ON r.event_id = $2 AND r.user_id = u.id WHERE u.id = $1`,
      [caller.userId, id],
    );
    return invitationCalendar(
      { ...event, description: event.body, cancelled: event.cancelledAt !== null || event.status === 'withdrawn' },
      { email: me!.email, name: me!.displayName, response: me!.response },
      parseMailbox(this.config.mailFrom),
      this.config.publicUrl,
      `${this.config.publicUrl}/announcements/${event.announcementId}`,
    ).content;
  }

  private async answers(
    caller: Caller,
    id: string,
  ): Promise<{ event: EventRow; items: AttendeeDto[]; byCountry: StatsRowDto[] }> {
    if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat sees the attendee list.');
    const event = await this.visible(caller, id);
    const [rows, byCountry] = await Promise.all([
      this.dataSource.query<
        (RsvpRow & {
          userId: string;
          respondent: string;
          organisationName: string | null;
          countryCode: string | null;
          countryName: string | null;
        })[]
      >(
        `SELECT r.user_id AS "userId", u.display_name AS respondent, o.name AS "organisationName", r.country_code AS "countryCode",
                c.name AS "countryName", ${RSVP_COLUMNS}
           FROM event_rsvp r JOIN user_account u ON u.id = r.user_id
           LEFT JOIN organisation o ON o.id = r.organisation_id LEFT JOIN country c ON c.code = r.country_code
          WHERE r.event_id = $1 ORDER BY c.name NULLS LAST, r.response, u.display_name`,
        [id],
      ),
      this.dataSource.query<StatsRowDto[]>(
        `SELECT d.country_code AS key, max(c.name) AS label, ${STATS_ROW}
           FROM ${STATS_FROM} LEFT JOIN country c ON c.code = d.country_code
          WHERE d.announcement_id = $1 GROUP BY d.country_code ORDER BY max(c.name) NULLS LAST`,
        [event.announcementId],
      ),
    ]);
    const items = rows.map(({ userId, respondent, organisationName, countryCode, countryName, ...r }) => ({
      userId,
      respondent,
      organisationName,
      countryCode,
      countryName,
      rsvp: toRsvp({ ...r, delegation: [...r.delegation].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]) }),
    }));
    return { event, items, byCountry };
  }

  async attendees(caller: Caller, id: string): Promise<AttendeeListDto> {
    const { event, items, byCountry } = await this.answers(caller, id);
    return { items, byCountry, seatsPerCountry: event.seatsPerCountry };
  }

  /** One line per delegate (and one per declining answer), for the protocol office. Audited: it lists people. */
  async attendeesCsv(caller: Caller, id: string): Promise<string> {
    const { items } = await this.answers(caller, id);
    await this.audit.record({
      action: 'event.attendees_exported',
      actorId: caller.userId,
      targetType: 'event',
      targetId: id,
      details: { answers: items.length },
    });
    const lines = [
      csvLine([
        'country',
        'country_name',
        'organisation',
        'answered_by',
        'response',
        'delegate',
        'delegate_role',
        'delegate_level',
        'nominating_authority',
        'accessibility',
        'dietary',
        'notes',
        'updated_at',
      ]),
    ];
    for (const a of items) {
      const common = [
        a.countryCode ?? '',
        a.countryName ?? '',
        a.organisationName ?? '',
        a.respondent,
        a.rsvp.response,
      ];
      const rest = [
        a.rsvp.nominatingAuthority ?? '',
        a.rsvp.accessibility ?? '',
        a.rsvp.dietary ?? '',
        a.rsvp.notes ?? '',
        a.rsvp.updatedAt,
      ];
      if (a.rsvp.delegation.length === 0) lines.push(csvLine([...common, '', '', '', ...rest]));
      for (const d of a.rsvp.delegation) lines.push(csvLine([...common, d.name, d.role, d.level, ...rest]));
    }
    return lines.join('');
  }
}
