import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { InboxEntryDto } from '../outreach.dto.js';

/** The statements of each person's inbox: the announcements delivered to them and what is unread. */

export interface InboxAnnouncementRow {
  id: string;
  title: string;
  body: string;
  at: Date;
  readAt: Date | null;
  requiresAcknowledgement: boolean;
  acknowledgedAt: Date | null;
  acknowledgeBy: Date | null;
  withdrawn: boolean;
  changedSinceRead: boolean;
  eventStartsAt: Date | null;
  rsvp: InboxEntryDto['rsvp'];
}

export interface InboxCounts {
  unread: number;
  toAcknowledge: number;
}

@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The person's published or withdrawn announcements, newest delivery first; `unreadOnly` keeps those unread or changed since read. */
  async announcements(userId: string, unreadOnly: boolean, limit: number): Promise<InboxAnnouncementRow[]> {
    return this.dataSource.query<InboxAnnouncementRow[]>(
      `SELECT a.id, a.title, a.body, COALESCE(a.published_at, d.delivered_at) AS at, d.read_at AS "readAt",
                a.requires_acknowledgement AS "requiresAcknowledgement", d.acknowledged_at AS "acknowledgedAt",
                a.acknowledge_by AS "acknowledgeBy", a.status = 'withdrawn' AS withdrawn,
                (d.read_revision IS NOT NULL AND d.read_revision < a.revision) AS "changedSinceRead",
                e.starts_at AS "eventStartsAt", r.response AS rsvp
           FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id AND a.status IN ('published', 'withdrawn')
           LEFT JOIN outreach_event e ON e.announcement_id = a.id
           LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
          WHERE d.user_id = $1 ${unreadOnly ? 'AND (d.read_at IS NULL OR d.read_revision < a.revision)' : ''}
          ORDER BY d.delivered_at DESC, a.id LIMIT ${limit}`,
      [userId],
    );
  }

  /** How many of the person's announcements are unread (or changed since read) and await acknowledgement. */
  async counts(userId: string): Promise<InboxCounts> {
    const [counts] = await this.dataSource.query<InboxCounts[]>(
      `SELECT count(*) FILTER (WHERE d.read_at IS NULL OR d.read_revision < a.revision)::int AS unread,
                count(*) FILTER (WHERE a.requires_acknowledgement AND a.status = 'published' AND d.acknowledged_at IS NULL)::int AS "toAcknowledge"
           FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id AND a.status IN ('published', 'withdrawn')
          WHERE d.user_id = $1`,
      [userId],
    );
    return counts!;
  }
}
