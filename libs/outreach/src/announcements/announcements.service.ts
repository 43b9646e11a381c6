import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { type FieldError, RealtimePublisher, renderMarkdown } from '@liaison/core';
import { type Caller, COMPOSER_LEVELS, announcementRoom } from '../access.js';
import {
  AUDIENCE_FROM,
  type Audience,
  UNREACHED_FROM,
  audienceProblems,
  audienceSql,
  namedValues,
} from '../audience/audience.js';
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
import {
  ANNOUNCEMENT_COLUMNS,
  ANNOUNCEMENT_FROM,
  type AnnouncementRow,
  RSVP_COLUMNS,
  type RsvpRow,
  iso,
  toAnnouncement,
  toRsvp,
} from './announcement-view.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';

/** An event's times as instants, checked. */
interface EventValues {
  title: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: Date | null;
  seatsPerCountry: number | null;
}

const SAMPLE_SIZE = 8;

function eventValues(input: EventInputDto): EventValues {
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
    const [unknown] = await this.dataSource.query<Record<string, string[]>[]>(
      `SELECT
         ARRAY(SELECT x FROM unnest($1::text[]) x WHERE NOT EXISTS (SELECT 1 FROM country WHERE code = x)) AS countries,
         ARRAY(SELECT x FROM unnest($2::text[]) x WHERE NOT EXISTS (SELECT 1 FROM country WHERE region = x)) AS regions,
         ARRAY(SELECT x::text FROM unnest($3::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM organisation WHERE id = x)) AS organisations,
         ARRAY(SELECT x FROM unnest($4::text[]) x WHERE NOT EXISTS (SELECT 1 FROM mandate WHERE code = x)) AS mandates,
         ARRAY(SELECT x::text FROM unnest($5::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM working_group WHERE id = x)) AS groups,
         ARRAY(SELECT x::text FROM unnest($6::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM user_account WHERE id = x)) AS users`,
      [named.countries, named.regions, named.organisations, named.mandates, named.groups, named.users],
    );
    const found = Object.entries(unknown!).filter(([, values]) => values.length > 0);
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
    const params: unknown[] = [];
    const where = audienceSql(audience, params, COMPOSER_LEVELS);
    const unreachedParams: unknown[] = [];
    const unreached = audienceSql(audience, unreachedParams, COMPOSER_LEVELS, 'contact');
    const [[{ count }], sample, [{ missing }]] = await Promise.all([
      this.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM ${AUDIENCE_FROM} WHERE ${where}`,
        params,
      ),
      this.dataSource.query<AudiencePreviewDto['sample']>(
        `SELECT u.id AS "userId", u.display_name AS "displayName", o.name AS "organisationName", o.country_code AS "countryCode"
           FROM ${AUDIENCE_FROM} WHERE ${where} ORDER BY o.country_code NULLS LAST, u.display_name LIMIT ${SAMPLE_SIZE}`,
        params,
      ),
      this.dataSource.query<{ missing: number }[]>(
        `SELECT count(*)::int AS missing FROM ${UNREACHED_FROM} WHERE ${unreached}`,
        unreachedParams,
      ),
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
      const [{ id }] = await m.query<{ id: string }[]>(
        `INSERT INTO announcement (title, body, body_html, audience, requires_acknowledgement, acknowledge_by, remind_days_before,
                                   created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
        [
          dto.title,
          dto.body ?? '',
          renderMarkdown(dto.body ?? ''),
          JSON.stringify(dto.audience),
          dto.requiresAcknowledgement ?? false,
          acknowledgeBy,
          dto.remindDaysBefore ?? 3,
          caller.userId,
        ],
      );
      if (event) await this.insertEvent(m, id, event, dto.title);
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

  private async insertEvent(m: EntityManager, announcementId: string, e: EventValues, title: string): Promise<void> {
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

  private async row(
    id: string,
    m: EntityManager | DataSource = this.dataSource,
    lock = false,
  ): Promise<AnnouncementRow | null> {
    const [row] = await m.query<AnnouncementRow[]>(
      `SELECT ${ANNOUNCEMENT_COLUMNS} FROM ${ANNOUNCEMENT_FROM} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /** The announcement for the secretariat, or for a recipient once published; 404 for anyone else. */
  async get(caller: Caller, id: string): Promise<AnnouncementDto> {
    const row = await this.row(id);
    const me = row ? await this.myDelivery(caller, row) : null;
    if (!row || (!caller.secretariat && (!me || row.status === 'draft' || row.status === 'scheduled')))
      throw new OutreachError('announcement_not_found', 'No such announcement.');
    return toAnnouncement(row, caller.secretariat, me);
  }

  private async myDelivery(caller: Caller, row: AnnouncementRow): Promise<MyDeliveryDto | null> {
    const [d] = await this.dataSource.query<
      { readAt: Date | null; acknowledgedAt: Date | null; readRevision: number | null; countryCode: string | null }[]
    >(
      `SELECT read_at AS "readAt", acknowledged_at AS "acknowledgedAt", read_revision AS "readRevision", country_code AS "countryCode"
         FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2`,
      [row.id, caller.userId],
    );
    if (!d) return null;
    let rsvp: RsvpRow | undefined;
    let takenByOthers = 0;
    if (row.eventId) {
      [[rsvp], [{ taken: takenByOthers }]] = await Promise.all([
        this.dataSource.query<RsvpRow[]>(
          `SELECT ${RSVP_COLUMNS} FROM event_rsvp r WHERE r.event_id = $1 AND r.user_id = $2`,
          [row.eventId, caller.userId],
        ),
        this.dataSource.query<{ taken: number }[]>(
          `SELECT COALESCE(sum(delegates), 0)::int AS taken FROM event_rsvp
            WHERE event_id = $1 AND country_code = $2 AND user_id <> $3 AND response <> 'declined'`,
          [row.eventId, d.countryCode, caller.userId],
        ),
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
    const params: unknown[] = [];
    const where: string[] = [];
    if (!caller.secretariat) {
      params.push(caller.userId);
      where.push(`a.status IN ('published', 'withdrawn')
        AND EXISTS (SELECT 1 FROM announcement_delivery md WHERE md.announcement_id = a.id AND md.user_id = $${params.length})`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`a.status = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<
        (AnnouncementSummaryDto & { publishAt: Date; publishedAt: Date; eventStartsAt: Date; updatedAt: Date })[]
      >(
        `SELECT a.id, a.title, a.status, a.requires_acknowledgement AS "requiresAcknowledgement", a.publish_at AS "publishAt",
                a.published_at AS "publishedAt", a.recipient_count AS "recipientCount", e.starts_at AS "eventStartsAt",
                a.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.read_at IS NOT NULL) AS "readCount",
                (SELECT count(*)::int FROM announcement_delivery d WHERE d.announcement_id = a.id AND d.acknowledged_at IS NOT NULL) AS "acknowledgedCount"
           FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id ${filter}
          ORDER BY COALESCE(a.published_at, a.publish_at, a.updated_at) DESC, a.id
          LIMIT ${query.limit ?? 25} OFFSET ${query.offset ?? 0}`,
        params,
      ),
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM announcement a ${filter}`, params),
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
      const row = await this.row(id, m, true);
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
        await m.query(`DELETE FROM outreach_event WHERE id = $1`, [row.eventId]);
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
          await m.query(
            `UPDATE outreach_event SET title = $2, starts_at = $3, ends_at = $4, time_zone = $5, location = $6, online_url = $7,
                    rsvp_deadline = $8, seats_per_country = $9, sequence = sequence + $10::int WHERE id = $1`,
            [
              row.eventId,
              eventInput.title ?? title,
              eventInput.startsAt,
              eventInput.endsAt,
              eventInput.timeZone,
              eventInput.location,
              eventInput.onlineUrl,
              eventInput.rsvpDeadline,
              eventInput.seatsPerCountry,
              invitationUpdate ? 1 : 0,
            ],
          );
        } else {
          if (published)
            throw invalid(
              'invalid_announcement',
              'event',
              'An event cannot be added once published; send a new announcement.',
            );
          await this.insertEvent(m, id, eventInput, title);
        }
      }
      await m.query(
        `UPDATE announcement SET title = $2, body = $3, body_html = $4, audience = COALESCE($5::jsonb, audience),
                requires_acknowledgement = $6, acknowledge_by = $7, remind_days_before = $8, version = version + 1,
                revision = revision + $9::int, edited_at = CASE WHEN $9::int > 0 THEN now() ELSE edited_at END,
                updated_by = $10, updated_at = now()
          WHERE id = $1`,
        [
          id,
          title,
          body,
          body === row.body ? row.bodyHtml : renderMarkdown(body),
          dto.audience ? JSON.stringify(dto.audience) : null,
          requiresAcknowledgement,
          acknowledgeBy,
          dto.remindDaysBefore ?? row.remindDaysBefore,
          published && contentChanged ? 1 : 0,
          caller.userId,
        ],
      );
      // A scheduled announcement must still make sense at its publication time.
      if (row.status === 'scheduled') {
        const after = (await this.row(id, m))!;
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
      const row = await this.row(id, m, true);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.status === 'published') return 'already';
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'A withdrawn announcement cannot be published.');
      if (row.version !== version) throw staleVersion(row);
      this.checkTimes(row, when ?? new Date());
      // Somebody must be in the audience; the fan-out job writes the deliveries after the answer.
      const params: unknown[] = [];
      const where = audienceSql(row.audience, params, COMPOSER_LEVELS);
      const [{ anybody }] = await m.query<{ anybody: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM ${AUDIENCE_FROM} WHERE ${where}) AS anybody`,
        params,
      );
      if (!anybody)
        throw new OutreachError(
          'audience_empty',
          'Nobody matches this audience, so nothing was sent. Change the audience first.',
          [{ field: 'audience', reasons: ['resolves to nobody'] }],
        );
      if (when) {
        await m.query(
          `UPDATE announcement SET status = 'scheduled', publish_at = $2, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1`,
          [id, when, caller.userId],
        );
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
    await m.query(
      `UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id],
    );
    await this.audit.record({ action: 'announcement.published', actorId, targetType: 'announcement', targetId: id }, m);
  }

  /** Takes an announcement back: recipients see it withdrawn; an event is cancelled with a CANCEL to invitees. */
  async withdraw(caller: Caller, id: string, version: number, reason: string): Promise<AnnouncementDto> {
    this.requireSecretariat(caller);
    let cancelEvent = false;
    let wasPublished = false;
    await this.dataSource.transaction(async (m) => {
      const row = await this.row(id, m, true);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.version !== version) throw staleVersion(row);
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'This announcement is already withdrawn.');
      if (row.status === 'draft')
        throw new OutreachError('invalid_state', 'A draft has not been sent; there is nothing to withdraw.');
      wasPublished = row.status === 'published';
      await m.query(
        `UPDATE announcement SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, version = version + 1,
                updated_by = $3, updated_at = now() WHERE id = $1`,
        [id, reason, caller.userId],
      );
      if (row.eventId && wasPublished) {
        await m.query(`UPDATE outreach_event SET cancelled_at = now(), sequence = sequence + 1 WHERE id = $1`, [
          row.eventId,
        ]);
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
      const row = await this.row(id, m, true);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.status !== 'draft')
        throw new OutreachError('invalid_state', 'Only a draft can be deleted; withdraw what was scheduled or sent.');
      if (row.version !== version) throw staleVersion(row, 'Someone changed this draft meanwhile.');
      await m.query(`DELETE FROM announcement WHERE id = $1`, [id]);
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
    const [rows] = await this.dataSource.query<[{ readAt: Date; acknowledgedAt: Date | null }[], number]>(
      `UPDATE announcement_delivery d SET read_at = COALESCE(d.read_at, now()), read_revision = a.revision
         FROM announcement a
        WHERE a.id = d.announcement_id AND d.announcement_id = $1 AND d.user_id = $2 AND a.status IN ('published', 'withdrawn')
        RETURNING d.read_at AS "readAt", d.acknowledged_at AS "acknowledgedAt"`,
      [id, caller.userId],
    );
    const state = rows[0];
    if (!state) throw new OutreachError('announcement_not_found', 'No such announcement.');
    this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    this.publisher.toUser(caller.userId, 'inbox.changed', { announcementId: id });
    return { readAt: iso(state.readAt), acknowledgedAt: iso(state.acknowledgedAt) };
  }

  /** The caller confirms they have taken note (reads it too). */
  async acknowledge(caller: Caller, id: string): Promise<{ readAt: string | null; acknowledgedAt: string | null }> {
    const row = await this.row(id);
    const [mine] = row
      ? await this.dataSource.query(`SELECT 1 FROM announcement_delivery WHERE announcement_id = $1 AND user_id = $2`, [
          id,
          caller.userId,
        ])
      : [];
    if (!row || !mine || row.status === 'draft' || row.status === 'scheduled')
      throw new OutreachError('announcement_not_found', 'No such announcement.');
    if (row.status === 'withdrawn')
      throw new OutreachError('invalid_state', 'This announcement was withdrawn; there is nothing to acknowledge.');
    if (!row.requiresAcknowledgement)
      throw new OutreachError('invalid_state', 'This announcement does not ask for acknowledgement.');
    const [[state]] = await this.dataSource.query<[{ readAt: Date; acknowledgedAt: Date }[], number]>(
      `UPDATE announcement_delivery SET read_at = COALESCE(read_at, now()), read_revision = $3,
              acknowledged_at = COALESCE(acknowledged_at, now())
        WHERE announcement_id = $1 AND user_id = $2 RETURNING read_at AS "readAt", acknowledged_at AS "acknowledgedAt"`,
      [id, caller.userId, row.revision],
    );
    this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    this.publisher.toUser(caller.userId, 'inbox.changed', { announcementId: id });
    return { readAt: iso(state!.readAt), acknowledgedAt: iso(state!.acknowledgedAt) };
  }
}
