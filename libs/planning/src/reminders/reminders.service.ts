import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '@liaison/core';
import {
  daysBetween,
  isQuiet,
  localTime,
  type NewNotice,
  type NotificationKind,
  NoticesService,
  type Preferences,
  reminderDue,
  weekOf,
} from '@liaison/notices';
import type { Planner } from '../access.js';
import { PlansService } from '../plans/plans.service.js';
import { type CandidateRow, RemindersRepository } from './reminders.repository.js';

export const REMINDER_SCAN_JOB = 'planning.reminders.scan';
const SCAN_EVERY_MS = 60 * 60 * 1000;
/** Digests go out from this local hour on. */
const DIGEST_HOUR = 8;

/**
 * Due-date reminders, overdue notices and digests about the items people are assigned to, posted
 * as notices (the notices context delivers them, in the app and by e-mail). An hourly scan finds
 * what is owed; each notice is created once (a unique occasion key), so scans may repeat, overlap
 * or follow a restart without sending twice, and an occasion missed while the service was down is
 * still served by the next scan. Quiet hours defer a notice to the first scan after them; muted
 * plans are left out.
 */
@Injectable()
export class RemindersService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly repo: RemindersRepository,
    private readonly notices: NoticesService,
    private readonly jobs: JobQueue,
    private readonly plans: PlansService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(REMINDER_SCAN_JOB, async () => {
      await this.scan();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(REMINDER_SCAN_JOB, SCAN_EVERY_MS);
  }

  /** One pass at `now`: what it created, by kind. */
  async scan(now = new Date()): Promise<{ dueSoon: number; overdue: number; digests: number; mails: number }> {
    const horizon = new Date(now.getTime() + 61 * 86_400_000).toISOString().slice(0, 10);
    const candidates = await this.repo.candidates(horizon);
    const preferences = await this.notices.preferencesOf(candidates.map((c) => c.userId));
    const notices: NewNotice[] = [];
    const digestOf = new Map<
      string,
      { prefs: Preferences; local: ReturnType<typeof localTime>; overdue: CandidateRow[]; soon: CandidateRow[] }
    >();
    for (const c of candidates) {
      const prefs = preferences.get(c.userId)!;
      const local = localTime(now, prefs.timeZone);
      if (isQuiet(local.hour, prefs.quietFrom, prefs.quietTo)) continue;
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
          emailWanted: prefs.email,
        });
      } else {
        const owed = reminderDue(daysLeft, prefs.reminderDays);
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
            emailWanted: prefs.email,
          });
        }
      }
      if (prefs.digest !== 'off' && local.hour >= DIGEST_HOUR && (prefs.digest === 'daily' || local.weekday === 1)) {
        const d = digestOf.get(c.userId) ?? { prefs, local, overdue: [], soon: [] };
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
    const { created, mails } = await this.notices.post(notices);
    const count = (kind: NotificationKind) => created.filter((n) => n.kind === kind).length;
    return { dueSoon: count('due_soon'), overdue: count('overdue'), digests: count('digest'), mails };
  }

  /** Mutes or unmutes a plan the caller can see. */
  async mute(planner: Planner, planId: string, muted: boolean): Promise<void> {
    await this.plans.get(planner, planId);
    if (muted) await this.repo.mute(planner.userId, planId);
    else await this.repo.unmute(planner.userId, planId);
  }
}
