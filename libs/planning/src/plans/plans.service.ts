import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { editsItems, type Planner, planRoom, visiblePlanSql } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import type { GroupRole } from '../groups/working-group.entity.js';
import { GroupsService } from '../groups/groups.service.js';
import type { ItemStatus } from '../items/action-item.entity.js';
import type { PlanStatus, Tlp } from './action-plan.entity.js';
import { type CachedView, PlanCache } from './plan-cache.js';

export interface PlanView {
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
  canEdit: boolean;
  /** The caller muted its reminders. */
  muted: boolean;
  updatedAt: string;
}

export interface PlanInput {
  title?: string;
  objective?: string;
  owningOrganisationId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  status?: PlanStatus;
  tlp?: Tlp;
}

export interface PlanSummary {
  byStatus: Record<ItemStatus, number>;
  total: number;
  overdue: number;
  dueThisWeek: number;
  progress: number;
  byOrganisation: {
    organisationId: string | null;
    name: string | null;
    countryCode: string | null;
    items: number;
    done: number;
    progress: number;
  }[];
  byCountry: {
    countryCode: string | null;
    countryName: string | null;
    items: number;
    done: number;
    overdue: number;
    progress: number;
  }[];
}

const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

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
  LEFT JOIN organisation o ON o.id = p.owning_organisation_id
  LEFT JOIN working_group_member me ON me.group_id = p.group_id AND me.user_id = $1
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS items,
           count(*) FILTER (WHERE i.status = 'done')::int AS done,
           count(*) FILTER (WHERE i.status = 'blocked')::int AS blocked,
           count(*) FILTER (WHERE i.due_date < ${TODAY} AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
           COALESCE(round(avg(i.progress) FILTER (WHERE i.status <> 'cancelled')), 0)::int AS progress
      FROM action_item i WHERE i.plan_id = p.id) c ON true`;

type PlanRow = Omit<PlanView, 'canEdit' | 'updatedAt'> & { updatedAt: Date };

const toPlanView = (row: PlanRow): PlanView => ({
  ...row,
  canEdit: row.myRole === 'chair',
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** Action plans of working groups, with their handling codes enforced in every statement. */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
    private readonly publisher: RealtimePublisher,
    private readonly cache: PlanCache,
  ) {}

  async list(planner: Planner, groupId?: string): Promise<PlanView[]> {
    const visible = visiblePlanSql(planner, 1);
    const params: unknown[] = [...visible.params];
    let where = visible.sql;
    if (groupId) {
      params.push(groupId);
      where += ` AND p.group_id = $${params.length}`;
    }
    const rows = await this.dataSource.query<PlanRow[]>(
      `${PLAN_SELECT} WHERE ${where}
       ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END, p.title, p.id`,
      params,
    );
    return rows.map(toPlanView);
  }

  /** The plan if the caller may see it; 404 otherwise, whether or not it exists. */
  async get(planner: Planner, planId: string, manager: EntityManager = this.dataSource.manager): Promise<PlanView> {
    const visible = visiblePlanSql(planner, 1);
    const [row] = await manager.query<PlanRow[]>(`${PLAN_SELECT} WHERE ${visible.sql} AND p.id = $4`, [
      ...visible.params,
      planId,
    ]);
    if (!row) throw new PlanningError('plan_not_found', 'No such action plan.');
    return toPlanView(row);
  }

  /** The revision of the plan's items, if the caller may see the plan; 404 otherwise. */
  async itemsRevision(planner: Planner, planId: string): Promise<number> {
    const visible = visiblePlanSql(planner, 1);
    const [row] = await this.dataSource.query<{ revision: string }[]>(
      `SELECT p.items_revision AS revision FROM action_plan p WHERE ${visible.sql} AND p.id = $4`,
      [...visible.params, planId],
    );
    if (!row) throw new PlanningError('plan_not_found', 'No such action plan.');
    return Number(row.revision);
  }

  /** The plan, for someone who may change its items (chairs and members). */
  async forItemEditor(planner: Planner, planId: string, manager?: EntityManager): Promise<PlanView> {
    const plan = await this.get(planner, planId, manager);
    if (!editsItems(plan.myRole)) {
      throw new PlanningError('not_allowed', "Only the group's chairs and members change its plan's items.");
    }
    return plan;
  }

  async create(planner: Planner, groupId: string, input: PlanInput & { title: string; tlp: Tlp }): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      if ((await this.groups.roleIn(planner, groupId, m)) !== 'chair') {
        throw new PlanningError('not_allowed', "Only the group's chairs create its plans.");
      }
      await this.checkInput(m, input);
      const [{ id }] = await m.query<{ id: string }[]>(
        `INSERT INTO action_plan (group_id, title, objective, owning_organisation_id, period_start, period_end, status, tlp, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          groupId,
          input.title.trim(),
          input.objective?.trim() ?? '',
          input.owningOrganisationId ?? null,
          input.periodStart ?? null,
          input.periodEnd ?? null,
          input.status ?? 'draft',
          input.tlp,
          planner.userId,
        ],
      );
      await this.audit.record(
        {
          action: 'planning.plan.created',
          actorId: planner.userId,
          targetType: 'action_plan',
          targetId: id,
          details: { tlp: input.tlp },
        },
        m,
      );
      return id;
    });
  }

  async update(planner: Planner, planId: string, version: number, input: PlanInput): Promise<PlanView> {
    const plan = await this.dataSource.transaction(async (m) => {
      const before = await this.get(planner, planId, m);
      if (before.myRole !== 'chair') throw new PlanningError('not_allowed', "Only the group's chairs change the plan.");
      const merged = { ...before, ...input };
      await this.checkInput(m, merged);
      const result = await m.query<[unknown[], number]>(
        `UPDATE action_plan SET title = $3, objective = $4, owning_organisation_id = $5, period_start = $6, period_end = $7,
                status = $8, tlp = $9, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [
          planId,
          version,
          merged.title.trim(),
          merged.objective.trim(),
          merged.owningOrganisationId,
          merged.periodStart,
          merged.periodEnd,
          merged.status,
          merged.tlp,
        ],
      );
      if (result[1] === 0) {
        throw new PlanningError('stale_version', 'The plan was changed by someone else.', undefined, {
          current: before,
        });
      }
      if (before.tlp !== merged.tlp) {
        await this.audit.record(
          {
            action: 'planning.plan.tlp_changed',
            actorId: planner.userId,
            targetType: 'action_plan',
            targetId: planId,
            details: { before: before.tlp, after: merged.tlp },
          },
          m,
        );
      }
      return { plan: await this.get(planner, planId, m), tlpChanged: before.tlp !== merged.tlp };
    });
    this.publisher.toRoom(planRoom(planId), 'plan.updated', {
      plan: { ...plan.plan, myRole: undefined, canEdit: undefined },
    });
    // Who may see the plan changed: every socket leaves its room and subscribes again, checked anew.
    if (plan.tlpChanged) this.publisher.emptyRoom(planRoom(planId));
    return plan.plan;
  }

  /** The summary, serialised once per revision of the plan's items. */
  async summaryView(planner: Planner, planId: string): Promise<CachedView> {
    const revision = await this.itemsRevision(planner, planId);
    return this.cache.get('summary', planId, revision, async () => JSON.stringify(await this.computeSummary(planId)));
  }

  private async computeSummary(planId: string): Promise<PlanSummary> {
    const [rows, organisations] = await Promise.all([
      this.dataSource.query<
        { status: ItemStatus; n: number; overdue: number; week: number; sum: number; counted: number }[]
      >(
        `SELECT status, count(*)::int AS n,
                count(*) FILTER (WHERE due_date < ${TODAY} AND status NOT IN ('done', 'cancelled'))::int AS overdue,
                count(*) FILTER (WHERE due_date >= ${TODAY} AND due_date < ${TODAY} + 7 AND status NOT IN ('done', 'cancelled'))::int AS week,
                COALESCE(sum(progress), 0)::int AS sum
           FROM action_item WHERE plan_id = $1 GROUP BY status`,
        [planId],
      ),
      this.dataSource.query<
        {
          organisationId: string | null;
          name: string | null;
          countryCode: string | null;
          countryName: string | null;
          items: number;
          done: number;
          overdue: number;
          sum: number;
          counted: number;
        }[]
      >(
        `SELECT i.lead_organisation_id AS "organisationId", o.name, o.country_code AS "countryCode", c.name AS "countryName",
                count(*)::int AS items, count(*) FILTER (WHERE i.status = 'done')::int AS done,
                count(*) FILTER (WHERE i.due_date < ${TODAY} AND i.status NOT IN ('done', 'cancelled'))::int AS overdue,
                COALESCE(sum(i.progress) FILTER (WHERE i.status <> 'cancelled'), 0)::int AS sum,
                count(*) FILTER (WHERE i.status <> 'cancelled')::int AS counted
           FROM action_item i
           LEFT JOIN organisation o ON o.id = i.lead_organisation_id
           LEFT JOIN country c ON c.code = o.country_code
          WHERE i.plan_id = $1
          GROUP BY i.lead_organisation_id, o.name, o.country_code, c.name`,
        [planId],
      ),
    ]);
    const byStatus: Record<ItemStatus, number> = { not_started: 0, in_progress: 0, blocked: 0, done: 0, cancelled: 0 };
    let total = 0;
    let overdue = 0;
    let dueThisWeek = 0;
    let sum = 0;
    let counted = 0;
    for (const r of rows) {
      byStatus[r.status] = r.n;
      total += r.n;
      overdue += r.overdue;
      dueThisWeek += r.week;
      if (r.status !== 'cancelled') {
        sum += r.sum;
        counted += r.n;
      }
    }
    const mean = (s: number, n: number) => (n === 0 ? 0 : Math.round(s / n));
    const countries = new Map<string, PlanSummary['byCountry'][number] & { sum: number; counted: number }>();
    for (const o of organisations) {
      const key = o.countryCode ?? '';
      const c = countries.get(key) ?? {
        countryCode: o.countryCode,
        countryName: o.countryName,
        items: 0,
        done: 0,
        overdue: 0,
        progress: 0,
        sum: 0,
        counted: 0,
      };
      c.items += o.items;
      c.done += o.done;
      c.overdue += o.overdue;
      c.sum += o.sum;
      c.counted += o.counted;
      countries.set(key, c);
    }
    return {
      byStatus,
      total,
      overdue,
      dueThisWeek,
      progress: mean(sum, counted),
      byOrganisation: organisations
        .map((o) => ({
          organisationId: o.organisationId,
          name: o.name,
          countryCode: o.countryCode,
          items: o.items,
          done: o.done,
          progress: mean(o.sum, o.counted),
        }))
        .sort((a, b) => b.items - a.items || (a.name ?? '~').localeCompare(b.name ?? '~')),
      byCountry: [...countries.values()]
        .map(({ sum: s, counted: n, ...c }) => ({ ...c, progress: mean(s, n) }))
        .sort((a, b) => (a.countryName ?? '~').localeCompare(b.countryName ?? '~')),
    };
  }

  private async checkInput(m: EntityManager, input: PlanInput): Promise<void> {
    if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
      throw invalid('invalid_plan', 'periodEnd', 'the period must not end before it starts');
    }
    if (input.owningOrganisationId) {
      const [org] = await m.query(`SELECT 1 FROM organisation WHERE id = $1`, [input.owningOrganisationId]);
      if (!org) throw invalid('invalid_plan', 'owningOrganisationId', 'no such organisation');
    }
  }
}
