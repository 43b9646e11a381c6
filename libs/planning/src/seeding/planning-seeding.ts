import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { renderMarkdown } from '@liaison/core';
import type { GroupRole } from '../groups/working-group.entity.js';
import type { ItemStatus } from '../items/action-item.entity.js';
import type { ItemValues } from '../items/items.repository.js';
import type { PlanStatus, Tlp } from '../plans/action-plan.entity.js';
import { PlanningSeedingRepository } from './planning-seeding.repository.js';

/** A working group as seeding creates it, with its members and plans. */
export interface SeedGroup {
  name: string;
  purpose: string;
  /** The account that creates the group, its plans and their items (its chair). */
  createdBy: string;
  members: { userId: string; role: GroupRole }[];
  plans: SeedPlan[];
}

/** A plan, owned by its creator's organisation. */
export interface SeedPlan {
  title: string;
  objective: string;
  status: PlanStatus;
  tlp: Tlp;
  /** ISO dates. */
  periodStart: string | null;
  periodEnd: string | null;
  items: SeedItem[];
}

/** An item (its description in Markdown), at version 1 with its "created" history row. */
export interface SeedItem extends Omit<ItemValues, 'descriptionHtml'> {
  status: ItemStatus;
  statusReason: string | null;
  assigneeIds: string[];
  /** References of items listed before it in the same plan. */
  dependsOn: string[];
}

/**
 * The planning context's seeding port (the demo workspace uses it): creates working groups,
 * plans and items in the caller's transaction, without audit events, notices or realtime.
 */
@Injectable()
export class PlanningSeeding {
  constructor(private readonly repo: PlanningSeedingRepository) {}

  /** Creates the group with its members, plans, items, assignees and dependencies; returns its id. */
  async insertGroup(m: EntityManager, group: SeedGroup): Promise<string> {
    const by = group.createdBy;
    const groupId = await this.repo.insertGroup(m, group.name, group.purpose, by);
    for (const member of group.members) {
      await this.repo.insertMember(m, groupId, member.userId, member.role);
    }
    for (const plan of group.plans) {
      const { items, ...values } = plan;
      const planId = await this.repo.insertPlan(m, { ...values, groupId, createdBy: by });
      const byReference = new Map<string, string>();
      for (const { assigneeIds, dependsOn, ...item } of items) {
        const descriptionHtml = renderMarkdown(item.description);
        const id = await this.repo.insertItem(m, { ...item, planId, descriptionHtml, createdBy: by });
        byReference.set(item.reference, id);
        for (const userId of assigneeIds) {
          await this.repo.insertAssignee(m, id, userId);
        }
        for (const reference of dependsOn) {
          const dependsOnId = byReference.get(reference);
          if (!dependsOnId) throw new Error(`item ${item.reference} depends on ${reference}, not listed before it`);
          await this.repo.insertDependency(m, id, dependsOnId);
        }
        await this.repo.insertCreatedActivity(
          m,
          id,
          planId,
          by,
          JSON.stringify({
            title: { before: null, after: item.title },
            status: { before: null, after: item.status },
          }),
        );
      }
    }
    return groupId;
  }
}
