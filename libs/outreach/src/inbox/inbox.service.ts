import { Injectable } from '@nestjs/common';
import { plainExcerpt } from '@liaison/core';
import { NoticesService } from '@liaison/notices';
import type { Caller } from '../access.js';
import { iso } from '../announcements/announcement-view.js';
import type { InboxDto, InboxEntryDto } from '../outreach.dto.js';
import { InboxRepository } from './inbox.repository.js';

/** Each person's announcements and notifications in one list, newest first, with what is unread. */
@Injectable()
export class InboxService {
  constructor(
    private readonly repo: InboxRepository,
    private readonly notifications: NoticesService,
  ) {}

  async inbox(caller: Caller, unreadOnly: boolean, limit: number): Promise<InboxDto> {
    const [announcements, counts, notices] = await Promise.all([
      this.repo.announcements(caller.userId, unreadOnly, limit),
      this.repo.counts(caller.userId),
      this.notifications.list(caller.userId, unreadOnly),
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
      unreadAnnouncements: counts.unread,
      unreadNotifications: notices.unread,
      toAcknowledge: counts.toAcknowledge,
    };
  }
}
