import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GroupRole } from '../groups/working-group.entity.js';
import type { ItemStatus } from '../items/action-item.entity.js';
import type { ItemValues } from '../items/items.repository.js';
import type { PlanStatus, Tlp } from '../plans/action-plan.entity.js';

/** A seeded item's columns: those an edit writes, and what seeding sets besides. */
export interface SeedItemRow extends ItemValues {
  planId: string;
  status: ItemStatus;
  statusReason: string | null;
  createdBy: string;
}

/** The statements of PlanningSeeding, each in the caller's seeding transaction. */
@Injectable()
export class PlanningSeedingRepository {
  async insertGroup(m: EntityManager, name: string, purpose: string, createdBy: string): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO working_group (name, purpose, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [name, purpose, createdBy],
    );
    return id;
  }

  async insertMember(m: EntityManager, groupId: string, userId: string, role: GroupRole): Promise<void> {
    await m.query(`INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)`, [
      groupId,
      userId,
      role,
    ]);
  }

  /** Inserts a plan owned by its creator's organisation. */
  async insertPlan(
    m: EntityManager,
    plan: {
      groupId: string;
      title: string;
      objective: string;
      status: PlanStatus;
      tlp: Tlp;
      createdBy: string;
      periodStart: string | null;
      periodEnd: string | null;
    },
  ): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO action_plan (group_id, title, objective, status, tlp, created_by, owning_organisation_id, period_start, period_end)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT organisation_id FROM identity_account WHERE id = $6), $7, $8) RETURNING id`,
      [
        plan.groupId,
        plan.title,
        plan.objective,
        plan.status,
        plan.tlp,
        plan.createdBy,
        plan.periodStart,
        plan.periodEnd,
      ],
    );
    return id;
  }

  async insertItem(m: EntityManager, item: SeedItemRow): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date, due_date,
                                    priority, progress, status, status_reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        item.planId,
        item.reference,
        item.title,
        item.description,
        item.descriptionHtml,
        item.leadOrganisationId,
        item.startDate,
        item.dueDate,
        item.priority,
        item.progress,
        item.status,
        item.statusReason,
        item.createdBy,
      ],
    );
    return id;
  }

  async insertAssignee(m: EntityManager, itemId: string, userId: string): Promise<void> {
    await m.query(`INSERT INTO action_item_assignee (item_id, user_id) VALUES ($1, $2)`, [itemId, userId]);
  }

  async insertDependency(m: EntityManager, itemId: string, dependsOnId: string): Promise<void> {
    await m.query(`INSERT INTO action_item_dependency (item_id, depends_on_id) VALUES ($1, $2)`, [itemId, dependsOnId]);
  }

  /** The item's first history row: created, at version 1. */
  async insertCreatedActivity(
    m: EntityManager,
    itemId: string,
    planId: string,
    actorId: string,
    changes: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, 'created', $4, 1)`,
      [itemId, planId, actorId, changes],
    );
  }
}
