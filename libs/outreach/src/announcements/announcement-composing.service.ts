import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { renderMarkdown } from '@liaison/core';
import type { Caller } from '../access.js';
import { type Audience, audienceProblems, namedValues } from '../audience/audience.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { OutreachError, invalid } from '../errors.js';
import type {
  AnnouncementDto,
  AudiencePreviewDto,
  CreateAnnouncementDto,
  UpdateAnnouncementDto,
} from '../outreach.dto.js';
import type { AnnouncementRow } from './announcement-view.js';
import { AnnouncementsRepository } from './announcements.repository.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';
import { eventValues, requireSecretariat, sameInstant, staleVersion } from './announcement-rules.js';

const SAMPLE_SIZE = 8;

/**
 * Composing and publishing the secretariat's announcements: drafts, audience preview, edits after
 * publication that recipients see marked, and scheduled or immediate publication (the fan-out
 * continues in jobs).
 */
@Injectable()
export class AnnouncementComposingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AnnouncementsRepository,
    private readonly audiences: AudienceRepository,
    private readonly reading: AnnouncementReadingService,
    private readonly audit: AuditService,
    private readonly jobs: OutreachJobs,
  ) {}

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
    requireSecretariat(caller);
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
    requireSecretariat(caller);
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
    return this.reading.get(caller, id);
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

  /**
   * Drafts and scheduled announcements change freely. Once published the audience is fixed; a
   * changed title, text or event raises the revision recipients see, and a changed time or place
   * sends everyone who has not declined an updated invitation (a higher iCalendar SEQUENCE).
   */
  async update(caller: Caller, id: string, dto: UpdateAnnouncementDto): Promise<AnnouncementDto> {
    requireSecretariat(caller);
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
    const after = await this.reading.get(caller, id);
    if (after.status === 'published') {
      this.jobs.recipientsChanged(id, after.revision);
      if (invitationUpdate) await this.jobs.invitationUpdate(id);
    }
    return after;
  }

  /** Publishes now (the fan-out runs in jobs) or at `publishAt`. Publishing again changes nothing. */
  async publish(caller: Caller, id: string, version: number, publishAt?: string): Promise<AnnouncementDto> {
    requireSecretariat(caller);
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
    return this.reading.get(caller, id);
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
}
