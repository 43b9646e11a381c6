import { Injectable } from '@nestjs/common';
import { RealtimePublisher } from '@liaison/core';
import { type Caller, announcementRoom } from '../access.js';
import { EventsRepository, type RsvpRow } from '../events/events.repository.js';
import { OutreachError } from '../errors.js';
import type { AnnouncementDto, AnnouncementSummaryDto, MyDeliveryDto } from '../outreach.dto.js';
import { type AnnouncementRow, iso, toAnnouncement, toRsvp } from './announcement-view.js';
import { AnnouncementsRepository } from './announcements.repository.js';

/**
 * Reading announcements: the secretariat sees every one; recipients read and acknowledge those
 * addressed to them; anyone else is told the announcement does not exist.
 */
@Injectable()
export class AnnouncementReadingService {
  constructor(
    private readonly repo: AnnouncementsRepository,
    private readonly events: EventsRepository,
    private readonly publisher: RealtimePublisher,
  ) {}

  /** The announcement for the secretariat, or for a recipient once published; 404 for anyone else. */
  async get(caller: Caller, id: string): Promise<AnnouncementDto> {
    const row = await this.repo.find(id);
    const me = row ? await this.myDelivery(caller, row) : null;
    if (!row || (!caller.secretariat && (!me || row.status === 'draft' || row.status === 'scheduled')))
      throw new OutreachError('announcement_not_found', 'No such announcement.');
    return toAnnouncement(row, caller.secretariat, me);
  }

  private async myDelivery(caller: Caller, row: AnnouncementRow): Promise<MyDeliveryDto | null> {
    const d = await this.repo.delivery(row.id, caller.userId);
    if (!d) return null;
    let rsvp: RsvpRow | null = null;
    let takenByOthers = 0;
    if (row.eventId) {
      [rsvp, takenByOthers] = await Promise.all([
        this.events.rsvp(row.eventId, caller.userId),
        this.events.seatsTakenByOthers(row.eventId, d.countryCode, caller.userId),
      ]);
    }
    return {
      readAt: iso(d.readAt),
      acknowledgedAt: iso(d.acknowledgedAt),
      changedSinceRead: d.readRevision !== null && d.readRevision < row.revision,
      rsvp: rsvp ? toRsvp(rsvp) : null,
      seats: row.eventId
        ? { countryCode: d.countryCode, limit: d.countryCode ? row.seatsPerCountry : null, takenByOthers }
        : null,
    };
  }

  /** The secretariat sees every announcement; others those addressed to them. */
  async list(
    caller: Caller,
    query: { status?: string; limit?: number; offset?: number },
  ): Promise<{ items: AnnouncementSummaryDto[]; total: number }> {
    const filter = { recipientId: caller.secretariat ? undefined : caller.userId, status: query.status };
    const [rows, total] = await Promise.all([
      this.repo.list(filter, query.limit ?? 25, query.offset ?? 0),
      this.repo.count(filter),
    ]);
    return {
      // How many others received, read or acknowledged it is the secretariat's to know.
      items: rows.map((r) => ({
        ...r,
        ...(caller.secretariat ? {} : { recipientCount: null, readCount: null, acknowledgedCount: null }),
        publishAt: iso(r.publishAt),
        publishedAt: iso(r.publishedAt),
        eventStartsAt: iso(r.eventStartsAt),
        updatedAt: iso(r.updatedAt)!,
      })),
      total,
    };
  }

  /** The caller opened it: read now (first time kept), at the current revision. */
  async read(caller: Caller, id: string): Promise<{ readAt: string | null; acknowledgedAt: string | null }> {
    const state = await this.repo.markRead(id, caller.userId);
    if (!state) throw new OutreachError('announcement_not_found', 'No such announcement.');
    this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    this.publisher.toUser(caller.userId, 'inbox.changed', { announcementId: id });
    return { readAt: iso(state.readAt), acknowledgedAt: iso(state.acknowledgedAt) };
  }

  /** The caller confirms they have taken note (reads it too). */
  async acknowledge(caller: Caller, id: string): Promise<{ readAt: string | null; acknowledgedAt: string | null }> {
    const row = await this.repo.find(id);
    const mine = row ? await this.repo.isRecipient(id, caller.userId) : false;
    if (!row || !mine || row.status === 'draft' || row.status === 'scheduled')
      throw new OutreachError('announcement_not_found', 'No such announcement.');
    if (row.status === 'withdrawn')
      throw new OutreachError('invalid_state', 'This announcement was withdrawn; there is nothing to acknowledge.');
    if (!row.requiresAcknowledgement)
      throw new OutreachError('invalid_state', 'This announcement does not ask for acknowledgement.');
    const state = await this.repo.markAcknowledged(id, caller.userId, row.revision);
    this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    this.publisher.toUser(caller.userId, 'inbox.changed', { announcementId: id });
    return { readAt: iso(state.readAt), acknowledgedAt: iso(state.acknowledgedAt) };
  }
}
