import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { type FieldError, RealtimePublisher, renderMarkdown } from '@liaison/core';
import { type Caller, announcementRoom } from '../access.js';
import { type Audience, audienceProblems, namedValues } from '../audience/audience.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { EventsRepository, type RsvpRow } from '../events/events.repository.js';
import { OutreachError, invalid } from '../errors.js';
import { isTimeZone, zonedToInstant } from '../events/zoned-time.js';
import type {
  AnnouncementDto,
  AnnouncementSummaryDto,
  AudiencePreviewDto,
  CreateAnnouncementDto,
  EventInputDto,
  MyDeliveryDto,
  UpdateAnnouncementDto,
} from '../outreach.dto.js';
import { type AnnouncementRow, iso, toAnnouncement, toRsvp } from './announcement-view.js';
import { AnnouncementsRepository, type EventFields } from './announcements.repository.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';

const SAMPLE_SIZE = 8;

/** An event's times as instants, checked. */
function eventValues(input: EventInputDto): EventFields {
  const problems: FieldError[] = [];
  const bad = (field: string, reason: string) => problems.push({ field: `event.${field}`, reasons: [reason] });
  if (!isTimeZone(input.timeZone)) bad('timeZone', 'must be an IANA time zone such as Europe/Warsaw');
  const zone = isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const startsAt = zonedToInstant(input.startsAt, zone);
  const endsAt = zonedToInstant(input.endsAt, zone);
  const rsvpDeadline = input.rsvpDeadline ? zonedToInstant(input.rsvpDeadline, zone) : null;
  if (!startsAt) bad('startsAt', 'is not a date and time that happens in this time zone');
  if (!endsAt) bad('endsAt', 'is not a date and time that happens in this time zone');
  if (input.rsvpDeadline && !rsvpDeadline) bad('rsvpDeadline', 'is not a date and time that happens in this time zone');
  if (startsAt && endsAt && endsAt <= startsAt) bad('endsAt', 'must be after the start');
  if (startsAt && rsvpDeadline && rsvpDeadline > startsAt) bad('rsvpDeadline', 'must not be after the start');
  const location = input.location?.trim() || null;
  const onlineUrl = input.onlineUrl?.trim() || null;
  if (!location && !onlineUrl) bad('location', 'give a place or an online link');
  if (problems.length) throw new OutreachError('invalid_event', 'The event is not valid.', problems);
  return {
    title: input.title?.trim() || null,
    startsAt: startsAt!,
    endsAt: endsAt!,
    timeZone: zone,
    location,
    onlineUrl,
    rsvpDeadline,
    seatsPerCountry: input.seatsPerCountry ?? null,
  };
}

/** 409 with the announcement as it is now, for the secretariat's client to show. */
const staleVersion = (row: AnnouncementRow, message = 'Someone changed this announcement meanwhile.'): OutreachError =>
  new OutreachError('stale_version', message, undefined, { current: toAnnouncement(row, true, null) });

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * The secretariat's announcements: drafts, audience preview, scheduled or immediate publication
 * (the fan-out continues in jobs), edits after publication that recipients see marked, and
 * withdrawal. Recipients read and acknowledge; anyone else is told the announcement does not exist.
 */
@Injectable()
export class AnnouncementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AnnouncementsRepository,
    private readonly audiences: AudienceRepository,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly publisher: RealtimePublisher,
    private readonly jobs: OutreachJobs,
  ) {}

  requireSecretariat(caller: Caller): void {
    if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat sends announcements.');
  }

  /** Refuses an audience that is malformed or names what does not exist. */
  async checkAudience(audience: Audience): Promise<void> {
    const problems = audienceProblems(audience);
    if (problems.length) throw new OutreachError('invalid_audience', 'The audience is not valid.', problems);
    const named = namedValues(audience);
    const unknown = await this.audiences.unknownNames(named);
    const found = Object.entries(unknown).filter(([, values]) => values.length > 0);
    if (found.length)
      throw new OutreachError(
        'invalid_audience',
        'The audience names what does not exist.',
        found.map(([field, values]) => ({ field: `audience.${field}`, reasons: [`unknown: ${values.join(', ')}`] })),
      );
  }

  /** How many people the audience reaches now, a sample of them, and who it cannot reach. */
  async preview(caller: Caller, audience: Audience): Promise<AudiencePreviewDto> {
    this.requireSecretariat(caller);
    await this.checkAudience(audience);
    const [count, sample, missing] = await Promise.all([
      this.audiences.count(audience),
      this.audiences.sample(audience, SAMPLE_SIZE),
      this.audiences.countUnreached(audience),
    ]);
    return {
      count,
      sample,
      contactsWithoutAccount: missing,
      warning:
        count === 0
          ? 'Nobody matches this audience: its conditions exclude each other or name people without an account. Nothing would be sent.'
          : null,
    };
  }

  async create(caller: Caller, dto: CreateAnnouncementDto): Promise<AnnouncementDto> {
    this.requireSecretariat(caller);
    await this.checkAudience(dto.audience);
    const event = dto.event ? eventValues(dto.event) : null;
    const acknowledgeBy = this.acknowledgeBy(dto.acknowledgeBy, dto.requiresAcknowledgement ?? false);
    const id = await this.dataSource.transaction(async (m) => {
      const id = await this.repo.insert(m, {
        title: dto.title,
        body: dto.body ?? '',
        bodyHtml: renderMarkdown(dto.body ?? ''),
        audience: JSON.stringify(dto.audience),
        requiresAcknowledgement: dto.requiresAcknowledgement ?? false,
        acknowledgeBy,
        remindDaysBefore: dto.remindDaysBefore ?? 3,
        createdBy: caller.userId,
      });
      if (event) await this.repo.insertEvent(m, id, event, dto.title);
      return id;
    });
    return this.get(caller, id);
  }

  private acknowledgeBy(value: string | null | undefined, required: boolean): Date | null {
    if (!value) return null;
    if (!required)
      throw invalid(
        'invalid_announcement',
        'acknowledgeBy',
        'only an announcement that asks for acknowledgement has a deadline',
      );
    const deadline = new Date(value);
    if (deadline.getTime() <= Date.now())
      throw invalid('invalid_announcement', 'acknowledgeBy', 'the acknowledgement deadline has already passed');
    return deadline;
  }

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

  /**
   * Drafts and scheduled announcements change freely. Once published the audience is fixed; a
   * changed title, text or event raises the revision recipients see, and a changed time or place
   * sends everyone who has not declined an updated invitation (a higher iCalendar SEQUENCE).
   */
  async update(caller: Caller, id: string, dto: UpdateAnnouncementDto): Promise<AnnouncementDto> {
    this.requireSecretariat(caller);
    if (dto.audience) await this.checkAudience(dto.audience);
    const eventInput = dto.event ? eventValues(dto.event) : dto.event;
    let invitationUpdate = false;
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.version !== dto.version) throw staleVersion(row);
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'A withdrawn announcement cannot change.');
      const published = row.status === 'published';
      if (published && dto.audience)
        throw invalid(
          'invalid_announcement',
          'audience',
          'The audience is fixed once published; send a new announcement to others.',
        );
      if (published && dto.event === null && row.eventId)
        throw invalid('invalid_announcement', 'event', 'To call the event off, withdraw the announcement.');
      const requiresAcknowledgement = dto.requiresAcknowledgement ?? row.requiresAcknowledgement;
      const acknowledgeBy =
        dto.acknowledgeBy !== undefined
          ? this.acknowledgeBy(dto.acknowledgeBy, requiresAcknowledgement)
          : requiresAcknowledgement
            ? row.acknowledgeBy
            : null;
      const title = dto.title ?? row.title;
      const body = dto.body ?? row.body;
      let contentChanged =
        title !== row.title || body !== row.body || requiresAcknowledgement !== row.requiresAcknowledgement;
      if (eventInput === null && row.eventId) {
        await this.repo.deleteEvent(m, row.eventId);
      } else if (eventInput) {
        if (row.eventId) {
          const moved =
            !sameInstant(eventInput.startsAt, row.startsAt) ||
            !sameInstant(eventInput.endsAt, row.endsAt) ||
            eventInput.location !== row.location ||
            eventInput.onlineUrl !== row.onlineUrl;
          const otherwise =
            (eventInput.title ?? title) !== row.eventTitle ||
            eventInput.timeZone !== row.timeZone ||
            !sameInstant(eventInput.rsvpDeadline, row.rsvpDeadline) ||
            eventInput.seatsPerCountry !== row.seatsPerCountry;
          contentChanged ||= moved || otherwise;
          invitationUpdate = published && (moved || (eventInput.title ?? title) !== row.eventTitle);
          await this.repo.updateEvent(
            m,
            row.eventId,
            { ...eventInput, title: eventInput.title ?? title },
            invitationUpdate ? 1 : 0,
          );
        } else {
          if (published)
            throw invalid(
              'invalid_announcement',
              'event',
              'An event cannot be added once published; send a new announcement.',
            );
          await this.repo.insertEvent(m, id, eventInput, title);
        }
      }
      await this.repo.update(m, id, {
        title,
        body,
        bodyHtml: body === row.body ? row.bodyHtml : renderMarkdown(body),
        audience: dto.audience ? JSON.stringify(dto.audience) : null,
        requiresAcknowledgement,
        acknowledgeBy,
        remindDaysBefore: dto.remindDaysBefore ?? row.remindDaysBefore,
        revisionStep: published && contentChanged ? 1 : 0,
        updatedBy: caller.userId,
      });
      // A scheduled announcement must still make sense at its publication time.
      if (row.status === 'scheduled') {
        const after = (await this.repo.find(id, m))!;
        this.checkTimes(after, new Date(after.publishAt!));
      }
      if (published && contentChanged)
        await this.audit.record(
          {
            action: 'announcement.edited',
            actorId: caller.userId,
            targetType: 'announcement',
            targetId: id,
            details: { invitationUpdate },
          },
          m,
        );
    });
    const after = await this.get(caller, id);
    if (after.status === 'published') {
      this.jobs.recipientsChanged(id, after.revision);
      if (invitationUpdate) await this.jobs.invitationUpdate(id);
    }
    return after;
  }

  /** Publishes now (the fan-out runs in jobs) or at `publishAt`. Publishing again changes nothing. */
  async publish(caller: Caller, id: string, version: number, publishAt?: string): Promise<AnnouncementDto> {
    this.requireSecretariat(caller);
    const when = publishAt ? new Date(publishAt) : null;
    if (when && when.getTime() <= Date.now())
      throw invalid('invalid_announcement', 'publishAt', 'must be in the future; to publish now, leave it out');
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.status === 'published') return 'already';
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'A withdrawn announcement cannot be published.');
      if (row.version !== version) throw staleVersion(row);
      this.checkTimes(row, when ?? new Date());
      // Somebody must be in the audience; the fan-out job writes the deliveries after the answer.
      const anybody = await this.audiences.anybody(m, row.audience);
      if (!anybody)
        throw new OutreachError(
          'audience_empty',
          'Nobody matches this audience, so nothing was sent. Change the audience first.',
          [{ field: 'audience', reasons: ['resolves to nobody'] }],
        );
      if (when) {
        await this.repo.schedule(m, id, when, caller.userId);
        await this.audit.record(
          {
            action: 'announcement.scheduled',
            actorId: caller.userId,
            targetType: 'announcement',
            targetId: id,
            details: { publishAt: when.toISOString() },
          },
          m,
        );
        return 'scheduled';
      }
      await this.markPublished(m, id, caller.userId);
      return 'published';
    });
    if (outcome === 'published') await this.jobs.fanOut(id);
    if (outcome === 'scheduled') await this.jobs.scheduled(id, when!);
    return this.get(caller, id);
  }

  private checkTimes(row: AnnouncementRow, at: Date): void {
    if (row.acknowledgeBy && new Date(row.acknowledgeBy) <= at)
      throw invalid('invalid_announcement', 'acknowledgeBy', 'the acknowledgement deadline would already have passed');
    if (row.rsvpDeadline && new Date(row.rsvpDeadline) <= at)
      throw invalid('invalid_event', 'event.rsvpDeadline', 'the answer deadline would already have passed');
    if (row.startsAt && new Date(row.startsAt) <= at)
      throw invalid('invalid_event', 'event.startsAt', 'the event would already have started');
  }

  /** Status and audit of a publication (now, or a scheduled one coming due). */
  async markPublished(m: EntityManager, id: string, actorId: string | null): Promise<void> {
    await this.repo.markPublished(m, id);
    await this.audit.record({ action: 'announcement.published', actorId, targetType: 'announcement', targetId: id }, m);
  }

  /** Takes an announcement back: recipients see it withdrawn; an event is cancelled with a CANCEL to invitees. */
  async withdraw(caller: Caller, id: string, version: number, reason: string): Promise<AnnouncementDto> {
    this.requireSecretariat(caller);
    let cancelEvent = false;
    let wasPublished = false;
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.version !== version) throw staleVersion(row);
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'This announcement is already withdrawn.');
      if (row.status === 'draft')
        throw new OutreachError('invalid_state', 'A draft has not been sent; there is nothing to withdraw.');
      wasPublished = row.status === 'published';
      await this.repo.withdraw(m, id, reason, caller.userId);
      if (row.eventId && wasPublished) {
        await this.repo.cancelEvent(m, row.eventId);
        cancelEvent = true;
      }
      await this.audit.record(
        {
          action: 'announcement.withdrawn',
          actorId: caller.userId,
          targetType: 'announcement',
          targetId: id,
          details: { reason },
        },
        m,
      );
    });
    const after = await this.get(caller, id);
    if (wasPublished) {
      this.jobs.recipientsChanged(id, after.revision);
      if (cancelEvent) await this.jobs.invitationUpdate(id);
    }
    return after;
  }

  /** Deletes a draft (nothing was sent); anything scheduled or sent is withdrawn instead. */
  async deleteDraft(caller: Caller, id: string, version: number): Promise<void> {
    this.requireSecretariat(caller);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.status !== 'draft')
        throw new OutreachError('invalid_state', 'Only a draft can be deleted; withdraw what was scheduled or sent.');
      if (row.version !== version) throw staleVersion(row, 'Someone changed this draft meanwhile.');
      await this.repo.delete(m, id);
      await this.audit.record(
        {
          action: 'announcement.draft_deleted',
          actorId: caller.userId,
          targetType: 'announcement',
          targetId: id,
          details: { title: row.title },
        },
        m,
      );
    });
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
