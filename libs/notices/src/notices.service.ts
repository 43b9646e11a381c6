import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, JobQueue, MailPort, RealtimePublisher } from '@liaison/core';
import { NoticesError } from './errors.js';
import type { Digest, NotificationKind, NotificationParams } from './notification.entity.js';
import { type NewNoticeRow, type NotificationRow, NoticesRepository } from './notices.repository.js';

/** The job name predates this context (notices were planning's): persisted jobs keep it. */
export const NOTIFICATION_MAIL_JOB = 'planning.notification.mail';
/** An e-mail not sent within this time (the process died, SMTP was down for long) is given up. */
const MAIL_HEAL_DAYS = 2;

export interface Preferences {
  reminderDays: number[];
  digest: Digest;
  quietFrom: number | null;
  quietTo: number | null;
  timeZone: string;
  email: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  reminderDays: [7, 1],
  digest: 'weekly',
  quietFrom: null,
  quietTo: null,
  timeZone: 'UTC',
  email: true,
};

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  planId: string | null;
  itemId: string | null;
  title: string;
  body: string;
  link: string;
  params: NotificationParams;
  createdAt: string;
  readAt: string | null;
}

/**
 * A notice another context posts to one person. `dedupeKey` names the occasion: a notice is
 * created once per person and key, however often it is posted.
 */
export type NewNotice = NewNoticeRow;

const toView = (r: NotificationRow): NotificationView => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
  readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
});

/**
 * Each person's notices, in the app (live) and by e-mail if they want, and their settings (when
 * to hear, quiet hours in their time zone, digests). Other contexts post notices; each is created
 * once (a unique occasion key), so posting may repeat, overlap or follow a restart without
 * sending twice. An e-mail a crash or an SMTP failure left behind is sent at the next post.
 */
@Injectable()
export class NoticesService implements OnModuleInit {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly jobs: JobQueue,
    private readonly mail: MailPort,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle<{ notificationId: string }>(NOTIFICATION_MAIL_JOB, (job) => this.sendMail(job.notificationId));
  }

  /**
   * Creates the notices not created before, tells their people live, and queues every e-mail
   * owed and not sent; what it created, and how many e-mails it queued.
   */
  async post(notices: NewNotice[]): Promise<{ created: (NotificationView & { userId: string })[]; mails: number }> {
    const rows = notices.length ? await this.repo.insert(notices) : [];
    const created = rows.map((n) => ({ ...toView(n), userId: n.userId }));
    for (const n of rows) this.publisher.toUser(n.userId, 'notification', toView(n));
    const mails = await this.queueMails();
    return { created, mails };
  }

  async list(userId: string, unreadOnly: boolean): Promise<{ items: NotificationView[]; unread: number }> {
    const [rows, unread] = await Promise.all([this.repo.list(userId, unreadOnly), this.repo.unreadCount(userId)]);
    return { items: rows.map(toView), unread };
  }

  async markRead(userId: string, id: string | null): Promise<number> {
    const changed = await this.repo.markRead(userId, id);
    if (id && changed === 0) {
      if (!(await this.repo.exists(userId, id))) throw new NoticesError('item_not_found', 'No such notification.');
    }
    return (await this.list(userId, true)).unread;
  }

  async preferences(userId: string): Promise<Preferences> {
    const row = await this.repo.preferences(userId);
    return row ?? DEFAULT_PREFERENCES;
  }

  /** The settings of these people (defaults for those without), by user id. */
  async preferencesOf(userIds: string[]): Promise<Map<string, Preferences>> {
    const unique = [...new Set(userIds)];
    const rows = unique.length ? await this.repo.preferencesOf(unique) : [];
    return new Map(rows.map(({ userId, ...p }) => [userId, p]));
  }

  async setPreferences(userId: string, p: Preferences): Promise<Preferences> {
    await this.repo.savePreferences(userId, {
      ...p,
      reminderDays: [...new Set(p.reminderDays)].sort((a, b) => b - a),
    });
    return this.preferences(userId);
  }

  /** Every e-mail owed and not sent (new ones, and any a crash or an SMTP failure left behind). */
  private async queueMails(): Promise<number> {
    const owed = await this.repo.owedMails(MAIL_HEAL_DAYS);
    for (const id of owed)
      await this.jobs.enqueue(NOTIFICATION_MAIL_JOB, { notificationId: id }, { jobId: `notification-mail:${id}` });
    return owed.length;
  }

  private async sendMail(notificationId: string): Promise<void> {
    const n = await this.repo.mail(notificationId);
    if (!n) return;
    await this.mail.send({
      to: n.email,
      subject: n.title,
      text: `Dear ${n.displayName},\n\n${n.body}\n\nOpen it in Liaison: ${this.config.publicUrl}${n.link}\n\nYou can change when you hear from Liaison, or mute a plan, in your notification settings: ${this.config.publicUrl}/settings/notifications\n`,
    });
    await this.repo.markEmailed(notificationId);
  }
}
