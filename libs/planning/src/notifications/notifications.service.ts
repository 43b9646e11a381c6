import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, JobQueue, MailPort, RealtimePublisher } from '@liaison/core';
import type { Planner } from '../access.js';
import { PlanningError } from '../errors.js';
import { PlansService } from '../plans/plans.service.js';
import type { Tlp } from '../plans/action-plan.entity.js';
import { daysBetween, isQuiet, localTime, reminderDue, weekOf } from './local-time.js';
import type { Digest, NotificationKind, NotificationParams } from './notification.entity.js';

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

interface Candidate extends Preferences {
  itemId: string;
  planId: string;
  reference: string;
  title: string;
  dueDate: string;
  planTitle: string;
  tlp: Tlp;
  userId: string;
}

interface NewNotice {
  userId: string;
  kind: NotificationKind;
  dedupeKey: string;
  planId: string | null;
  itemId: string | null;
  title: string;
  body: string;
  link: string;
  params: NotificationParams;
  emailWanted: boolean;
}

const PREFS = `COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
  np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email`;

const VIEW = `id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt"`;

const toView = (
  r: Omit<NotificationView, 'createdAt' | 'readAt'> & { createdAt: Date; readAt: Date | null },
): NotificationView => ({
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const candidates = await this.dataSource.query<Candidate[]>(
      `SELECT i.id AS "itemId", i.plan_id AS "planId", i.reference, i.title, to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
              p.title AS "planTitle", p.tlp, a.user_id AS "userId", ${PREFS}
         FROM action_item i
         JOIN action_plan p ON p.id = i.plan_id AND p.status = 'active'
         JOIN action_item_assignee a ON a.item_id = i.id
         JOIN user_account u ON u.id = a.user_id AND u.status = 'active'
         LEFT JOIN notification_preference np ON np.user_id = a.user_id
        WHERE i.status NOT IN ('done', 'cancelled') AND i.due_date IS NOT NULL AND i.due_date <= $1
          AND NOT EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = a.user_id AND pm.plan_id = i.plan_id)`,
      [horizon],
    );
    const notices: NewNotice[] = [];
    const digestOf = new Map<
      string,
      { prefs: Preferences; local: ReturnType<typeof localTime>; overdue: Candidate[]; soon: Candidate[] }
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
      const line = (c: Candidate) => `- [TLP:${c.tlp}] ${c.reference} ${c.title} (${c.planTitle}), due ${c.dueDate}`;
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
    const created = notices.length ? await this.insert(notices) : [];
    for (const n of created) this.publisher.toUser(n.userId, 'notification', toView(n));
    const mails = await this.queueMails();
    const count = (kind: NotificationKind) => created.filter((n) => n.kind === kind).length;
    return { dueSoon: count('due_soon'), overdue: count('overdue'), digests: count('digest'), mails };
  }

  async list(planner: Planner, unreadOnly: boolean): Promise<{ items: NotificationView[]; unread: number }> {
    const [rows, [{ unread }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${VIEW} FROM notification WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
          ORDER BY created_at DESC, id LIMIT 100`,
        [planner.userId],
      ),
      this.dataSource.query<{ unread: number }[]>(
        `SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`,
        [planner.userId],
      ),
    ]);
    return { items: rows.map(toView), unread };
  }

  async markRead(planner: Planner, id: string | null): Promise<number> {
    const params: unknown[] = [planner.userId];
    if (id) params.push(id);
    const [, changed] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${id ? 'AND id = $2' : ''}`,
      params,
    );
    if (id && changed === 0) {
      const [exists] = await this.dataSource.query(`SELECT 1 FROM notification WHERE user_id = $1 AND id = $2`, params);
      if (!exists) throw new PlanningError('item_not_found', 'No such notification.');
    }
    return (await this.list(planner, true)).unread;
  }

  async preferences(planner: Planner): Promise<Preferences> {
    const [row] = await this.dataSource.query<Preferences[]>(
      `SELECT ${PREFS} FROM (SELECT $1::uuid AS user_id) me LEFT JOIN notification_preference np ON np.user_id = me.user_id`,
      [planner.userId],
    );
    return row ?? DEFAULT_PREFERENCES;
  }

  async setPreferences(planner: Planner, p: Preferences): Promise<Preferences> {
    await this.dataSource.query(
      `INSERT INTO notification_preference (user_id, reminder_days, digest, quiet_from, quiet_to, time_zone, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET reminder_days = EXCLUDED.reminder_days, digest = EXCLUDED.digest,
         quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, time_zone = EXCLUDED.time_zone,
         email = EXCLUDED.email, updated_at = now()`,
      [
        planner.userId,
        [...new Set(p.reminderDays)].sort((a, b) => b - a),
        p.digest,
        p.quietFrom,
        p.quietTo,
        p.timeZone,
        p.email,
      ],
    );
    return this.preferences(planner);
  }

  /** Mutes or unmutes a plan the caller can see. */
  async mute(planner: Planner, planId: string, muted: boolean): Promise<void> {
    await this.plans.get(planner, planId);
    await this.dataSource.query(
      muted
        ? `INSERT INTO plan_mute (user_id, plan_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
        : `DELETE FROM plan_mute WHERE user_id = $1 AND plan_id = $2`,
      [planner.userId, planId],
    );
  }

  private async insert(notices: NewNotice[]) {
    return this.dataSource.query<(NotificationView & { userId: string; createdAt: Date; readAt: Date | null })[]>(
      `INSERT INTO notification (user_id, kind, dedupe_key, plan_id, item_id, title, body, link, params, email_wanted)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(user_id uuid, kind text, dedupe_key text, plan_id uuid, item_id uuid,
                                                         title text, body text, link text, params jsonb, email_wanted boolean)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING user_id AS "userId", ${VIEW}`,
      [
        JSON.stringify(
          notices.map((n) => ({
            user_id: n.userId,
            kind: n.kind,
            dedupe_key: n.dedupeKey,
            plan_id: n.planId,
            item_id: n.itemId,
            title: n.title,
            body: n.body,
            link: n.link,
            params: n.params,
            email_wanted: n.emailWanted,
          })),
        ),
      ],
    );
  }

  /** Every e-mail owed and not sent (new ones, and any a crash or an SMTP failure left behind). */
  private async queueMails(): Promise<number> {
    const owed = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notification WHERE email_wanted AND emailed_at IS NULL AND created_at > now() - make_interval(days => $1)`,
      [MAIL_HEAL_DAYS],
    );
    for (const { id } of owed)
      await this.jobs.enqueue(NOTIFICATION_MAIL_JOB, { notificationId: id }, { jobId: `notification-mail:${id}` });
    return owed.length;
  }

  private async sendMail(notificationId: string): Promise<void> {
    const [n] = await this.dataSource.query<
      { email: string; displayName: string; title: string; body: string; link: string }[]
    >(
      `SELECT u.email, u.display_name AS "displayName", n.title, n.body, n.link
         FROM notification n JOIN user_account u ON u.id = n.user_id AND u.status = 'active'
        WHERE n.id = $1 AND n.emailed_at IS NULL AND n.email_wanted`,
      [notificationId],
    );
    if (!n) return;
    await this.mail.send({
      to: n.email,
      subject: n.title,
      text: `Dear ${n.displayName},\n\n${n.body}\n\nOpen it in Liaison: ${this.config.publicUrl}${n.link}\n\nYou can change when you hear from Liaison, or mute a plan, in your notification settings: ${this.config.publicUrl}/settings/notifications\n`,
    });
    await this.dataSource.query(`UPDATE notification SET emailed_at = now() WHERE id = $1`, [notificationId]);
  }
}
