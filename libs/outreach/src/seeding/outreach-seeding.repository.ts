import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SeedAnnouncement, SeedAnswer, SeedDraft, SeedEvent } from './outreach-seeding.js';

/** A published announcement's row (all e-mails already sent). */
export interface SeedAnnouncementRow extends Omit<SeedAnnouncement, 'audience'> {
  bodyHtml: string;
  audience: string;
}

/** An announcement's event. */
export interface SeedEventRow extends SeedEvent {
  announcementId: string;
}

/** One country's answer: the first of its invitees (by e-mail) gives it. */
export interface SeedAnswerRow extends Omit<SeedAnswer, 'delegation'> {
  eventId: string;
  announcementId: string;
  delegation: string;
  delegates: number;
}

/** A draft's row. */
export interface SeedDraftRow extends Omit<SeedDraft, 'audience'> {
  bodyHtml: string;
  audience: string;
}

/** The statements of OutreachSeeding, each in the caller's seeding transaction. */
@Injectable()
export class OutreachSeedingRepository {
  async insertEvent(m: EntityManager, e: SeedEventRow): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO outreach_event (announcement_id, title, starts_at, ends_at, time_zone, location, rsvp_deadline, seats_per_country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [e.announcementId, e.title, e.startsAt, e.endsAt, e.timeZone, e.location, e.rsvpDeadline, e.seatsPerCountry],
    );
    return id;
  }

  async insertAnswer(m: EntityManager, a: SeedAnswerRow): Promise<void> {
    await m.query(
      `INSERT INTO event_rsvp (event_id, user_id, country_code, organisation_id, response, delegation, delegates, nominating_authority, dietary, accessibility)
       SELECT $1, d.user_id, d.country_code, u.organisation_id, $3, $4, $5, $6, $7, $8
         FROM announcement_delivery d JOIN identity_account u ON u.id = d.user_id
        WHERE d.announcement_id = $9 AND d.country_code = $2
        ORDER BY u.email LIMIT 1`,
      [
        a.eventId,
        a.country,
        a.response,
        a.delegation,
        a.delegates,
        a.nominatingAuthority,
        a.dietary,
        a.accessibility,
        a.announcementId,
      ],
    );
  }

  /** Read, three hours after delivery, by everyone who answered the event and by about two in three of the others. */
  async markReadByAnswerersAndMost(m: EntityManager, announcementId: string, eventId: string): Promise<void> {
    await m.query(
      `UPDATE announcement_delivery d SET read_at = d.delivered_at + interval '3 hours', read_revision = 1
      WHERE d.announcement_id = $1 AND (EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = $2 AND r.user_id = d.user_id)
                                      OR abs(hashtext(d.user_id::text)) % 3 <> 0)`,
      [announcementId, eventId],
    );
  }

  /** Read an hour after delivery by about three in four recipients, acknowledged an hour later by about half of those. */
  async markMostReadHalfAcknowledged(m: EntityManager, announcementId: string): Promise<void> {
    await m.query(
      `UPDATE announcement_delivery SET read_at = delivered_at + interval '1 hour', read_revision = 1,
            acknowledged_at = CASE WHEN abs(hashtext(user_id::text)) % 2 = 0 THEN delivered_at + interval '2 hours' END
      WHERE announcement_id = $1 AND abs(hashtext(user_id::text)) % 4 <> 0`,
      [announcementId],
    );
  }

  async insertDraft(m: EntityManager, d: SeedDraftRow): Promise<void> {
    await m.query(
      `INSERT INTO announcement (title, body, body_html, audience, status, created_by, updated_by)
     VALUES ($1, $2, $3, $4, 'draft', $5, $5)`,
      [d.title, d.body, d.bodyHtml, d.audience, d.createdBy],
    );
  }

  async insertPublished(m: EntityManager, a: SeedAnnouncementRow): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO announcement (title, body, body_html, audience, status, published_at, requires_acknowledgement, acknowledge_by,
                               fanned_out_at, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'published', $5, $6, $7, $5, $8, $8, $5, $5) RETURNING id`,
      [a.title, a.body, a.bodyHtml, a.audience, a.publishedAt, a.requiresAcknowledgement, a.acknowledgeBy, a.createdBy],
    );
    return id;
  }

  /** An announcement e-mail to each recipient, recorded as sent at delivery. */
  async insertSentMails(m: EntityManager, announcementId: string): Promise<void> {
    await m.query(
      `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion, status, attempts, sent_at)
     SELECT announcement_id, user_id, 'announcement', 1, 'sent', 1, delivered_at FROM announcement_delivery WHERE announcement_id = $1`,
      [announcementId],
    );
  }

  async countRecipients(m: EntityManager, announcementId: string): Promise<void> {
    await m.query(
      `UPDATE announcement SET recipient_count = (SELECT count(*) FROM announcement_delivery WHERE announcement_id = $1) WHERE id = $1`,
      [announcementId],
    );
  }
}
