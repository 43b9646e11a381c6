import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ItemStatus, Priority } from './action-item.entity.js';
import { type BoardItem, byReference, type ItemView, toItemView } from './item-view.js';

/** An item as the item statements read it, before `toItemView`. */
export interface ItemRow {
  id: string;
  planId: string;
  reference: string;
  title: string;
  description: string;
  descriptionHtml: string;
  leadOrganisationId: string | null;
  leadOrganisationName: string | null;
  countryCode: string | null;
  assignees: { userId: string; displayName: string }[];
  dependencies: { id: string; reference: string; dueDate: string | null }[];
  startDate: string | null;
  dueDate: string | null;
  priority: Priority;
  progress: number;
  status: ItemStatus;
  statusReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  overdue: boolean;
  sourceThreadId: string | null;
  sourceMessageId: string | null;
  commentCount: number;
}

/**
 * One statement for any set of items (`where` over alias `i`): the items first, then their
 * assignees, dependencies and comment counts each aggregated once for the whole set and joined
 * by hash, rather than three subqueries per item.
 */
const itemSql = (where: string, description = true) => `WITH sel AS (SELECT i.* FROM action_item i WHERE ${where})
  SELECT i.id, i.plan_id AS "planId", i.reference, i.title,
    ${description ? `i.description, i.description_html AS "descriptionHtml",` : ''} i.lead_organisation_id AS "leadOrganisationId",
    o.name AS "leadOrganisationName", o.country_code AS "countryCode",
    to_char(i.start_date, 'YYYY-MM-DD') AS "startDate", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
    i.priority, i.progress, i.status, i.status_reason AS "statusReason", i.version,
    i.created_at AS "createdAt", i.updated_at AS "updatedAt",
    COALESCE(i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'), false) AS overdue,
    i.source_thread_id AS "sourceThreadId", i.source_message_id AS "sourceMessageId",
    COALESCE(asg.list, '[]') AS assignees, COALESCE(dep.list, '[]') AS dependencies, COALESCE(cm.n, 0) AS "commentCount"
  FROM sel i
  LEFT JOIN directory_organisation o ON o.id = i.lead_organisation_id
  LEFT JOIN (SELECT a.item_id, json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id) AS list
               FROM action_item_assignee a JOIN identity_account u ON u.id = a.user_id
              WHERE a.item_id IN (SELECT id FROM sel) GROUP BY a.item_id) asg ON asg.item_id = i.id
  LEFT JOIN (SELECT d.item_id, json_agg(json_build_object('id', t.id, 'reference', t.reference, 'dueDate', to_char(t.due_date, 'YYYY-MM-DD')) ORDER BY t.reference) AS list
               FROM action_item_dependency d JOIN action_item t ON t.id = d.depends_on_id
              WHERE d.item_id IN (SELECT id FROM sel) GROUP BY d.item_id) dep ON dep.item_id = i.id
  LEFT JOIN (SELECT c.item_id, count(*)::int AS n FROM action_item_comment c
              WHERE c.item_id IN (SELECT id FROM sel) GROUP BY c.item_id) cm ON cm.item_id = i.id`;

/** Which items of a plan a list shows; every filter given must hold. */
export interface ItemFilter {
  status?: ItemStatus[];
  assigneeId?: string;
  /** Words in the title or reference, matched literally. */
  q?: string;
}

/** Reads items as the routes show them: single items, lists, boards and a person's assignments. */
@Injectable()
export class ItemViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The item with its description, assignees, dependencies and comment count. */
  async byId(itemId: string, m: EntityManager = this.dataSource.manager): Promise<ItemView | undefined> {
    const [item] = await this.itemViews(m, 'i.id = $1', [itemId]);
    return item;
  }

  /** The plan's items matching the filter, without descriptions, in reference order. */
  async list(planId: string, filter: ItemFilter): Promise<BoardItem[]> {
    const params: unknown[] = [planId];
    const where = ['i.plan_id = $1'];
    if (filter.status?.length) {
      params.push(filter.status);
      where.push(`i.status = ANY($${params.length}::text[])`);
    }
    if (filter.assigneeId) {
      params.push(filter.assigneeId);
      where.push(
        `EXISTS (SELECT 1 FROM action_item_assignee fa WHERE fa.item_id = i.id AND fa.user_id = $${params.length})`,
      );
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[%_\\]/g, '\\$&')}%`);
      where.push(`(i.title ILIKE $${params.length} OR i.reference ILIKE $${params.length})`);
    }
    return this.boardItems(this.dataSource.manager, where.join(' AND '), params);
  }

  /** The items of these plans assigned to the user (only the overdue ones, if asked), without descriptions. */
  async assignedTo(userId: string, planIds: string[], overdueOnly: boolean): Promise<BoardItem[]> {
    return this.boardItems(
      this.dataSource.manager,
      `i.plan_id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM action_item_assignee a WHERE a.item_id = i.id AND a.user_id = $2)
       ${overdueOnly ? `AND i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled')` : ''}`,
      [planIds, userId],
    );
  }

  private async itemViews(m: EntityManager, where: string, params: unknown[]): Promise<ItemView[]> {
    const rows = await m.query<ItemRow[]>(itemSql(where), params);
    return rows.map(toItemView).sort(byReference);
  }

  /** Items without their descriptions, for boards, tables and lists. */
  private async boardItems(m: EntityManager, where: string, params: unknown[]): Promise<BoardItem[]> {
    const rows = await m.query<ItemRow[]>(itemSql(where, false), params);
    return rows.map(toItemView).sort(byReference);
  }
}
