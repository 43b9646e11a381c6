import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { editsItems, type Planner, planRoom } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { GroupsService } from '../groups/groups.service.js';
import type { PlanStatus, Tlp } from './action-plan.entity.js';
import type { CachedView } from './plan-cache.js';
import { PlanViewsRepository } from './plan-views.repository.js';
import { type PlanRow, PlansRepository } from './plans.repository.js';

/** A plan as the API answers it: the row, whether the caller may edit it, the time as ISO text. */
export interface PlanView extends Omit<PlanRow, 'updatedAt'> {
  canEdit: boolean;
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

const toPlanView = (row: PlanRow): PlanView => ({
  ...row,
  canEdit: row.myRole === 'chair',
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** Action plans of working groups, with their handling codes enforced in every statement. */
@Injectable()
export class PlansService {
  constructor(
    private readonly repo: PlansRepository,
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
    private readonly publisher: RealtimePublisher,
    private readonly views: PlanViewsRepository,
  ) {}

  async list(planner: Planner, groupId?: string): Promise<PlanView[]> {
    return (await this.repo.list(planner, groupId)).map(toPlanView);
  }

  /** The plan if the caller may see it; 404 otherwise, whether or not it exists. */
  async get(planner: Planner, planId: string, manager?: EntityManager): Promise<PlanView> {
    const row = await this.repo.get(planner, planId, manager);
    if (!row) throw new PlanningError('plan_not_found', 'No such action plan.');
    return toPlanView(row);
  }

  /** The revision of the plan's items, if the caller may see the plan; 404 otherwise. */
  async itemsRevision(planner: Planner, planId: string): Promise<number> {
    const revision = await this.repo.itemsRevision(planner, planId);
    if (revision === undefined) throw new PlanningError('plan_not_found', 'No such action plan.');
    return Number(revision);
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
    return this.repo.transaction(async (m) => {
      if ((await this.groups.roleIn(planner, groupId, m)) !== 'chair') {
        throw new PlanningError('not_allowed', "Only the group's chairs create its plans.");
      }
      await this.checkInput(m, input);
      const id = await this.repo.insert(
        m,
        groupId,
        {
          title: input.title.trim(),
          objective: input.objective?.trim() ?? '',
          owningOrganisationId: input.owningOrganisationId ?? null,
          periodStart: input.periodStart ?? null,
          periodEnd: input.periodEnd ?? null,
          status: input.status ?? 'draft',
          tlp: input.tlp,
        },
        planner.userId,
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
    const plan = await this.repo.transaction(async (m) => {
      const before = await this.get(planner, planId, m);
      if (before.myRole !== 'chair') throw new PlanningError('not_allowed', "Only the group's chairs change the plan.");
      const merged = { ...before, ...input };
      await this.checkInput(m, merged);
      const updated = await this.repo.update(m, planId, version, {
        title: merged.title.trim(),
        objective: merged.objective.trim(),
        owningOrganisationId: merged.owningOrganisationId,
        periodStart: merged.periodStart,
        periodEnd: merged.periodEnd,
        status: merged.status,
        tlp: merged.tlp,
      });
      if (!updated) {
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
    return this.views.summary(planId, await this.itemsRevision(planner, planId));
  }

  private async checkInput(m: EntityManager, input: PlanInput): Promise<void> {
    if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
      throw invalid('invalid_plan', 'periodEnd', 'the period must not end before it starts');
    }
    if (input.owningOrganisationId) {
      if (!(await this.repo.organisationExists(m, input.owningOrganisationId)))
        throw invalid('invalid_plan', 'owningOrganisationId', 'no such organisation');
    }
  }
}
