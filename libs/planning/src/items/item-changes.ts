import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RealtimePublisher, userRoom } from '@liaison/core';
import { type Planner, planRoom } from '../access.js';
import { PlanningError } from '../errors.js';
import { PlanViewsRepository } from '../plans/plan-views.repository.js';
import { type PlanView, PlansService } from '../plans/plans.service.js';
import type { ActivityAction, Changes } from './action-item.entity.js';
import { boardEntry, type ItemView } from './item-view.js';
import { ItemViewsRepository } from './item-views.repository.js';
import { ItemsRepository } from './items.repository.js';
import { ItemsService } from './items.service.js';

/** What an activity row records of an item: readable values (names and references, not ids). */
export const recorded = (item: ItemView, references: Map<string, string>) => ({
  reference: item.reference,
  title: item.title,
  description: item.description,
  leadOrganisation: item.leadOrganisationName,
  assignees: item.assignees.map((a) => a.displayName),
  startDate: item.startDate,
  dueDate: item.dueDate,
  priority: item.priority,
  progress: item.progress,
  status: item.status,
  statusReason: item.statusReason,
  dependsOn: item.dependsOn.map((id) => references.get(id) ?? id).sort(),
});

export function changesBetween(before: Record<string, unknown> | null, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(after)) {
    const old = before ? before[field] : null;
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[field] = { before: old ?? null, after: value };
  }
  return changes;
}

/**
 * Every change to an item, whatever its use case: checked against a version (409 with the current
 * item when stale), recorded as an activity row in the same transaction, published to the plan's room.
 */
@Injectable()
export class ItemChanges {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly views: ItemViewsRepository,
    private readonly items: ItemsService,
    private readonly plans: PlansService,
    private readonly publisher: RealtimePublisher,
    private readonly planViews: PlanViewsRepository,
  ) {}

  /**
   * Locks the item, checks the caller's version against it (409 with the current item if
   * stale), applies `apply`, and records the difference as one activity row.
   */
  async change(
    planner: Planner,
    itemId: string,
    version: number,
    apply: (m: EntityManager, before: ItemView, plan: PlanView) => Promise<ActivityAction>,
  ): Promise<ItemView> {
    let formerAssignees: string[] = [];
    let revision = 0;
    const item = await this.repo.transaction(async (m) => {
      if (!(await this.repo.lock(m, itemId))) throw new PlanningError('item_not_found', 'No such action item.');
      const { item: before } = await this.items.get(planner, itemId, m);
      const plan = await this.plans.forItemEditor(planner, before.planId, m);
      if (before.version !== version) {
        throw new PlanningError(
          'stale_version',
          'This item was changed by someone else since you loaded it.',
          undefined,
          {
            current: before,
          },
        );
      }
      formerAssignees = before.assignees.map((a) => a.userId);
      const action = await apply(m, before, plan);
      const after = (await this.views.byId(itemId, m))!;
      const references = await this.references(m, before, after);
      await this.record(
        m,
        planner,
        after,
        action,
        changesBetween(recorded(before, references), recorded(after, references)),
      );
      revision = await this.repo.touchPlan(m, after.planId);
      return after;
    });
    this.published(item, formerAssignees, revision);
    return item;
  }

  /**
   * To everyone watching the plan, and to the item's assignees before and after the change
   * wherever they are ("my items" lists follow), each socket once.
   */
  published(item: ItemView, formerAssignees: string[], revision: number): void {
    this.planViews.patchBoard(item.planId, revision, boardEntry(item));
    const people = new Set([...formerAssignees, ...item.assignees.map((a) => a.userId)]);
    this.publisher.toRooms([planRoom(item.planId), ...[...people].map(userRoom)], 'item.updated', {
      planId: item.planId,
      item,
    });
  }

  async record(m: EntityManager, planner: Planner, item: ItemView, action: ActivityAction, changes: Changes) {
    await this.repo.insertActivity(m, {
      itemId: item.id,
      planId: item.planId,
      actorId: planner.userId,
      action,
      changes,
      version: item.version,
    });
  }

  /** References of the items these depend on, to record dependencies readably. */
  async references(m: EntityManager, ...items: ItemView[]): Promise<Map<string, string>> {
    const ids = [...new Set(items.flatMap((i) => i.dependsOn))];
    if (ids.length === 0) return new Map();
    const rows = await this.repo.references(m, ids);
    return new Map(rows.map((r) => [r.id, r.reference]));
  }
}
