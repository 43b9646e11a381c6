import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { plainExcerpt } from '@liaison/core';
import { NotificationsService } from '@liaison/planning';
import type { Caller } from '../access.js';
import { iso } from '../announcements/announcement-view.js';
import type { InboxDto, InboxEntryDto } from '../outreach.dto.js';

/** Each person's announcements and notifications in one list, newest first, with what is unread. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async inbox(caller: Caller, unreadOnly: boolean, limit: number): Promise<InboxDto> {
    const [announcements, [counts], notices] = await Promise.all([
      this.dataSource.query<
        {
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
        }[]
      >(
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
        [caller.userId],
      ),
      this.dataSource.query<{ unread: number; toAcknowledge: number }[]>(
        `SELECT count(*) FILTER (WHERE d.read_at IS NULL OR d.read_revision < a.revision)::int AS unread,
                count(*) FILTER (WHERE a.requires_acknowledgement AND a.status = 'published' AND d.acknowledged_at IS NULL)::int AS "toAcknowledge"
           FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id AND a.status IN ('published', 'withdrawn')
          WHERE d.user_id = $1`,
        [caller.userId],
      ),
      this.notifications.list(
        { userId: caller.userId, secretariat: caller.secretariat, orgAdmin: false, organisationId: null },
        unreadOnly,
      ),
    ]);
    const items: InboxEntryDto[] = [
      ...announcements.map((a) => ({
        type: 'announcement' as const,
        kind: null,
        params: null,
        id: a.id,
        title: a.title,
        excerpt: plainExcerpt(a.body),
        link: `/announcements/${a.id}`,
        at: iso(a.at)!,
        readAt: iso(a.readAt),
        requiresAcknowledgement: a.requiresAcknowledgement,
        acknowledgedAt: iso(a.acknowledgedAt),
        acknowledgeBy: iso(a.acknowledgeBy),
        withdrawn: a.withdrawn,
        changedSinceRead: a.changedSinceRead,
        eventStartsAt: iso(a.eventStartsAt),
        rsvp: a.rsvp,
      })),
      ...notices.items.map((n) => ({
        type: 'notification' as const,
        kind: n.kind,
        params: { ...n.params },
        id: n.id,
        title: n.title,
        excerpt: plainExcerpt(n.body),
        link: n.link,
        at: n.createdAt,
        readAt: n.readAt,
        requiresAcknowledgement: false,
        acknowledgedAt: null,
        acknowledgeBy: null,
        withdrawn: false,
        changedSinceRead: false,
        eventStartsAt: null,
        rsvp: null,
      })),
    ]
      .sort((x, y) => y.at.localeCompare(x.at))
      .slice(0, limit);
    return {
      items,
      unreadAnnouncements: counts!.unread,
      unreadNotifications: notices.unread,
      toAcknowledge: counts!.toAcknowledge,
    };
  }
}
