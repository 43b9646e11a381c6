import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, JobQueue, LOGGER, MailPort, RealtimePublisher, userRoom } from '@liaison/core';
import { COMPOSER_LEVELS, announcementRoom } from '../access.js';
import { AUDIENCE_FROM, type Audience, audienceSql } from '../audience/audience.js';
import type { MailKind, RsvpResponse } from '../announcements/announcement.entity.js';
import { type MailContext, mailFor } from './mail-content.js';

export const FANOUT_JOB = 'outreach.fanout';
export const MAIL_JOB = 'outreach.mail';
export const SCAN_JOB = 'outreach.scan';
/** E-mails per mail job. */
export const MAIL_BATCH = 100;
/** Sent e-mails recorded per statement. */
const SENT_FLUSH = 20;
/** Tries per e-mail before it is marked failed. */
export const MAIL_ATTEMPTS = 5;
/** A claimed e-mail not settled within this time (its process died) is owed again. */
const CLAIM_TIMEOUT = '10 minutes';
const SCAN_EVERY_MS = 60_000;
/** How long after a reminder on demand its recipients are left out of the next one. */
const ON_DEMAND_QUIET_SECONDS = 60;
/** E-mails older than this are not retried by the scan. */
const HEAL_DAYS = 7;

interface ClaimedMail {
  id: string;
  announcementId: string;
  userId: string;
  kind: MailKind;
  attempts: number;
}

/**
 * Resolves the audience and writes a delivery for each person in it, in one statement; answers
 * how many deliveries the announcement has. Writing again adds nobody twice.
 */
export async function writeDeliveries(
  m: EntityManager | DataSource,
  announcementId: string,
  audience: Audience,
): Promise<number> {
  const params: unknown[] = [announcementId];
  const where = audienceSql(audience, params, COMPOSER_LEVELS);
  await m.query(
    `INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind)
     SELECT $1, u.id, o.country_code, o.kind FROM ${AUDIENCE_FROM} WHERE ${where}
     ON CONFLICT DO NOTHING`,
    params,
  );
  const [{ count }] = await m.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM announcement_delivery WHERE announcement_id = $1`,
    [announcementId],
  );
  return count;
}

/** The recipient's SMTP server refused for good (5xx): no retry. */
const permanent = (err: unknown): boolean => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * Everything outreach does after a request has answered: the fan-out (one statement resolves the
 * audience and writes the deliveries), live notices, e-mails in batches with retries, scheduled
 * publication and reminders. The state lives in PostgreSQL (deliveries, one `outreach_mail` row
 * per e-mail owed, with its status), so a crash or restart loses nothing: a scan every minute
 * re-queues what is owed, and claiming a row before sending keeps two workers from sending it twice.
 */
@Injectable()
export class OutreachJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly mail: MailPort,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.handle<{ announcementId: string }>(FANOUT_JOB, (job) =>
      this.runFanOut(job.announcementId).then(() => undefined),
    );
    this.jobs.handle<{ mailIds: string[] }>(MAIL_JOB, (job) => this.sendBatch(job.mailIds));
    this.jobs.handle(SCAN_JOB, () => this.scan().then(() => undefined));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(SCAN_JOB, SCAN_EVERY_MS);
  }

  /** Queues the fan-out of a just-published announcement. */
  async fanOut(announcementId: string): Promise<void> {
    await this.jobs.enqueue(FANOUT_JOB, { announcementId }, { jobId: `outreach-fanout.${announcementId}` });
  }

  /** Queues a scheduled publication for its time (the minute scan catches it too, after a restart). */
  async scheduled(announcementId: string, at: Date): Promise<void> {
    await this.jobs.enqueue(
      SCAN_JOB,
      {},
      { delayMs: Math.max(0, at.getTime() - Date.now()) + 50, jobId: `outreach-at.${announcementId}.${at.getTime()}` },
    );
  }

  /**
   * Writes a delivery for every person in the audience and an e-mail owed to each, then tells
   * them. Running it again adds nobody twice (primary keys), so a fan-out cut short is simply run
   * again. Answers how many deliveries exist.
   */
  async runFanOut(announcementId: string): Promise<number> {
    const [a] = await this.dataSource.query<
      { audience: Audience; status: string; title: string; fannedOutAt: Date | null }[]
    >(`SELECT audience, status, title, fanned_out_at AS "fannedOutAt" FROM announcement WHERE id = $1`, [
      announcementId,
    ]);
    if (!a || a.status !== 'published') return 0;
    // Already there for a scheduled publication (written with it), or after a crash: nobody twice.
    await writeDeliveries(this.dataSource, announcementId, a.audience);
    await this.dataSource.query(
      `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT announcement_id, user_id, 'announcement', 1 FROM announcement_delivery WHERE announcement_id = $1
       ON CONFLICT DO NOTHING`,
      [announcementId],
    );
    const [[done]] = await this.dataSource.query<[{ count: number }[], number]>(
      `UPDATE announcement SET recipient_count = (SELECT count(*)::int FROM announcement_delivery WHERE announcement_id = $1),
              fanned_out_at = COALESCE(fanned_out_at, now())
        WHERE id = $1 RETURNING recipient_count AS count`,
      [announcementId],
    );
    // The first run tells the recipients; a run after a crash may tell some of them again.
    if (!a.fannedOutAt) {
      await this.audit.record({
        action: 'announcement.delivered',
        actorId: null,
        targetType: 'announcement',
        targetId: announcementId,
        details: { recipients: done!.count },
      });
      const recipients = await this.dataSource.query<{ userId: string }[]>(
        `SELECT user_id AS "userId" FROM announcement_delivery WHERE announcement_id = $1`,
        [announcementId],
      );
      this.publisher.toRooms(
        recipients.map((r) => userRoom(r.userId)),
        'announcement.new',
        { announcementId, title: a.title },
      );
    }
    this.publisher.toRoom(announcementRoom(announcementId), 'announcement.activity', { announcementId });
    await this.queueMails(announcementId);
    return done!.count;
  }

  /** Tells every recipient's open sessions that an announcement changed (edited or withdrawn). */
  recipientsChanged(announcementId: string, revision: number): void {
    void this.dataSource
      .query<{ userId: string }[]>(`SELECT user_id AS "userId" FROM announcement_delivery WHERE announcement_id = $1`, [
        announcementId,
      ])
      .then((rows) =>
        this.publisher.toRooms(
          rows.map((r) => userRoom(r.userId)),
          'announcement.updated',
          { announcementId, revision },
        ),
      )
      .catch((err: unknown) => this.logger.error({ err, announcementId }, 'could not tell recipients of a change'));
  }

  /** An event moved or was cancelled: everyone who has not declined gets the new iTIP message. */
  async invitationUpdate(announcementId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT d.announcement_id, d.user_id, CASE WHEN e.cancelled_at IS NULL THEN 'update' ELSE 'cancel' END, e.sequence
         FROM announcement_delivery d JOIN outreach_event e ON e.announcement_id = d.announcement_id
         LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
        WHERE d.announcement_id = $1 AND (r.response IS NULL OR r.response <> 'declined')
       ON CONFLICT DO NOTHING`,
      [announcementId],
    );
    await this.queueMails(announcementId);
  }

  /**
   * A reminder on demand (`occasion`: the minute it was asked in), leaving out whoever was
   * reminded on demand in the last minute: a double click reminds once, however the minutes fall.
   */
  remindNow(announcementId: string, occasion: number): Promise<number> {
    return this.remind(announcementId, occasion, ON_DEMAND_QUIET_SECONDS);
  }

  /**
   * Reminds the recipients who have not acknowledged (when asked to) or not answered an
   * invitation. `occasion` keeps each reminder round once per person; with `quietSeconds`, nobody
   * reminded on demand (occasion > 0) within that many seconds is reminded again.
   */
  async remind(announcementId: string, occasion: number, quietSeconds: number | null = null): Promise<number> {
    const reminded = await this.dataSource.query<{ userId: string }[]>(
      `WITH silent AS (
         SELECT d.announcement_id, d.user_id FROM announcement_delivery d
           JOIN announcement a ON a.id = d.announcement_id AND a.status = 'published'
           LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
          WHERE d.announcement_id = $1
            AND ((a.requires_acknowledgement AND d.acknowledged_at IS NULL)
              OR (e.id IS NOT NULL AND (e.rsvp_deadline IS NULL OR e.rsvp_deadline > now())
                  AND NOT EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = e.id AND r.user_id = d.user_id)))
            AND ($3::int IS NULL OR NOT EXISTS (
                  SELECT 1 FROM outreach_mail m
                   WHERE m.announcement_id = d.announcement_id AND m.user_id = d.user_id AND m.kind = 'reminder'
                     AND m.occasion > 0 AND m.created_at > now() - make_interval(secs => $3::int))))
       INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT announcement_id, user_id, 'reminder', $2 FROM silent
       ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`,
      [announcementId, occasion, quietSeconds],
    );
    if (reminded.length) {
      await this.dataSource.query(
        `UPDATE announcement_delivery SET reminded_at = now() WHERE announcement_id = $1 AND user_id = ANY($2::uuid[])`,
        [announcementId, reminded.map((r) => r.userId)],
      );
      this.publisher.toRooms(
        reminded.map((r) => userRoom(r.userId)),
        'announcement.reminder',
        { announcementId },
      );
      this.publisher.toRoom(announcementRoom(announcementId), 'announcement.activity', { announcementId });
      await this.queueMails(announcementId);
    }
    return reminded.length;
  }

  /**
   * One pass: publishes what is due, finishes fan-outs cut short, sends the automatic reminders
   * (`remindDaysBefore` days before the acknowledgement or answer deadline) and re-queues owed e-mails.
   */
  async scan(now = new Date()): Promise<{ published: number; reminded: number; mails: number }> {
    const due = await this.dataSource.transaction(async (m) => {
      const [rows] = await m.query<[{ id: string }[], number]>(
        `UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
          WHERE status = 'scheduled' AND publish_at <= $1 RETURNING id`,
        [now],
      );
      for (const { id } of rows) {
        const [{ audience }] = await m.query<{ audience: Audience }[]>(
          `SELECT audience FROM announcement WHERE id = $1`,
          [id],
        );
        const recipients = await writeDeliveries(m, id, audience);
        await m.query(`UPDATE announcement SET recipient_count = $2 WHERE id = $1`, [id, recipients]);
        await this.audit.record(
          {
            action: 'announcement.published',
            actorId: null,
            targetType: 'announcement',
            targetId: id,
            details: { scheduled: true, audience: recipients },
          },
          m,
        );
      }
      return rows;
    });
    const unfinished = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM announcement WHERE status = 'published' AND fanned_out_at IS NULL`,
    );
    for (const { id } of unfinished) await this.fanOut(id);
    const owed = await this.dataSource.query<{ id: string }[]>(
      `SELECT a.id FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
        WHERE a.status = 'published' AND a.fanned_out_at IS NOT NULL
          AND ((a.requires_acknowledgement AND a.acknowledge_by IS NOT NULL
                AND $1 >= a.acknowledge_by - make_interval(days => a.remind_days_before) AND $1 < a.acknowledge_by)
            OR (e.rsvp_deadline IS NOT NULL
                AND $1 >= e.rsvp_deadline - make_interval(days => a.remind_days_before) AND $1 < e.rsvp_deadline))`,
      [now],
    );
    let reminded = 0;
    for (const { id } of owed) reminded += await this.remind(id, 0);
    const pending = await this.dataSource.query<{ announcementId: string }[]>(
      `SELECT DISTINCT announcement_id AS "announcementId" FROM outreach_mail
        WHERE (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
          AND created_at > now() - make_interval(days => $1)`,
      [HEAL_DAYS],
    );
    let mails = 0;
    for (const { announcementId } of pending) mails += await this.queueMails(announcementId);
    return { published: due.length, reminded, mails };
  }

  /** Queues every e-mail of an announcement that is owed, in batches. */
  private async queueMails(announcementId: string): Promise<number> {
    const owed = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outreach_mail WHERE announcement_id = $1
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
        ORDER BY id`,
      [announcementId],
    );
    for (let i = 0; i < owed.length; i += MAIL_BATCH) {
      const mailIds = owed.slice(i, i + MAIL_BATCH).map((r) => r.id);
      await this.jobs.enqueue(
        MAIL_JOB,
        { mailIds },
        { jobId: `outreach-mail.${mailIds[0]}.${mailIds.length}`, attempts: MAIL_ATTEMPTS },
      );
    }
    return owed.length;
  }

  /**
   * Sends a batch: claims the rows still owed (another worker's claim is respected), sends each,
   * and records each outcome as it comes. A temporary failure leaves the row owed and fails the
   * job, so the queue retries it with back-off; after MAIL_ATTEMPTS it is marked failed.
   */
  async sendBatch(mailIds: string[]): Promise<void> {
    const [claimed] = await this.dataSource.query<[ClaimedMail[], number]>(
      `UPDATE outreach_mail SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id = ANY($1::uuid[])
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
        RETURNING id, announcement_id AS "announcementId", user_id AS "userId", kind, attempts`,
      [mailIds],
    );
    if (!claimed.length) return;
    const contexts = await this.contexts(claimed);
    let retry = 0;
    const touched = new Set<string>();
    // Sent e-mails are recorded in small groups: a crash can resend at most the last SENT_FLUSH of them.
    const sent: string[] = [];
    const flush = async () => {
      if (!sent.length) return;
      const ids = sent.splice(0);
      await this.dataSource.query(
        `UPDATE outreach_mail SET status = 'sent', error = NULL, sent_at = now(), claimed_at = NULL WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    };
    await Promise.all(
      claimed.map(async (mail) => {
        touched.add(mail.announcementId);
        const context = contexts.get(mail.id);
        if (!context) {
          await this.settle(mail.id, 'failed', 'the recipient account is no longer active');
          return;
        }
        try {
          await this.mail.send(mailFor(context));
          sent.push(mail.id);
          if (sent.length >= SENT_FLUSH) await flush();
        } catch (err) {
          const reason = (err as Error).message?.slice(0, 500) ?? String(err);
          if (permanent(err)) await this.settle(mail.id, 'bounced', reason);
          else if (mail.attempts >= MAIL_ATTEMPTS) await this.settle(mail.id, 'failed', reason);
          else {
            retry++;
            await this.settle(mail.id, 'pending', reason);
          }
        }
      }),
    );
    await flush();
    for (const id of touched)
      this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    if (retry) throw new Error(`${retry} of ${claimed.length} e-mails could not be sent yet; retrying`);
  }

  private async settle(
    id: string,
    status: 'sent' | 'bounced' | 'failed' | 'pending',
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE outreach_mail SET status = $2, error = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
              claimed_at = NULL WHERE id = $1`,
      [id, status, error],
    );
  }

  private async contexts(claimed: ClaimedMail[]): Promise<Map<string, MailContext>> {
    const rows = await this.dataSource.query<
      (Omit<MailContext, 'to' | 'announcement' | 'event' | 'publicUrl' | 'mailFrom'> & {
        mailId: string;
        email: string;
        displayName: string;
        announcementId: string;
        title: string;
        body: string;
        bodyHtml: string;
        requiresAcknowledgement: boolean;
        acknowledgeBy: Date | null;
        withdrawnReason: string | null;
        eventId: string | null;
        eventTitle: string;
        startsAt: Date;
        endsAt: Date;
        timeZone: string;
        location: string | null;
        onlineUrl: string | null;
        rsvpDeadline: Date | null;
        sequence: number;
        cancelledAt: Date | null;
        response: RsvpResponse | null;
      })[]
    >(
      `SELECT m.id AS "mailId", m.kind, u.email, u.display_name AS "displayName", a.id AS "announcementId", a.title, a.body,
              a.body_html AS "bodyHtml", a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
              a.withdrawn_reason AS "withdrawnReason", e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt",
              e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl",
              e.rsvp_deadline AS "rsvpDeadline", e.sequence, e.cancelled_at AS "cancelledAt", r.response,
              d.acknowledged_at IS NOT NULL AS acknowledged
         FROM outreach_mail m
         JOIN user_account u ON u.id = m.user_id AND u.status = 'active'
         JOIN announcement a ON a.id = m.announcement_id
         JOIN announcement_delivery d ON d.announcement_id = m.announcement_id AND d.user_id = m.user_id
         LEFT JOIN outreach_event e ON e.announcement_id = a.id
         LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = m.user_id
        WHERE m.id = ANY($1::uuid[])`,
      [claimed.map((c) => c.id)],
    );
    return new Map(
      rows.map((r) => [
        r.mailId,
        {
          kind: r.kind,
          to: { email: r.email, displayName: r.displayName },
          announcement: {
            id: r.announcementId,
            title: r.title,
            body: r.body,
            bodyHtml: r.bodyHtml,
            requiresAcknowledgement: r.requiresAcknowledgement,
            acknowledgeBy: r.acknowledgeBy,
            withdrawnReason: r.withdrawnReason,
          },
          event: r.eventId
            ? {
                id: r.eventId,
                title: r.eventTitle,
                startsAt: r.startsAt,
                endsAt: r.endsAt,
                timeZone: r.timeZone,
                location: r.location,
                onlineUrl: r.onlineUrl,
                rsvpDeadline: r.rsvpDeadline,
                sequence: r.sequence,
                cancelled: r.cancelledAt !== null,
              }
            : null,
          response: r.response,
          acknowledged: r.acknowledged,
          publicUrl: this.config.publicUrl,
          mailFrom: this.config.mailFrom,
        },
      ]),
    );
  }
}
