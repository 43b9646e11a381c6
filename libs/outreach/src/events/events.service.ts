import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, csvLine, RealtimePublisher } from '@liaison/core';
import { type Caller, announcementRoom } from '../access.js';
import { toRsvp } from '../announcements/announcement-view.js';
import { TrackingRepository } from '../announcements/tracking.repository.js';
import type { Delegate } from '../announcements/announcement.entity.js';
import { OutreachError, invalid } from '../errors.js';
import type { AttendeeDto, AttendeeListDto, RsvpDto, RsvpInputDto, StatsRowDto } from '../outreach.dto.js';
import { type EventForUserRow, type EventRow, EventsRepository } from './events.repository.js';
import { invitationCalendar, parseMailbox } from './invitation.js';

const LEVEL_ORDER = { ministerial: 0, senior_official: 1, expert: 2 } as const;

/** Invitations: answers with delegations under per-country seat limits, the invitee's calendar file, the attendee list. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EventsRepository,
    private readonly tracking: TrackingRepository,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The event for someone invited to it (or the secretariat); 404 for anyone else. */
  private async visible(caller: Caller, id: string): Promise<EventForUserRow> {
    const row = await this.repo.forUser(id, caller.userId);
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
        await this.repo.lockCountrySeats(m, id, event.countryCode);
        const taken = await this.repo.seatsTakenByOthers(id, event.countryCode, caller.userId, m);
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
      const before = await this.repo.lockRsvp(m, id, caller.userId);
      const note = (value: string | undefined, previous: string | null | undefined) =>
        value === undefined ? (previous ?? null) : value.trim() || null;
      return this.repo.upsertRsvp(m, {
        eventId: id,
        userId: caller.userId,
        countryCode: event.countryCode,
        organisationId: event.organisationId,
        response: dto.response,
        delegation: JSON.stringify(delegation),
        delegates: delegation.length,
        nominatingAuthority: note(dto.nominatingAuthority, before?.nominatingAuthority),
        accessibility: note(dto.accessibility, before?.accessibility),
        dietary: note(dto.dietary, before?.dietary),
        notes: note(dto.notes, before?.notes),
      });
    });
    this.publisher.toRoom(announcementRoom(event.announcementId), 'announcement.activity', {
      announcementId: event.announcementId,
    });
    return toRsvp(saved);
  }

  /** The caller's invitation as a calendar file: the same UID and SEQUENCE as the e-mails. */
  async inviteIcs(caller: Caller, id: string): Promise<string> {
    const event = await this.visible(caller, id);
    const me = await this.repo.invitee(caller.userId, id);
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
      this.repo.attendees(id),
      this.tracking.statsByCountry(event.announcementId),
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
