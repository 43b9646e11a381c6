import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Planner } from '../access.js';
import type { GroupRole } from '../groups/working-group.entity.js';
import type { PlanStatus, Tlp } from './action-plan.entity.js';

/**
 * The SQL condition under which a plan (alias `p`) exists for the caller, parameters from
 * `$first`: `CLEAR` and `GREEN` for the whole network; `AMBER` for the group's members, people
 * of their organisations and the secretariat; `AMBER+STRICT` for members and the secretariat;
 * `RED` for the group's members alone. The same condition serves lists, counts and reads.
 */
export function visiblePlanSql(planner: Planner, first: number, alias = 'p'): { sql: string; params: unknown[] } {
  const [user, secretariat, organisation] = [first, first + 1, first + 2].map((i) => `$${i}`);
  const member = `EXISTS (SELECT 1 FROM working_group_member vm WHERE vm.group_id = ${alias}.group_id AND vm.user_id = ${user})`;
  const sameOrganisation = `EXISTS (SELECT 1 FROM working_group_member vo JOIN identity_account vu ON vu.id = vo.user_id
      WHERE vo.group_id = ${alias}.group_id AND vu.organisation_id = CAST(${organisation} AS uuid))`;
  return {
    sql: `(${alias}.tlp IN ('CLEAR', 'GREEN') OR ${member}
      OR (CAST(${secretariat} AS boolean) AND ${alias}.tlp <> 'RED')
      OR (${alias}.tlp = 'AMBER' AND CAST(${organisation} AS uuid) IS NOT NULL AND ${sameOrganisation}))`,
    params: [planner.userId, planner.secretariat, planner.organisationId],
  };
}

/** A plan with its counts and the caller's role, as the plan statements read it. */
export interface PlanRow {
  id: string;
  groupId: string;
  groupName: string;
  title: string;
  objective: string;
  owningOrganisationId: string | null;
  owningOrganisationName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  status: PlanStatus;
  tlp: Tlp;
  version: number;
  itemCount: number;
  doneCount: number;
  overdueCount: number;
  blockedCount: number;
  progress: number;
  myRole: GroupRole | null;
  muted: boolean;
  updatedAt: Date;
}

/** The plan's columns as written by create and update. */
export interface PlanValues {
  title: string;
  objective: string;
  owningOrganisationId: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  status: PlanStatus;
  tlp: Tlp;
}

/** Today in UTC, in SQL: what overdue and due-this-week count from. */
export const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** Plan rows with their counts; `$1` is the caller. Progress leaves cancelled items out. */
const PLAN_SELECT = `SELECT p.id, p.group_id AS "groupId", g.name AS "groupName", p.title, p.objective,
    p.owning_organisation_id AS "owningOrganisationId", o.name AS "owningOrganisationName",
    to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd",
    p.status, p.tlp, p.version, p.updated_at AS "updatedAt", me.role AS "myRole",
    EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = $1 AND pm.plan_id = p.id) AS muted,
    COALESCE(c.items, 0) AS "itemCount", COALESCE(c.done, 0) AS "doneCount",
    COALESCE(c.overdue, 0) AS "overdueCount", COALESCE(c.blocked, 0) AS "blockedCount", COALESCE(c.progress, 0) AS progress
  FROM action_plan p
  JOIN working_group g ON g.id = p.group_id
  LEFT JOIN directory_organisation o ON o.id = p.owning_organisation_id
  LEFT JOIN working_group_member me ON me.group_id = p.group_id AND me.user_id = $1
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS items,
           count(*) FILTER (WHERE i.status = 'done')::int AS done,
           count(*) FILTER (WHERE i.status = 'blocked')::int AS blocked,
           count(*) FILTER (WHERE i.due_date < ${TODAY} AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
           COALESCE(round(avg(i.progress) FILTER (WHERE i.status <> 'cancelled')), 0)::int AS progress
      FROM action_item i WHERE i.plan_id = p.id) c ON true`;

/** The statements of action plans, each limited to the plans the caller may see. */
@Injectable()
export class PlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The plans the caller may see (of one group, if given): active first, then drafts, completed, archived. */
  async list(planner: Planner, groupId?: string): Promise<PlanRow[]> {
    const visible = visiblePlanSql(planner, 1);
    const params: unknown[] = [...visible.params];
    let where = visible.sql;
    if (groupId) {
      params.push(groupId);
      where += ` AND p.group_id = $${params.length}`;
    }
    return this.dataSource.query<PlanRow[]>(
      `${PLAN_SELECT} WHERE ${where}
       ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END, p.title, p.id`,
      params,
    );
  }

  /** The plan, if the caller may see it. */
  async get(
    planner: Planner,
    planId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<PlanRow | undefined> {
    const visible = visiblePlanSql(planner, 1);
    const [row] = await m.query<PlanRow[]>(`${PLAN_SELECT} WHERE ${visible.sql} AND p.id = $4`, [
      ...visible.params,
      planId,
    ]);
    return row;
  }

  /** The revision of the plan's items, if the caller may see the plan. */
  async itemsRevision(planner: Planner, planId: string): Promise<string | undefined> {
    const visible = visiblePlanSql(planner, 1);
    const [row] = await this.dataSource.query<{ revision: string }[]>(
      `SELECT p.items_revision AS revision FROM action_plan p WHERE ${visible.sql} AND p.id = $4`,
      [...visible.params, planId],
    );
    return row?.revision;
  }

  /** Inserts a plan and returns its id. */
  async insert(m: EntityManager, groupId: string, plan: PlanValues, createdBy: string): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO action_plan (group_id, title, objective, owning_organisation_id, period_start, period_end, status, tlp, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        groupId,
        plan.title,
        plan.objective,
        plan.owningOrganisationId,
        plan.periodStart,
        plan.periodEnd,
        plan.status,
        plan.tlp,
        createdBy,
      ],
    );
    return id;
  }

  /** Writes the plan if its version matches; false when it did not. */
  async update(m: EntityManager, planId: string, version: number, plan: PlanValues): Promise<boolean> {
    const result = await m.query<[unknown[], number]>(
      `UPDATE action_plan SET title = $3, objective = $4, owning_organisation_id = $5, period_start = $6, period_end = $7,
                status = $8, tlp = $9, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
      [
        planId,
        version,
        plan.title,
        plan.objective,
        plan.owningOrganisationId,
        plan.periodStart,
        plan.periodEnd,
        plan.status,
        plan.tlp,
      ],
    );
    return result[1] !== 0;
  }

  async organisationExists(m: EntityManager, organisationId: string): Promise<boolean> {
    const [org] = await m.query(`SELECT 1 FROM directory_organisation WHERE id = $1`, [organisationId]);
    return Boolean(org);
  }
}
