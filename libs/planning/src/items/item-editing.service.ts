import { Injectable } from '@nestjs/common';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { renderMarkdown } from '@liaison/core';
import { ThreadLinks } from '@liaison/messaging';
import type { Planner } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { type PlanView, PlansService } from '../plans/plans.service.js';
import type { Priority } from './action-item.entity.js';
import type { ItemView } from './item-view.js';
import { ItemViewsRepository } from './item-views.repository.js';
import { ItemsRepository } from './items.repository.js';
import { changesBetween, ItemChanges, recorded } from './item-changes.js';
import { ItemStatusService } from './item-status.service.js';

export interface ItemInput {
  reference?: string;
  title?: string;
  description?: string;
  leadOrganisationId?: string | null;
  assigneeIds?: string[];
  startDate?: string | null;
  dueDate?: string | null;
  priority?: Priority;
  progress?: number;
  dependsOn?: string[];
}

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';

/** Creating and editing action items: fields, assignees, dependencies and the message an item came from. */
@Injectable()
export class ItemEditingService {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly views: ItemViewsRepository,
    private readonly plans: PlansService,
    private readonly changes: ItemChanges,
    private readonly status: ItemStatusService,
    private readonly threads: ThreadLinks,
  ) {}

  async create(
    planner: Planner,
    planId: string,
    input: ItemInput & { title: string },
    source?: { threadId: string; messageId: string },
  ): Promise<ItemView> {
    let revision = 0;
    const item = await this.repo.transaction(async (m) => {
      const plan = await this.plans.forItemEditor(planner, planId, m);
      if (input.dependsOn?.length) await this.repo.lockGraph(m, planId);
      await this.check(m, plan, null, input);
      if (source) await this.checkSource(m, planner, source);
      const reference = input.reference?.trim() || (await this.nextReference(m, planId));
      const id = await this.insertOrConflict(() =>
        this.repo.insert(
          m,
          planId,
          {
            reference,
            title: input.title.trim(),
            description: input.description ?? '',
            descriptionHtml: renderMarkdown(input.description ?? ''),
            leadOrganisationId: input.leadOrganisationId ?? null,
            startDate: input.startDate ?? null,
            dueDate: input.dueDate ?? null,
            priority: input.priority ?? 'normal',
            progress: input.progress ?? 0,
          },
          source ?? null,
          planner.userId,
        ),
      );
      await this.setLinks(m, id, input);
      const created = (await this.views.byId(id, m))!;
      await this.changes.record(
        m,
        planner,
        created,
        'created',
        changesBetween(null, recorded(created, await this.changes.references(m, created))),
      );
      revision = await this.repo.touchPlan(m, planId);
      return created;
    });
    this.changes.published(item, [], revision);
    return item;
  }

  async update(planner: Planner, itemId: string, version: number, input: ItemInput): Promise<ItemView> {
    const item = await this.changes.change(planner, itemId, version, async (m, before, plan) => {
      if (input.dependsOn) await this.repo.lockGraph(m, before.planId);
      await this.check(m, plan, before, input);
      const merged = { ...before, ...input };
      const description = input.description ?? before.description;
      await this.insertOrConflict(() =>
        this.repo.update(m, itemId, {
          reference: merged.reference.trim(),
          title: merged.title.trim(),
          description,
          descriptionHtml: input.description === undefined ? before.descriptionHtml : renderMarkdown(description),
          leadOrganisationId: merged.leadOrganisationId,
          startDate: merged.startDate,
          dueDate: merged.dueDate,
          priority: merged.priority,
          progress: merged.progress,
        }),
      );
      await this.setLinks(m, itemId, input, true);
      return 'updated';
    });
    return item;
  }

  private async check(m: EntityManager, plan: PlanView, before: ItemView | null, input: ItemInput): Promise<void> {
    const startDate = input.startDate !== undefined ? input.startDate : (before?.startDate ?? null);
    const dueDate = input.dueDate !== undefined ? input.dueDate : (before?.dueDate ?? null);
    if (startDate && dueDate && dueDate < startDate) {
      throw invalid('invalid_item', 'dueDate', 'the due date must not be before the start date');
    }
    if (input.leadOrganisationId) {
      if (!(await this.repo.organisationExists(m, input.leadOrganisationId)))
        throw invalid('invalid_item', 'leadOrganisationId', 'no such organisation');
    }
    if (input.assigneeIds?.length) {
      const members = await this.repo.editorsAmong(m, plan.groupId, input.assigneeIds);
      if (members.length !== new Set(input.assigneeIds).size) {
        throw invalid('invalid_item', 'assigneeIds', "assignees must be chairs or members of the plan's working group");
      }
    }
    if (input.dependsOn?.length) await this.status.checkDependencies(m, plan, before, input.dependsOn);
  }

  private async checkSource(m: EntityManager, planner: Planner, source: { threadId: string; messageId: string }) {
    const found = await this.threads.hasMessage(source.threadId, source.messageId, planner.userId, m);
    if (!found) throw invalid('invalid_item', 'source', 'no such message in a thread of yours');
  }

  private async setLinks(m: EntityManager, itemId: string, input: ItemInput, replace = false): Promise<void> {
    if (input.assigneeIds) {
      if (replace) await this.repo.deleteAssignees(m, itemId);
      await this.repo.addAssignees(m, itemId, input.assigneeIds);
    }
    if (input.dependsOn) {
      if (replace) await this.repo.deleteDependencies(m, itemId);
      await this.repo.addDependencies(m, itemId, input.dependsOn);
    }
  }

  private async nextReference(m: EntityManager, planId: string): Promise<string> {
    return String(await this.repo.nextReferenceNumber(m, planId));
  }

  private async insertOrConflict<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new PlanningError('duplicate_reference', 'Another item of this plan has that reference.', [
          { field: 'reference', reasons: ['another item of this plan has that reference'] },
        ]);
      }
      throw err;
    }
  }
}
