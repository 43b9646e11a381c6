import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { byReference } from '../items/item-view.js';
import { type BoardEntry, type BoardParts, type CachedView, PlanCache } from './plan-cache.js';
import { type OrganisationCountRow, type StatusCountRow, summarise } from './plan-summary.js';
import { TODAY } from './plans.repository.js';

/**
 * The board of one plan with each item already serialised by PostgreSQL (the same fields as
 * `BoardItem`, warnings included): rebuilding a board of 2,000 items then costs one statement and
 * a string join, not 2,000 rows turned into objects and back into JSON.
 */
export const BOARD_JSON_SQL = `WITH sel AS (SELECT * FROM action_item WHERE plan_id = $1),
  asg AS (SELECT a.item_id, json_agg(json_build_object('userId', u.id, 'displayName', u.display_name) ORDER BY u.display_name, u.id) AS list
            FROM action_item_assignee a JOIN identity_account u ON u.id = a.user_id
           WHERE a.item_id IN (SELECT id FROM sel) GROUP BY a.item_id),
  dep AS (SELECT d.item_id, json_agg(t.id ORDER BY t.reference) AS ids, array_agg(t.id::text ORDER BY t.reference) AS id_list,
                 json_agg(json_build_object('code', 'due_before_dependency', 'itemId', t.id, 'reference', t.reference,
                   'message', format('Due %s, before %s which it depends on is due (%s).', to_char(s.due_date, 'YYYY-MM-DD'), t.reference, to_char(t.due_date, 'YYYY-MM-DD')))
                   ORDER BY t.reference) FILTER (WHERE s.due_date < t.due_date) AS warnings
            FROM action_item_dependency d JOIN sel s ON s.id = d.item_id JOIN action_item t ON t.id = d.depends_on_id
           GROUP BY d.item_id),
  cm AS (SELECT item_id, count(*)::int AS n FROM action_item_comment WHERE item_id IN (SELECT id FROM sel) GROUP BY item_id)
  SELECT i.id, i.reference, COALESCE(dep.id_list, '{}') AS "dependsOn", json_build_object(
      'id', i.id, 'planId', i.plan_id, 'reference', i.reference, 'title', i.title,
      'leadOrganisationId', i.lead_organisation_id, 'leadOrganisationName', o.name, 'countryCode', o.country_code,
      'startDate', to_char(i.start_date, 'YYYY-MM-DD'), 'dueDate', to_char(i.due_date, 'YYYY-MM-DD'), 'priority', i.priority, 'progress', i.progress,
      'status', i.status, 'statusReason', i.status_reason, 'version', i.version,
      'createdAt', to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'updatedAt', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'overdue', COALESCE(i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled'), false),
      'source', CASE WHEN i.source_thread_id IS NOT NULL AND i.source_message_id IS NOT NULL
                     THEN json_build_object('threadId', i.source_thread_id, 'messageId', i.source_message_id) END,
      'assignees', COALESCE(asg.list, '[]'), 'dependsOn', COALESCE(dep.ids, '[]'), 'warnings', COALESCE(dep.warnings, '[]'),
      'commentCount', COALESCE(cm.n, 0)
    )::text AS json
  FROM sel i
  LEFT JOIN directory_organisation o ON o.id = i.lead_organisation_id
  LEFT JOIN asg ON asg.item_id = i.id
  LEFT JOIN dep ON dep.item_id = i.id
  LEFT JOIN cm ON cm.item_id = i.id`;

/**
 * A plan's board and summary as they are served: built by the statements below once per revision of
 * the plan's items (and UTC day), then kept serialised and gzipped in a PlanCache, and the board
 * patched with a changed item instead of rebuilt. What it gives, measured at the realistic profile
 * (3 plan reads a second and an item edit every 2 s over 30 plans of 150 items and one of 2,000,
 * cache on and off in interleaved rounds: `BENCH_MODE=caches node bench/planning.mjs 20`, run of
 * 2026-12-08): reads took 3.5x as long without it (p50 40.8 against 11.5 ms); boards of 2,000 items
 * 24x (p50 207 against 8.7 ms), boards of 150 items 3.4x (42.8 against 12.7 ms), summaries 1.8x.
 * Callers check that the person may see the plan and read its revision first: nothing of access is
 * kept here.
 */
@Injectable()
export class PlanViewsRepository {
  private readonly cache = new PlanCache();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The board: every item of the plan as JSON (`{items}`), for the plan's items revision `revision`. */
  board(planId: string, revision: number): Promise<CachedView> {
    return this.cache.board(planId, revision, () => this.boardParts(planId));
  }

  /** The summary (PlanSummary as JSON) for the plan's items revision `revision`. */
  summary(planId: string, revision: number): Promise<CachedView> {
    return this.cache.get('summary', planId, revision, async () => {
      const [rows, organisations] = await Promise.all([this.statusCounts(planId), this.organisationCounts(planId)]);
      return JSON.stringify(summarise(rows, organisations));
    });
  }

  /** After a change raised the plan's items revision to `revision`: the kept board takes the changed item. */
  patchBoard(planId: string, revision: number, item: BoardEntry): void {
    this.cache.patchBoard(planId, revision, item);
  }

  /** Every item of the plan serialised by PostgreSQL, in reference order. */
  private async boardParts(planId: string): Promise<BoardParts> {
    const rows = await this.dataSource.query<BoardEntry[]>(BOARD_JSON_SQL, [planId]);
    return { items: rows.sort(byReference) };
  }

  /** The plan's items counted by status: overdue, due within a week, and progress summed. */
  private statusCounts(planId: string): Promise<StatusCountRow[]> {
    return this.dataSource.query<StatusCountRow[]>(
      `SELECT status, count(*)::int AS n,
                count(*) FILTER (WHERE due_date < ${TODAY} AND status NOT IN ('done', 'cancelled'))::int AS overdue,
                count(*) FILTER (WHERE due_date >= ${TODAY} AND due_date < ${TODAY} + 7 AND status NOT IN ('done', 'cancelled'))::int AS week,
                COALESCE(sum(progress), 0)::int AS sum
           FROM action_item WHERE plan_id = $1 GROUP BY status`,
      [planId],
    );
  }

  /** The plan's items counted by lead organisation, with its country. */
  private organisationCounts(planId: string): Promise<OrganisationCountRow[]> {
    return this.dataSource.query<OrganisationCountRow[]>(
      `SELECT i.lead_organisation_id AS "organisationId", o.name, o.country_code AS "countryCode", c.name AS "countryName",
                count(*)::int AS items, count(*) FILTER (WHERE i.status = 'done')::int AS done,
                count(*) FILTER (WHERE i.due_date < ${TODAY} AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
                COALESCE(sum(i.progress) FILTER (WHERE i.status <> 'cancelled'), 0)::int AS sum,
                count(*) FILTER (WHERE i.status <> 'cancelled')::int AS counted
           FROM action_item i
           LEFT JOIN directory_organisation o ON o.id = i.lead_organisation_id
           LEFT JOIN directory_country c ON c.code = o.country_code
          WHERE i.plan_id = $1
          GROUP BY i.lead_organisation_id, o.name, o.country_code, c.name`,
      [planId],
    );
  }
}
