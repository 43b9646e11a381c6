import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '@liaison/audit';
import { AppConfig, JobQueue, LOGGER, MailPort, RealtimePublisher, userRoom } from '@liaison/core';
import { announcementRoom } from '../access.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { type MailContext, mailFor } from './mail-content.js';
import { type ClaimedMail, OutreachDeliveryRepository } from './outreach-delivery.repository.js';

export const FANOUT_JOB = 'outreach.fanout';
export const MAIL_JOB = 'outreach.mail';
export const SCAN_JOB = 'outreach.scan';
/** E-mails per mail job. */
export const MAIL_BATCH = 100;
/** Sent e-mails recorded per statement. */
const SENT_FLUSH = 20;
/** Tries per e-mail before it is marked failed. */
export const MAIL_ATTEMPTS = 5;
const SCAN_EVERY_MS = 60_000;
/** How long after a reminder on demand its recipients are left out of the next one. */
const ON_DEMAND_QUIET_SECONDS = 60;
/** E-mails older than this are not retried by the scan. */
const HEAL_DAYS = 7;

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
    private readonly repo: OutreachDeliveryRepository,
    private readonly audiences: AudienceRepository,
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
    const a = await this.repo.fanOutState(announcementId);
    if (!a || a.status !== 'published') return 0;
    // Already there for a scheduled publication (written with it), or after a crash: nobody twice.
    await this.audiences.writeDeliveries(announcementId, a.audience);
    await this.repo.oweAnnouncementMails(announcementId);
    const count = await this.repo.markFannedOut(announcementId);
    // The first run tells the recipients; a run after a crash may tell some of them again.
    if (!a.fannedOutAt) {
      await this.audit.record({
        action: 'announcement.delivered',
        actorId: null,
        targetType: 'announcement',
        targetId: announcementId,
        details: { recipients: count },
      });
      const recipients = await this.repo.recipientIds(announcementId);
      this.publisher.toRooms(
        recipients.map((r) => userRoom(r.userId)),
        'announcement.new',
        { announcementId, title: a.title },
      );
    }
    this.publisher.toRoom(announcementRoom(announcementId), 'announcement.activity', { announcementId });
    await this.queueMails(announcementId);
    return count;
  }

  /** Tells every recipient's open sessions that an announcement changed (edited or withdrawn). */
  recipientsChanged(announcementId: string, revision: number): void {
    void this.repo
      .recipientIds(announcementId)
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
    await this.repo.oweInvitationUpdates(announcementId);
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
    const reminded = await this.repo.oweReminders(announcementId, occasion, quietSeconds);
    if (reminded.length) {
      await this.repo.markReminded(
        announcementId,
        reminded.map((r) => r.userId),
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
    const due = await this.repo.transaction(async (m) => {
      const rows = await this.repo.publishDue(m, now);
      for (const { id } of rows) {
        const audience = await this.repo.audienceOf(m, id);
        const recipients = await this.audiences.writeDeliveries(id, audience, m);
        await this.repo.setRecipientCount(m, id, recipients);
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
    const unfinished = await this.repo.unfinishedFanOuts();
    for (const { id } of unfinished) await this.fanOut(id);
    const owed = await this.repo.dueForReminder(now);
    let reminded = 0;
    for (const { id } of owed) reminded += await this.remind(id, 0);
    const pending = await this.repo.announcementsOwingMail(HEAL_DAYS);
    let mails = 0;
    for (const { announcementId } of pending) mails += await this.queueMails(announcementId);
    return { published: due.length, reminded, mails };
  }

  /** Queues every e-mail of an announcement that is owed, in batches. */
  private async queueMails(announcementId: string): Promise<number> {
    const owed = await this.repo.owedMails(announcementId);
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
    const claimed = await this.repo.claim(mailIds);
    if (!claimed.length) return;
    const contexts = await this.contexts(claimed);
    let retry = 0;
    const touched = new Set<string>();
    // Sent e-mails are recorded in small groups: a crash can resend at most the last SENT_FLUSH of them.
    const sent: string[] = [];
    const flush = async () => {
      if (!sent.length) return;
      const ids = sent.splice(0);
      await this.repo.markSent(ids);
    };
    await Promise.all(
      claimed.map(async (mail) => {
        touched.add(mail.announcementId);
        const context = contexts.get(mail.id);
        if (!context) {
          await this.repo.settle(mail.id, 'failed', 'the recipient account is no longer active');
          return;
        }
        try {
          await this.mail.send(mailFor(context));
          sent.push(mail.id);
          if (sent.length >= SENT_FLUSH) await flush();
        } catch (err) {
          const reason = (err as Error).message?.slice(0, 500) ?? String(err);
          if (permanent(err)) await this.repo.settle(mail.id, 'bounced', reason);
          else if (mail.attempts >= MAIL_ATTEMPTS) await this.repo.settle(mail.id, 'failed', reason);
          else {
            retry++;
            await this.repo.settle(mail.id, 'pending', reason);
          }
        }
      }),
    );
    await flush();
    for (const id of touched)
      this.publisher.toRoom(announcementRoom(id), 'announcement.activity', { announcementId: id });
    if (retry) throw new Error(`${retry} of ${claimed.length} e-mails could not be sent yet; retrying`);
  }

  private async contexts(claimed: ClaimedMail[]): Promise<Map<string, MailContext>> {
    const rows = await this.repo.mailContexts(claimed.map((c) => c.id));
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
