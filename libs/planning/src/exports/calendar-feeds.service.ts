import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@liaison/audit';
import { AppConfig } from '@liaison/core';
import type { Planner } from '../access.js';
import { PlanningError } from '../errors.js';
import { ItemsService } from '../items/items.service.js';
import { PlansService } from '../plans/plans.service.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { type CalendarItem, dueDateCalendar } from './plan-exports.js';

export interface FeedView {
  id: string;
  planId: string | null;
  planTitle: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Secret calendar addresses (for calendar apps that cannot sign in). Each request re-checks what
 * the owner may see now: a plan that became hidden from them, or a disabled account, answers 404.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly repo: CalendarFeedsRepository,
    private readonly plans: PlansService,
    private readonly items: ItemsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async list(planner: Planner): Promise<FeedView[]> {
    const rows = await this.repo.list(planner.userId);
    return rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt).toISOString() : null,
    }));
  }

  /** A new address; the token is shown once, in the answer. */
  async create(planner: Planner, planId: string | null): Promise<FeedView & { url: string }> {
    const plan = planId ? await this.plans.get(planner, planId) : null;
    const token = randomBytes(32).toString('base64url');
    const row = await this.repo.insert(planner.userId, planId, hashOf(token));
    await this.audit.record({
      action: 'planning.calendar_feed.created',
      actorId: planner.userId,
      targetType: 'calendar_feed',
      targetId: row.id,
      details: { planId },
    });
    return {
      id: row.id,
      planId,
      planTitle: plan?.title ?? null,
      createdAt: new Date(row.createdAt).toISOString(),
      lastUsedAt: null,
      url: `${this.config.publicUrl}/api/v1/calendar-feeds/${token}.ics`,
    };
  }

  async revoke(planner: Planner, id: string): Promise<void> {
    const deleted = await this.repo.delete(id, planner.userId);
    if (deleted === 0) throw new PlanningError('plan_not_found', 'No such calendar address.');
    await this.audit.record({
      action: 'planning.calendar_feed.revoked',
      actorId: planner.userId,
      targetType: 'calendar_feed',
      targetId: id,
    });
  }

  /** The calendar behind a token, as its owner may see it today; 404 for anything else. */
  async calendar(token: string): Promise<string> {
    const notFound = () => new PlanningError('plan_not_found', 'No such calendar.');
    const feed = await this.repo.use(hashOf(token));
    if (!feed) throw notFound();
    const planner: Planner = {
      userId: feed.userId,
      secretariat: feed.roles.includes('secretariat'),
      orgAdmin: feed.roles.includes('org_admin'),
      organisationId: feed.organisationId,
    };
    let items: CalendarItem[];
    let name: string;
    if (feed.planId) {
      const plan = await this.plans.get(planner, feed.planId).catch(() => {
        throw notFound();
      });
      name = `${plan.title} (TLP:${plan.tlp})`;
      items = (await this.items.list(planner, plan.id)).map((i) => ({
        ...i,
        planTitle: plan.title,
        planTlp: plan.tlp,
      }));
    } else {
      name = 'My action items';
      items = await this.items.mine(planner, false);
    }
    return dueDateCalendar(name, items, this.config.publicUrl);
  }
}
