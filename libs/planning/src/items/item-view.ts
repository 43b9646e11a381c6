import type { EntityManager } from 'typeorm';
import type { BoardParts } from '../plans/plan-cache.js';
import type { ItemStatus, Priority } from './action-item.entity.js';

export interface ItemWarning {
  code: 'due_before_dependency';
  itemId: string;
  reference: string;
  message: string;
}

/** An action item as single-item routes and events show it. */
export interface ItemView {
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
  startDate: string | null;
  dueDate: string | null;
  priority: Priority;
  progress: number;
  status: ItemStatus;
  statusReason: string | null;
  dependsOn: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  overdue: boolean;
  warnings: ItemWarning[];
  source: { threadId: string; messageId: string } | null;
  commentCount: number;
}

interface ItemRow {
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
  LEFT JOIN organisation o ON o.id = i.lead_organisation_id
  LEFT JOIN (SELECT a.item_id, json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id) AS list
               FROM action_item_assignee a JOIN user_account u ON u.id = a.user_id
              WHERE a.item_id IN (SELECT id FROM sel) GROUP BY a.item_id) asg ON asg.item_id = i.id
  LEFT JOIN (SELECT d.item_id, json_agg(json_build_object('id', t.id, 'reference', t.reference, 'dueDate', to_char(t.due_date, 'YYYY-MM-DD')) ORDER BY t.reference) AS list
               FROM action_item_dependency d JOIN action_item t ON t.id = d.depends_on_id
              WHERE d.item_id IN (SELECT id FROM sel) GROUP BY d.item_id) dep ON dep.item_id = i.id
  LEFT JOIN (SELECT c.item_id, count(*)::int AS n FROM action_item_comment c
              WHERE c.item_id IN (SELECT id FROM sel) GROUP BY c.item_id) cm ON cm.item_id = i.id`;

/** `2.10` after `2.9`, `A` before `B`. */
export const byReference = (a: { reference: string }, b: { reference: string }): number =>
  a.reference.localeCompare(b.reference, 'en', { numeric: true });

export function toItemView(row: ItemRow): ItemView {
  const { dependencies, sourceThreadId, sourceMessageId, ...rest } = row;
  return {
    ...rest,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    dependsOn: dependencies.map((d) => d.id),
    warnings: dependencies
      .filter((d) => row.dueDate && d.dueDate && row.dueDate < d.dueDate)
      .map((d) => ({
        code: 'due_before_dependency' as const,
        itemId: d.id,
        reference: d.reference,
        message: `Due ${row.dueDate}, before ${d.reference} which it depends on is due (${d.dueDate}).`,
      })),
    source: sourceThreadId && sourceMessageId ? { threadId: sourceThreadId, messageId: sourceMessageId } : null,
  };
}

export async function itemViews(m: EntityManager, where: string, params: unknown[]): Promise<ItemView[]> {
  const rows = await m.query<ItemRow[]>(itemSql(where), params);
  return rows.map(toItemView).sort(byReference);
}

/** An item on a board or in a table: everything but the description (the item itself has it). */
export type BoardItem = Omit<ItemView, 'description' | 'descriptionHtml'>;

/** Items without their descriptions, for boards, tables and lists. */
export async function boardItems(m: EntityManager, where: string, params: unknown[]): Promise<BoardItem[]> {
  const rows = await m.query<ItemRow[]>(itemSql(where, false), params);
  return rows.map(toItemView).sort(byReference);
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/**
 * The board of one plan with each item already serialised by PostgreSQL (the same fields as
 * `BoardItem`, warnings included): rebuilding a board of 2,000 items then costs one statement and
 * a string join, not 2,000 rows turned into objects and back into JSON.
 */
export const BOARD_JSON_SQL = `WITH sel AS (SELECT * FROM action_item WHERE plan_id = $1),
  asg AS (SELECT a.item_id, json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id) AS list
            FROM action_item_assignee a JOIN user_account u ON u.id = a.user_id
           WHERE a.item_id IN (SELECT id FROM sel) GROUP BY a.item_id),
  dep AS (SELECT d.item_id, json_agg(t.id ORDER BY t.reference) AS ids,
                 json_agg(json_build_object('code', 'due_before_dependency', 'itemId', t.id, 'reference', t.reference,
                   'message', format('Due %s, before %s which it depends on is due (%s).', ${day('s.due_date')}, t.reference, ${day('t.due_date')}))
                   ORDER BY t.reference) FILTER (WHERE s.due_date < t.due_date) AS warnings
            FROM action_item_dependency d JOIN sel s ON s.id = d.item_id JOIN action_item t ON t.id = d.depends_on_id
           GROUP BY d.item_id),
  cm AS (SELECT item_id, count(*)::int AS n FROM action_item_comment WHERE item_id IN (SELECT id FROM sel) GROUP BY item_id)
  SELECT i.id, i.reference, json_build_object(
      'id', i.id, 'planId', i.plan_id, 'reference', i.reference, 'title', i.title,
      'leadOrganisationId', i.lead_organisation_id, 'leadOrganisationName', o.name, 'countryCode', o.country_code,
      'startDate', ${day('i.start_date')}, 'dueDate', ${day('i.due_date')}, 'priority', i.priority, 'progress', i.progress,
      'status', i.status, 'statusReason', i.status_reason, 'version', i.version,
      'createdAt', ${iso('i.created_at')}, 'updatedAt', ${iso('i.updated_at')},
      'overdue', COALESCE(i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'), false),
      'source', CASE WHEN i.source_thread_id IS NOT NULL AND i.source_message_id IS NOT NULL
                     THEN json_build_object('threadId', i.source_thread_id, 'messageId', i.source_message_id) END,
      'assignees', COALESCE(asg.list, '[]'), 'dependsOn', COALESCE(dep.ids, '[]'), 'warnings', COALESCE(dep.warnings, '[]'),
      'commentCount', COALESCE(cm.n, 0)
    )::text AS json
  FROM sel i
  LEFT JOIN organisation o ON o.id = i.lead_organisation_id
  LEFT JOIN asg ON asg.item_id = i.id
  LEFT JOIN dep ON dep.item_id = i.id
  LEFT JOIN cm ON cm.item_id = i.id`;

/** The board of a plan: every item serialised, in reference order. */
export async function boardParts(m: EntityManager, planId: string): Promise<BoardParts> {
  const rows = await m.query<{ id: string; reference: string; json: string }[]>(BOARD_JSON_SQL, [planId]);
  return { items: rows.sort(byReference) };
}

/** One item as the board shows it (no description), serialised. */
export function boardEntry(item: ItemView): { id: string; reference: string; json: string } {
  const { description: _d, descriptionHtml: _h, ...rest } = item;
  return { id: item.id, reference: item.reference, json: JSON.stringify(rest) };
}
