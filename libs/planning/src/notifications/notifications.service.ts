import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig, JobQueue, MailPort, RealtimePublisher } from '@liaison/core';
import type { Planner } from '../access.js';
import { PlanningError } from '../errors.js';
import { PlansService } from '../plans/plans.service.js';
import { daysBetween, isQuiet, localTime, reminderDue, weekOf } from './local-time.js';
import type { Digest, NotificationKind, NotificationParams } from './notification.entity.js';
import {
  type CandidateRow,
  type NewNoticeRow,
  type NotificationRow,
  NotificationsRepository,
} from './notifications.repository.js';

export const REMINDER_SCAN_JOB = 'planning.reminders.scan';
export const NOTIFICATION_MAIL_JOB = 'planning.notification.mail';
const SCAN_EVERY_MS = 60 * 60 * 1000;
/** Digests go out from this local hour on. */
const DIGEST_HOUR = 8;
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

const toView = (r: NotificationRow): NotificationView => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
  readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
});

/**
 * Due-date reminders, overdue notices and digests about the items people are assigned to, in the
 * app (live) and by e-mail. An hourly scan finds what is owed; each notice is created once (a
 * unique occasion key), so scans may repeat, overlap or follow a restart without sending twice,
 * and an occasion missed while the service was down is still served by the next scan. Quiet
 * hours defer a notice to the first scan after them; muted plans are left out.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly jobs: JobQueue,
    private readonly mail: MailPort,
    private readonly publisher: RealtimePublisher,
    private readonly config: AppConfig,
    private readonly plans: PlansService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(REMINDER_SCAN_JOB, async () => {
      await this.scan();
    });
    this.jobs.handle<{ notificationId: string }>(NOTIFICATION_MAIL_JOB, (job) => this.sendMail(job.notificationId));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(REMINDER_SCAN_JOB, SCAN_EVERY_MS);
  }

  /** One pass at `now`: what it created, by kind. */
  async scan(now = new Date()): Promise<{ dueSoon: number; overdue: number; digests: number; mails: number }> {
    const horizon = new Date(now.getTime() + 61 * 86_400_000).toISOString().slice(0, 10);
    const candidates = await this.repo.candidates(horizon);
    const notices: NewNoticeRow[] = [];
    const digestOf = new Map<
      string,
      { prefs: Preferences; local: ReturnType<typeof localTime>; overdue: CandidateRow[]; soon: CandidateRow[] }
    >();
    for (const c of candidates) {
      const local = localTime(now, c.timeZone);
      if (isQuiet(local.hour, c.quietFrom, c.quietTo)) continue;
      const daysLeft = daysBetween(local.date, c.dueDate);
      const subject = `[TLP:${c.tlp}] ${c.reference} ${c.title}`;
      const link = `/plans/${c.planId}?item=${c.itemId}`;
      const facts = {
        reference: c.reference,
        itemTitle: c.title,
        planTitle: c.planTitle,
        tlp: c.tlp,
        dueDate: c.dueDate,
      };
      if (daysLeft < 0) {
        notices.push({
          userId: c.userId,
          kind: 'overdue',
          dedupeKey: `overdue:${c.itemId}:${c.dueDate}`,
          planId: c.planId,
          itemId: c.itemId,
          title: `Overdue: ${subject}`,
          body: `${c.reference} ${c.title} in "${c.planTitle}" was due on ${c.dueDate}.`,
          link,
          params: facts,
          emailWanted: c.email,
        });
      } else {
        const owed = reminderDue(daysLeft, c.reminderDays);
        if (owed !== null) {
          notices.push({
            userId: c.userId,
            kind: 'due_soon',
            dedupeKey: `due:${c.itemId}:${c.dueDate}:${owed}`,
            planId: c.planId,
            itemId: c.itemId,
            title: `${daysLeft === 0 ? 'Due today' : daysLeft === 1 ? 'Due tomorrow' : `Due in ${daysLeft} days`}: ${subject}`,
            body: `${c.reference} ${c.title} in "${c.planTitle}" is due on ${c.dueDate}.`,
            link,
            params: { ...facts, daysLeft },
            emailWanted: c.email,
          });
        }
      }
      if (c.digest !== 'off' && local.hour >= DIGEST_HOUR && (c.digest === 'daily' || local.weekday === 1)) {
        const d = digestOf.get(c.userId) ?? { prefs: c, local, overdue: [], soon: [] };
        if (daysLeft < 0) d.overdue.push(c);
        else if (daysLeft <= 7) d.soon.push(c);
        digestOf.set(c.userId, d);
      }
    }
    for (const [userId, d] of digestOf) {
      if (d.overdue.length + d.soon.length === 0) continue;
      const period = d.prefs.digest === 'daily' ? d.local.date : `week-${weekOf(d.local.date, d.local.weekday)}`;
      const line = (c: CandidateRow) => `- [TLP:${c.tlp}] ${c.reference} ${c.title} (${c.planTitle}), due ${c.dueDate}`;
      notices.push({
        userId,
        kind: 'digest',
        dedupeKey: `digest:${period}`,
        planId: null,
        itemId: null,
        title: `Your action items: ${d.overdue.length} overdue, ${d.soon.length} due within a week`,
        body: [
          ...(d.overdue.length ? ['Overdue:', ...d.overdue.map(line)] : []),
          ...(d.soon.length ? ['Due within a week:', ...d.soon.map(line)] : []),
        ].join('\n'),
        link: '/my-items',
        params: { overdue: d.overdue.length, soon: d.soon.length },
        emailWanted: d.prefs.email,
      });
    }
    const created = notices.length ? await this.repo.insert(notices) : [];
    for (const n of created) this.publisher.toUser(n.userId, 'notification', toView(n));
    const mails = await this.queueMails();
    const count = (kind: NotificationKind) => created.filter((n) => n.kind === kind).length;
    return { dueSoon: count('due_soon'), overdue: count('overdue'), digests: count('digest'), mails };
  }

  async list(planner: Planner, unreadOnly: boolean): Promise<{ items: NotificationView[]; unread: number }> {
    const [rows, unread] = await Promise.all([
      this.repo.list(planner.userId, unreadOnly),
      this.repo.unreadCount(planner.userId),
    ]);
    return { items: rows.map(toView), unread };
  }

  async markRead(planner: Planner, id: string | null): Promise<number> {
    const changed = await this.repo.markRead(planner.userId, id);
    if (id && changed === 0) {
      if (!(await this.repo.exists(planner.userId, id)))
        throw new PlanningError('item_not_found', 'No such notification.');
    }
    return (await this.list(planner, true)).unread;
  }

  async preferences(planner: Planner): Promise<Preferences> {
    const row = await this.repo.preferences(planner.userId);
    return row ?? DEFAULT_PREFERENCES;
  }

  async setPreferences(planner: Planner, p: Preferences): Promise<Preferences> {
    await this.repo.savePreferences(planner.userId, {
      ...p,
      reminderDays: [...new Set(p.reminderDays)].sort((a, b) => b - a),
    });
    return this.preferences(planner);
  }

  /** Mutes or unmutes a plan the caller can see. */
  async mute(planner: Planner, planId: string, muted: boolean): Promise<void> {
    await this.plans.get(planner, planId);
    if (muted) await this.repo.mute(planner.userId, planId);
    else await this.repo.unmute(planner.userId, planId);
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
