import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Planner } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import type { PlanView } from '../plans/plans.service.js';
import type { ItemStatus } from './action-item.entity.js';
import { cycleThrough, type DependencyGraph } from './dependencies.js';
import type { ItemView } from './item-view.js';
import { ItemsRepository } from './items.repository.js';
import { ItemChanges } from './item-changes.js';
import { allowedTransitions, isReopening, needsReason } from './status-machine.js';

/** An item's status (the status machine) and its dependencies (items of the same plan, without cycles). */
@Injectable()
export class ItemStatusService {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly changes: ItemChanges,
  ) {}

  async transition(
    planner: Planner,
    itemId: string,
    version: number,
    to: ItemStatus,
    reason?: string,
  ): Promise<ItemView> {
    return this.changes.change(planner, itemId, version, async (m, before, plan) => {
      const allowed = allowedTransitions(before.status, plan.myRole === 'chair');
      if (!allowed.includes(to)) {
        const why =
          isReopening(before.status) && plan.myRole !== 'chair'
            ? `only the group's chairs reopen an item that is ${before.status.replace('_', ' ')}`
            : `an item that is ${before.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`;
        throw new PlanningError(
          'invalid_transition',
          `This change of status is not allowed: ${why}.`,
          [{ field: 'to', reasons: [why] }],
          {
            allowed,
          },
        );
      }
      const trimmed = reason?.trim();
      if (needsReason(to) && !trimmed) {
        throw invalid('invalid_item', 'reason', `say why the item is ${to === 'blocked' ? 'blocked' : 'cancelled'}`);
      }
      await this.repo.setStatus(m, itemId, to, needsReason(to) ? trimmed : null);
      return 'transitioned';
    });
  }

  /** The items depended on are other items of the plan, and (for an existing item) form no cycle. */
  async checkDependencies(
    m: EntityManager,
    plan: PlanView,
    before: ItemView | null,
    dependsOn: string[],
  ): Promise<void> {
    const targets = await this.repo.itemsOfPlan(m, plan.id, dependsOn);
    if (targets.length !== new Set(dependsOn).size) {
      throw invalid('invalid_item', 'dependsOn', 'dependencies must be other items of the same plan');
    }
    if (before) {
      const edges = await this.repo.dependencyEdges(m, plan.id);
      const graph: DependencyGraph = new Map();
      for (const e of edges) graph.set(e.itemId, [...(graph.get(e.itemId) ?? []), e.dependsOnId]);
      graph.delete(before.id);
      const cycle = cycleThrough(graph, before.id, dependsOn);
      if (cycle) {
        const refs = await this.changes.references(m, { ...before, dependsOn: cycle });
        const path = cycle.map((id) => (id === before.id ? before.reference : (refs.get(id) ?? id))).join(' → ');
        const reason = `these dependencies would form a cycle: ${path}`;
        throw new PlanningError('dependency_cycle', `Dependencies may not form a cycle: ${path}.`, [
          { field: 'dependsOn', reasons: [reason] },
        ]);
      }
    }
  }
}
