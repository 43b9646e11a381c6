import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnnouncementSummaryDto } from '../outreach.dto.js';
import type { AnnouncementRow } from './announcement-view.js';

/** Every statement on announcements, their events (as part of the announcement) and each recipient's delivery. */

/** The columns `toAnnouncement` reads, from `announcement a` with `identity_account cu` and `outreach_event e` joined. */
const ANNOUNCEMENT_COLUMNS = `a.id, a.title, a.body, a.body_html AS "bodyHtml", a.status, a.audience,
  a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
  a.remind_days_before AS "remindDaysBefore", a.publish_at AS "publishAt", a.published_at AS "publishedAt",
  a.withdrawn_at AS "withdrawnAt", a.withdrawn_reason AS "withdrawnReason", a.revision, a.edited_at AS "editedAt",
  a.version, a.recipient_count AS "recipientCount", a.fanned_out_at AS "fannedOutAt", cu.display_name AS "createdByName",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt",
  e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.time_zone AS "timeZone",
  e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline", e.seats_per_country AS "seatsPerCountry",
  e.sequence, e.cancelled_at AS "cancelledAt"`;

const ANNOUNCEMENT_FROM = `announcement a JOIN identity_account cu ON cu.id = a.created_by
  LEFT JOIN outreach_event e ON e.announcement_id = a.id`;

/** An event's values as the secretariat gave them, checked; `title` null means the announcement's. */
export interface EventFields {
  title: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: Date | null;
  seatsPerCountry: number | null;
}

/** A new draft. */
export interface AnnouncementInsert {
  title: string;
  body: string;
  bodyHtml: string;
  audience: string;
  requiresAcknowledgement: boolean;
  acknowledgeBy: Date | null;
  remindDaysBefore: number;
  createdBy: string;
}

/** An edit: `audience` null keeps it; `revisionStep` 1 raises the revision recipients see (and the edit time). */
export interface AnnouncementChanges {
  title: string;
  body: string;
  bodyHtml: string;
  audience: string | null;
  requiresAcknowledgement: boolean;
  acknowledgeBy: Date | null;
  remindDaysBefore: number;
  revisionStep: 0 | 1;
  updatedBy: string;
}

/** A recipient's delivery of one announcement. */
export interface DeliveryRow {
  readAt: Date | null;
  acknowledgedAt: Date | null;
  readRevision: number | null;
  countryCode: string | null;
}

/** What a recipient did with an announcement. */
export interface ReadState {
  readAt: Date;
  acknowledgedAt: Date | null;
}

export type AnnouncementSummaryRow = AnnouncementSummaryDto & {
  publishAt: Date;
  publishedAt: Date;
  eventStartsAt: Date;
  updatedAt: Date;
};

/** Which announcements a listing shows: `recipientId` limits it to those sent to that person. */
export interface AnnouncementFilter {
  recipientId?: string;
  status?: string;
}

@Injectable()
export class AnnouncementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, a: AnnouncementInsert): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO announcement (title, body, body_html, audience, requires_acknowledgement, acknowledge_by, remind_days_before,
                                   created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
      [
        a.title,
        a.body,
        a.bodyHtml,
        a.audience,
        a.requiresAcknowledgement,
        a.acknowledgeBy,
        a.remindDaysBefore,
        a.createdBy,
      ],
    );
    return id;
  }

  /** The announcement's event; without a title of its own it takes `title`. */
  async insertEvent(m: EntityManager, announcementId: string, e: EventFields, title: string): Promise<void> {
    await m.query(
      `INSERT INTO outreach_event (announcement_id, title, starts_at, ends_at, time_zone, location, online_url, rsvp_deadline, seats_per_country)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        announcementId,
        e.title ?? title,
        e.startsAt,
        e.endsAt,
        e.timeZone,
        e.location,
        e.onlineUrl,
        e.rsvpDeadline,
        e.seatsPerCountry,
      ],
    );
  }

  /** The announcement with its event, read without a lock. */
  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<AnnouncementRow | null> {
    const [row] = await m.query<AnnouncementRow[]>(
      `SELECT ${ANNOUNCEMENT_COLUMNS} FROM ${ANNOUNCEMENT_FROM} WHERE a.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The announcement with its event, locked for this transaction. */
  async lock(m: EntityManager, id: string): Promise<AnnouncementRow | null> {
    const [row] = await m.query<AnnouncementRow[]>(
      `SELECT ${ANNOUNCEMENT_COLUMNS} FROM ${ANNOUNCEMENT_FROM} WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return row ?? null;
  }

  /** The person's delivery of the announcement, if it was sent to them. */
  async delivery(announcementId: string, userId: string): Promise<DeliveryRow | null> {
    const [d] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT read_at AS "readAt", acknowledged_at AS "acknowledgedAt", read_revision AS "readRevision", country_code AS "countryCode"
         FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2`,
      [announcementId, userId],
    );
    return d ?? null;
  }

  /** Whether the announcement was delivered to the person. */
  async isRecipient(announcementId: string, userId: string): Promise<boolean> {
    const [mine] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2`,
      [announcementId, userId],
    );
    return !!mine;
  }

  private listFilter(filter: AnnouncementFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.recipientId) {
      params.push(filter.recipientId);
      where.push(`a.status IN ('published', 'withdrawn')
        AND EXISTS (SELECT 1 FROM announcement_delivery md WHERE md.announcement_id = a.id AND md.user_id = $${params.length})`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`a.status = $${params.length}`);
    }
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  /** A page of announcements with read and acknowledgement counts, the most recent first. */
  async list(filter: AnnouncementFilter, limit: number, offset: number): Promise<AnnouncementSummaryRow[]> {
    const { where, params } = this.listFilter(filter);
    return this.dataSource.query<AnnouncementSummaryRow[]>(
      `SELECT a.id, a.title, a.status, a.requires_acknowledgement AS "requiresAcknowledgement", a.publish_at AS "publishAt",
                a.published_at AS "publishedAt", a.recipient_count AS "recipientCount", e.starts_at AS "eventStartsAt",
                a.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.read_at IS NOT NULL) AS "readCount",
                (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.acknowledged_at IS NOT NULL) AS "acknowledgedCount"
           FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id ${where}
          ORDER BY COALESCE(a.published_at, a.publish_at, a.updated_at) DESC, a.id
          LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
  }

  async count(filter: AnnouncementFilter): Promise<number> {
    const { where, params } = this.listFilter(filter);
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM announcement a ${where}`,
      params,
    );
    return total;
  }

  async deleteEvent(m: EntityManager, eventId: string): Promise<void> {
    await m.query(`DELETE FROM outreach_event WHERE id = $1`, [eventId]);
  }

  /** Rewrites the event; `sequenceStep` 1 raises its iCalendar SEQUENCE (an updated invitation). */
  async updateEvent(m: EntityManager, eventId: string, e: EventFields, sequenceStep: 0 | 1): Promise<void> {
    await m.query(
      `UPDATE outreach_event SET title = $2, starts_at = $3, ends_at = $4, time_zone = $5, location = $6, online_url = $7,
                    rsvp_deadline = $8, seats_per_country = $9, sequence = sequence + $10::int WHERE id = $1`,
      [
        eventId,
        e.title,
        e.startsAt,
        e.endsAt,
        e.timeZone,
        e.location,
        e.onlineUrl,
        e.rsvpDeadline,
        e.seatsPerCountry,
        sequenceStep,
      ],
    );
  }

  /** Writes an edit and raises the version. */
  async update(m: EntityManager, id: string, c: AnnouncementChanges): Promise<void> {
    await m.query(
      `UPDATE announcement SET title = $2, body = $3, body_html = $4, audience = COALESCE($5::jsonb, audience),
                requires_acknowledgement = $6, acknowledge_by = $7, remind_days_before = $8, version = version + 1,
                revision = revision + $9::int, edited_at = CASE WHEN $9::int > 0 THEN now() ELSE edited_at END,
                updated_by = $10, updated_at = now()
          WHERE id = $1`,
      [
        id,
        c.title,
        c.body,
        c.bodyHtml,
        c.audience,
        c.requiresAcknowledgement,
        c.acknowledgeBy,
        c.remindDaysBefore,
        c.revisionStep,
        c.updatedBy,
      ],
    );
  }

  async schedule(m: EntityManager, id: string, publishAt: Date, updatedBy: string): Promise<void> {
    await m.query(
      `UPDATE announcement SET status = 'scheduled', publish_at = $2, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1`,
      [id, publishAt, updatedBy],
    );
  }

  async markPublished(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  async withdraw(m: EntityManager, id: string, reason: string, updatedBy: string): Promise<void> {
    await m.query(
      `UPDATE announcement SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, version = version + 1,
                updated_by = $3, updated_at = now() WHERE id = $1`,
      [id, reason, updatedBy],
    );
  }

  /** Cancels the event and raises its SEQUENCE, for the CANCEL to invitees. */
  async cancelEvent(m: EntityManager, eventId: string): Promise<void> {
    await m.query(`UPDATE outreach_event SET cancelled_at = now(), sequence = sequence + 1 WHERE id = $1`, [eventId]);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM announcement WHERE id = $1`, [id]);
  }

  /** Marks it read (the first time is kept) at its current revision, if it was sent to the person and is out. */
  async markRead(id: string, userId: string): Promise<ReadState | undefined> {
    const [rows] = await this.dataSource.query<[ReadState[], number]>(
      `UPDATE announcement_delivery d SET read_at = COALESCE(d.read_at, now()), read_revision = a.revision
         FROM announcement a
        WHERE a.id = d.announcement_id AND d.announcement_id = $1 AND d.user_id = $2 AND a.status IN ('published', 'withdrawn')
        RETURNING d.read_at AS "readAt", d.acknowledged_at AS "acknowledgedAt"`,
      [id, userId],
    );
    return rows[0];
  }

  /** Marks it acknowledged and read (first times kept) at `revision`. */
  async markAcknowledged(
    id: string,
    userId: string,
    revision: number,
  ): Promise<{ readAt: Date; acknowledgedAt: Date }> {
    const [[state]] = await this.dataSource.query<[{ readAt: Date; acknowledgedAt: Date }[], number]>(
      `UPDATE announcement_delivery SET read_at = COALESCE(read_at, now()), read_revision = $3,
              acknowledged_at = COALESCE(acknowledged_at, now())
        WHERE announcement_id = $1 AND user_id = $2 RETURNING read_at AS "readAt", acknowledged_at AS "acknowledgedAt"`,
      [id, userId, revision],
    );
    return state!;
  }
}
