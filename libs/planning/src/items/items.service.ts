import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Planner } from '../access.js';
import { PlanningError } from '../errors.js';
import type { CachedView } from '../plans/plan-cache.js';
import { PlanViewsRepository } from '../plans/plan-views.repository.js';
import { PlansService } from '../plans/plans.service.js';
import type { Tlp } from '../plans/action-plan.entity.js';
import type { ItemStatus } from './action-item.entity.js';
import { type BoardItem, byReference } from './item-view.js';
import { ItemViewsRepository } from './item-views.repository.js';
import { ItemsRepository } from './items.repository.js';

export type MyItemView = BoardItem & { planTitle: string; planTlp: Tlp; groupName: string };

/** Reading action items: a plan's items and board, one item with its plan, and the caller's items across plans. */
@Injectable()
export class ItemsService {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly views: ItemViewsRepository,
    private readonly plans: PlansService,
    private readonly planViews: PlanViewsRepository,
  ) {}

  async list(planner: Planner, planId: string, filter: { status?: ItemStatus[]; assignee?: string; q?: string } = {}) {
    await this.plans.get(planner, planId);
    return this.views.list(planId, {
      status: filter.status,
      assigneeId: filter.assignee ? (filter.assignee === 'me' ? planner.userId : filter.assignee) : undefined,
      q: filter.q,
    });
  }

  /** The board: every item of the plan as JSON (`{items}`), built once per revision of its items. */
  async board(planner: Planner, planId: string): Promise<CachedView> {
    return this.planViews.board(planId, await this.plans.itemsRevision(planner, planId));
  }

  /** The item and its plan, if the caller may see the plan; 404 otherwise. */
  async get(planner: Planner, itemId: string, manager?: EntityManager) {
    const item = await this.views.byId(itemId, manager);
    if (!item) throw new PlanningError('item_not_found', 'No such action item.');
    const plan = await this.plans.get(planner, item.planId, manager).catch((err: unknown) => {
      throw err instanceof PlanningError ? new PlanningError('item_not_found', 'No such action item.') : err;
    });
    return { item, plan };
  }

  async mine(planner: Planner, overdueOnly: boolean): Promise<MyItemView[]> {
    const plans = await this.repo.plansAssigning(planner);
    if (plans.length === 0) return [];
    const byPlan = new Map(plans.map((p) => [p.id, p]));
    const items = await this.views.assignedTo(planner.userId, [...byPlan.keys()], overdueOnly);
    const open = (s: ItemStatus) => (s === 'done' || s === 'cancelled' ? 1 : 0);
    return items
      .map((i) => {
        const p = byPlan.get(i.planId)!;
        return { ...i, planTitle: p.title, planTlp: p.tlp, groupName: p.groupName };
      })
      .sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          open(a.status) - open(b.status) ||
          (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
          a.planTitle.localeCompare(b.planTitle) ||
          byReference(a, b),
      );
  }
}
