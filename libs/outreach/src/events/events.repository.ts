import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RsvpRow } from '../announcements/announcement-view.js';
import type { RsvpDto } from '../outreach.dto.js';

export type { RsvpRow } from '../announcements/announcement-view.js';

/** Every statement on invitations: the event as an invitee sees it, answers and their seats, the attendee list. */

const RSVP_COLUMNS = `r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
  r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt"`;

const EVENT_COLUMNS = `e.id, e.announcement_id AS "announcementId", e.title, a.body, a.status, e.starts_at AS "startsAt",
    e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline",
    e.seats_per_country AS "seatsPerCountry", e.sequence, e.cancelled_at AS "cancelledAt"`;

export interface EventRow {
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

/** The event with where one person stands: invited (delivered to them), their country and organisation. */
export type EventForUserRow = EventRow & {
  invited: boolean;
  countryCode: string | null;
  organisationId: string | null;
};

/** An answer to write, as the invitee's values after the rules. */
export interface RsvpUpsert {
  eventId: string;
  userId: string;
  countryCode: string | null;
  organisationId: string | null;
  response: string;
  delegation: string;
  delegates: number;
  nominatingAuthority: string | null;
  accessibility: string | null;
  dietary: string | null;
  notes: string | null;
}

/** The invitee as the calendar file names them, with their answer. */
export interface InviteeRow {
  email: string;
  displayName: string;
  response: RsvpDto['response'] | null;
}

export type AttendeeRow = RsvpRow & {
  userId: string;
  respondent: string;
  organisationName: string | null;
  countryCode: string | null;
  countryName: string | null;
};

@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forUser(eventId: string, userId: string): Promise<EventForUserRow | undefined> {
    const [row] = await this.dataSource.query<EventForUserRow[]>(
      `SELECT d.user_id IS NOT NULL AS invited, d.country_code AS "countryCode", u.organisation_id AS "organisationId", ${EVENT_COLUMNS}
  FROM outreach_event e JOIN announcement a ON a.id = e.announcement_id
        LEFT JOIN announcement_delivery d ON d.announcement_id = a.id AND d.user_id = $2
        LEFT JOIN identity_account u ON u.id = d.user_id
       WHERE e.id = $1`,
      [eventId, userId],
    );
    return row;
  }

  /** Serialises answers for one country of one event until the transaction ends (the seat check). */
  async lockCountrySeats(m: EntityManager, eventId: string, countryCode: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rsvp:${eventId}:${countryCode}`]);
  }

  /** Delegates the country's other invitees have named (declines hold no seat). */
  async seatsTakenByOthers(
    eventId: string,
    countryCode: string | null,
    userId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [{ taken }] = await m.query<{ taken: number }[]>(
      `SELECT COALESCE(sum(delegates), 0)::int AS taken FROM event_rsvp
            WHERE event_id = $1 AND country_code = $2 AND user_id <> $3 AND response <> 'declined'`,
      [eventId, countryCode, userId],
    );
    return taken;
  }

  /** The person's answer, if any. */
  async rsvp(eventId: string, userId: string): Promise<RsvpRow | null> {
    const [rsvp] = await this.dataSource.query<RsvpRow[]>(
      `SELECT ${RSVP_COLUMNS} FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2`,
      [eventId, userId],
    );
    return rsvp ?? null;
  }

  /** The person's answer, if any, locked for this transaction. */
  async lockRsvp(m: EntityManager, eventId: string, userId: string): Promise<RsvpRow | undefined> {
    const [before] = await m.query<RsvpRow[]>(
      `SELECT ${RSVP_COLUMNS} FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2 FOR UPDATE`,
      [eventId, userId],
    );
    return before;
  }

  /** Writes the answer, or replaces the person's previous one (raising its version). */
  async upsertRsvp(m: EntityManager, r: RsvpUpsert): Promise<RsvpRow> {
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
        r.eventId,
        r.userId,
        r.countryCode,
        r.organisationId,
        r.response,
        r.delegation,
        r.delegates,
        r.nominatingAuthority,
        r.accessibility,
        r.dietary,
        r.notes,
      ],
    );
    return row!;
  }

  async invitee(userId: string, eventId: string): Promise<InviteeRow | undefined> {
    const [me] = await this.dataSource.query<InviteeRow[]>(
      `SELECT u.email::text AS email, u.display_name AS "displayName", r.response FROM identity_account u
         LEFT JOIN event_rsvp r ON r.event_id = $2 AND r.user_id = u.id WHERE u.id = $1`,
      [userId, eventId],
    );
    return me;
  }

  /** Every answer with who gave it, by country name, answer and respondent. */
  async attendees(eventId: string): Promise<AttendeeRow[]> {
    return this.dataSource.query<AttendeeRow[]>(
      `SELECT r.user_id AS "userId", u.display_name AS respondent, o.name AS "organisationName", r.country_code AS "countryCode",
                c.name AS "countryName", ${RSVP_COLUMNS}
           FROM event_rsvp r JOIN identity_account u ON u.id = r.user_id
           LEFT JOIN directory_organisation o ON o.id = r.organisation_id LEFT JOIN directory_country c ON c.code = r.country_code
          WHERE r.event_id = $1 ORDER BY c.name NULLS LAST, r.response, u.display_name`,
      [eventId],
    );
  }
}
