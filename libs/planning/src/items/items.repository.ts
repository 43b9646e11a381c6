import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Planner } from '../access.js';
import type { Tlp } from '../plans/action-plan.entity.js';
import { visiblePlanSql } from '../plans/plans.repository.js';
import type { ActivityAction, Changes, ItemStatus, Priority } from './action-item.entity.js';

/** A plan in which the caller has items assigned. */
export interface AssigningPlanRow {
  id: string;
  title: string;
  tlp: Tlp;
  groupName: string;
}

export interface CommentRow {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  bodyHtml: string;
  createdAt: Date;
}

export interface ActivityRow {
  id: string;
  actorId: string;
  actorName: string;
  action: ActivityAction;
  changes: Changes;
  version: number;
  at: Date;
}

/** The item's columns as written by create and update. */
export interface ItemValues {
  reference: string;
  title: string;
  description: string;
  descriptionHtml: string;
  leadOrganisationId: string | null;
  startDate: string | null;
  dueDate: string | null;
  priority: Priority;
  progress: number;
}

export interface DependencyEdge {
  itemId: string;
  dependsOnId: string;
}

/** The statements that change items and their links, comments and history, and the checks before them. */
@Injectable()
export class ItemsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Plans the caller may see, not archived, in which they are assigned an item. */
  async plansAssigning(planner: Planner): Promise<AssigningPlanRow[]> {
    const visible = visiblePlanSql(planner, 1);
    return this.dataSource.query<AssigningPlanRow[]>(
      `SELECT p.id, p.title, p.tlp, g.name AS "groupName" FROM action_plan p JOIN working_group g ON g.id = p.group_id
        WHERE ${visible.sql} AND p.status <> 'archived'
          AND EXISTS (SELECT 1 FROM action_item_assignee a JOIN action_item i ON i.id = a.item_id WHERE i.plan_id = p.id AND a.user_id = $1)`,
      visible.params,
    );
  }

  /** Inserts an item and returns its id; a reference taken in the plan fails with a unique violation. */
  async insert(
    m: EntityManager,
    planId: string,
    item: ItemValues,
    source: { threadId: string; messageId: string } | null,
    createdBy: string,
  ): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date,
                                    due_date, priority, progress, source_thread_id, source_message_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        planId,
        item.reference,
        item.title,
        item.description,
        item.descriptionHtml,
        item.leadOrganisationId,
        item.startDate,
        item.dueDate,
        item.priority,
        item.progress,
        source?.threadId ?? null,
        source?.messageId ?? null,
        createdBy,
      ],
    );
    return id;
  }

  /** Writes the item's fields and raises its version; a reference taken in the plan fails with a unique violation. */
  async update(m: EntityManager, itemId: string, item: ItemValues): Promise<void> {
    await m.query(
      `UPDATE action_item SET reference = $2, title = $3, description = $4, description_html = $5, lead_organisation_id = $6,
                  start_date = $7, due_date = $8, priority = $9, progress = $10, version = version + 1, updated_at = now()
            WHERE id = $1`,
      [
        itemId,
        item.reference,
        item.title,
        item.description,
        item.descriptionHtml,
        item.leadOrganisationId,
        item.startDate,
        item.dueDate,
        item.priority,
        item.progress,
      ],
    );
  }

  /** Sets the status (and its reason) and raises the version; done means 100 % progress. */
  async setStatus(m: EntityManager, itemId: string, to: ItemStatus, reason: string | null | undefined): Promise<void> {
    await m.query(
      `UPDATE action_item SET status = $2, status_reason = $3, progress = CASE WHEN $2 = 'done' THEN 100 ELSE progress END,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
      [itemId, to, reason],
    );
  }

  /** The item's comments with their authors' names, oldest first. */
  async comments(itemId: string): Promise<CommentRow[]> {
    return this.dataSource.query<CommentRow[]>(
      `SELECT c.id, c.author_id AS "authorId", u.display_name AS "authorName", c.body, c.body_html AS "bodyHtml", c.created_at AS "createdAt"
         FROM action_item_comment c JOIN identity_account u ON u.id = c.author_id
        WHERE c.item_id = $1 ORDER BY c.created_at, c.id`,
      [itemId],
    );
  }

  async insertComment(
    m: EntityManager,
    itemId: string,
    authorId: string,
    body: string,
    bodyHtml: string,
  ): Promise<{ id: string; createdAt: Date }> {
    const [row] = await m.query<{ id: string; createdAt: Date }[]>(
      `INSERT INTO action_item_comment (item_id, author_id, body, body_html) VALUES ($1, $2, $3, $4)
         RETURNING id, created_at AS "createdAt"`,
      [itemId, authorId, body, bodyHtml],
    );
    return row;
  }

  async displayName(m: EntityManager, userId: string): Promise<string> {
    const [{ name }] = await m.query<{ name: string }[]>(
      `SELECT display_name AS name FROM identity_account WHERE id = $1`,
      [userId],
    );
    return name;
  }

  /** The item's last 500 activity rows with their actors' names, newest first. */
  async activity(itemId: string): Promise<ActivityRow[]> {
    return this.dataSource.query<ActivityRow[]>(
      `SELECT a.id::text, a.actor_id AS "actorId", u.display_name AS "actorName", a.action, a.changes, a.item_version AS version, a.at
         FROM action_item_activity a JOIN identity_account u ON u.id = a.actor_id
        WHERE a.item_id = $1 ORDER BY a.id DESC LIMIT 500`,
      [itemId],
    );
  }

  /** Locks the item for this transaction; its plan, or undefined if there is no such item. */
  async lock(m: EntityManager, itemId: string): Promise<string | undefined> {
    const [locked] = await m.query<{ planId: string }[]>(
      `SELECT plan_id AS "planId" FROM action_item WHERE id = $1 FOR UPDATE`,
      [itemId],
    );
    return locked?.planId;
  }

  /** Raises the plan's items revision and returns it; last in a transaction, so the plan row is locked only briefly. */
  async touchPlan(m: EntityManager, planId: string): Promise<number> {
    // An UPDATE answers [rows, count].
    const [[row]] = await m.query<[{ revision: string }[], number]>(
      `UPDATE action_plan SET items_revision = items_revision + 1 WHERE id = $1 RETURNING items_revision AS revision`,
      [planId],
    );
    return Number(row!.revision);
  }

  async insertActivity(
    m: EntityManager,
    activity: {
      itemId: string;
      planId: string;
      actorId: string;
      action: ActivityAction;
      changes: Changes;
      version: number;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        activity.itemId,
        activity.planId,
        activity.actorId,
        activity.action,
        JSON.stringify(activity.changes),
        activity.version,
      ],
    );
  }

  /** The references of these items. */
  async references(m: EntityManager, ids: string[]): Promise<{ id: string; reference: string }[]> {
    return m.query<{ id: string; reference: string }[]>(
      `SELECT id, reference FROM action_item WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Serialises dependency changes of one plan, so two concurrent edits cannot close a cycle between them. */
  async lockGraph(m: EntityManager, planId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 42))`, [`plan-dependencies:${planId}`]);
  }

  async organisationExists(m: EntityManager, organisationId: string): Promise<boolean> {
    const [org] = await m.query(`SELECT 1 FROM directory_organisation WHERE id = $1`, [organisationId]);
    return Boolean(org);
  }

  /** Those of these people who are chairs or members (not observers) of the group. */
  async editorsAmong(m: EntityManager, groupId: string, userIds: string[]): Promise<string[]> {
    const members = await m.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM working_group_member WHERE group_id = $1 AND user_id = ANY($2::uuid[]) AND role IN ('chair', 'member')`,
      [groupId, userIds],
    );
    return members.map((x) => x.userId);
  }

  /** Those of these items that belong to the plan. */
  async itemsOfPlan(m: EntityManager, planId: string, itemIds: string[]): Promise<string[]> {
    const targets = await m.query<{ id: string }[]>(
      `SELECT id FROM action_item WHERE plan_id = $1 AND id = ANY($2::uuid[])`,
      [planId, itemIds],
    );
    return targets.map((t) => t.id);
  }

  /** Every dependency between the plan's items. */
  async dependencyEdges(m: EntityManager, planId: string): Promise<DependencyEdge[]> {
    return m.query<DependencyEdge[]>(
      `SELECT d.item_id AS "itemId", d.depends_on_id AS "dependsOnId" FROM action_item_dependency d
             JOIN action_item i ON i.id = d.item_id WHERE i.plan_id = $1`,
      [planId],
    );
  }

  async deleteAssignees(m: EntityManager, itemId: string): Promise<void> {
    await m.query(`DELETE FROM action_item_assignee WHERE item_id = $1`, [itemId]);
  }

  async addAssignees(m: EntityManager, itemId: string, userIds: string[]): Promise<void> {
    await m.query(
      `INSERT INTO action_item_assignee (item_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [itemId, userIds],
    );
  }

  async deleteDependencies(m: EntityManager, itemId: string): Promise<void> {
    await m.query(`DELETE FROM action_item_dependency WHERE item_id = $1`, [itemId]);
  }

  async addDependencies(m: EntityManager, itemId: string, dependsOn: string[]): Promise<void> {
    await m.query(
      `INSERT INTO action_item_dependency (item_id, depends_on_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [itemId, dependsOn],
    );
  }

  /** One more than the largest leading number among the plan's references. */
  async nextReferenceNumber(m: EntityManager, planId: string): Promise<number> {
    const [{ n }] = await m.query<{ n: number }[]>(
      `SELECT COALESCE(max(substring(reference FROM '^[0-9]+')::int), 0) + 1 AS n FROM action_item WHERE plan_id = $1`,
      [planId],
    );
    return n;
  }
}
