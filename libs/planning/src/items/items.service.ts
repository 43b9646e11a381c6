import { Injectable } from '@nestjs/common';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { RealtimePublisher, renderMarkdown, userRoom } from '@liaison/core';
import { ThreadLinks } from '@liaison/messaging';
import { type Planner, planRoom } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { type CachedView, PlanCache } from '../plans/plan-cache.js';
import { type PlanView, PlansService } from '../plans/plans.service.js';
import type { Tlp } from '../plans/action-plan.entity.js';
import type { ActivityAction, Changes, ItemStatus, Priority } from './action-item.entity.js';
import { cycleThrough, type DependencyGraph } from './dependencies.js';
import { boardEntry, type BoardItem, byReference, type ItemView } from './item-view.js';
import { ItemViewsRepository } from './item-views.repository.js';
import { ItemsRepository } from './items.repository.js';
import { allowedTransitions, isReopening, needsReason } from './status-machine.js';

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

export type MyItemView = BoardItem & { planTitle: string; planTlp: Tlp; groupName: string };

export interface CommentView {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  bodyHtml: string;
  createdAt: string;
}

export interface ActivityView {
  id: string;
  actorId: string;
  actorName: string;
  action: ActivityAction;
  changes: Changes;
  version: number;
  at: string;
}

/** What an activity row records of an item: readable values (names and references, not ids). */
const recorded = (item: ItemView, references: Map<string, string>) => ({
  reference: item.reference,
  title: item.title,
  description: item.description,
  leadOrganisation: item.leadOrganisationName,
  assignees: item.assignees.map((a) => a.displayName),
  startDate: item.startDate,
  dueDate: item.dueDate,
  priority: item.priority,
  progress: item.progress,
  status: item.status,
  statusReason: item.statusReason,
  dependsOn: item.dependsOn.map((id) => references.get(id) ?? id).sort(),
});

function changesBetween(before: Record<string, unknown> | null, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(after)) {
    const old = before ? before[field] : null;
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[field] = { before: old ?? null, after: value };
  }
  return changes;
}

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';

/**
 * Action items: edits checked against a version (409 with the current item when stale), the
 * status machine, dependencies without cycles, comments, and an activity row for every change,
 * written in the same transaction. Every change is published to the plan's room.
 */
@Injectable()
export class ItemsService {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly views: ItemViewsRepository,
    private readonly plans: PlansService,
    private readonly publisher: RealtimePublisher,
    private readonly cache: PlanCache,
    private readonly threads: ThreadLinks,
  ) {}

  async list(planner: Planner, planId: string, filter: { status?: ItemStatus[]; assignee?: string; q?: string } = {}) {
    await this.plans.get(planner, planId);
    return this.views.list(planId, {
      status: filter.status,
      assigneeId: filter.assignee ? (filter.assignee === 'me' ? planner.userId : filter.assignee) : undefined,
      q: filter.q,
    });
  }

  /** The board: every item of the plan as JSON (`{items}`), built once per revision of its items. */
  async board(planner: Planner, planId: string): Promise<CachedView> {
    const revision = await this.plans.itemsRevision(planner, planId);
    return this.cache.board(planId, revision, () => this.views.board(planId));
  }

  /** The item and its plan, if the caller may see the plan; 404 otherwise. */
  async get(planner: Planner, itemId: string, manager?: EntityManager) {
    const item = await this.views.byId(itemId, manager);
    if (!item) throw new PlanningError('item_not_found', 'No such action item.');
    const plan = await this.plans.get(planner, item.planId, manager).catch((err: unknown) => {
      throw err instanceof PlanningError ? new PlanningError('item_not_found', 'No such action item.') : err;
    });
    return { item, plan };
  }

  async mine(planner: Planner, overdueOnly: boolean): Promise<MyItemView[]> {
    const plans = await this.repo.plansAssigning(planner);
    if (plans.length === 0) return [];
    const byPlan = new Map(plans.map((p) => [p.id, p]));
    const items = await this.views.assignedTo(planner.userId, [...byPlan.keys()], overdueOnly);
    const open = (s: ItemStatus) => (s === 'done' || s === 'cancelled' ? 1 : 0);
    return items
      .map((i) => {
        const p = byPlan.get(i.planId)!;
        return { ...i, planTitle: p.title, planTlp: p.tlp, groupName: p.groupName };
      })
      .sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          open(a.status) - open(b.status) ||
          (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
          a.planTitle.localeCompare(b.planTitle) ||
          byReference(a, b),
      );
  }

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
      await this.record(
        m,
        planner,
        created,
        'created',
        changesBetween(null, recorded(created, await this.references(m, created))),
      );
      revision = await this.repo.touchPlan(m, planId);
      return created;
    });
    this.published(item, [], revision);
    return item;
  }

  async update(planner: Planner, itemId: string, version: number, input: ItemInput): Promise<ItemView> {
    const item = await this.change(planner, itemId, version, async (m, before, plan) => {
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

  async transition(
    planner: Planner,
    itemId: string,
    version: number,
    to: ItemStatus,
    reason?: string,
  ): Promise<ItemView> {
    return this.change(planner, itemId, version, async (m, before, plan) => {
      const allowed = allowedTransitions(before.status, plan.myRole === 'chair');
      if (!allowed.includes(to)) {
        const why =
          isReopening(before.status) && plan.myRole !== 'chair'
            ? `only the group's chairs reopen an item that is ${before.status.replace('_', ' ')}`
            : `an item that is ${before.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`;
        throw new PlanningError(
          'invalid_transition',
          `This change of status is not allowed: ${why}.`,
          [{ field: 'to', reasons: [why] }],
          {
            allowed,
          },
        );
      }
      const trimmed = reason?.trim();
      if (needsReason(to) && !trimmed) {
        throw invalid('invalid_item', 'reason', `say why the item is ${to === 'blocked' ? 'blocked' : 'cancelled'}`);
      }
      await this.repo.setStatus(m, itemId, to, needsReason(to) ? trimmed : null);
      return 'transitioned';
    });
  }

  async comments(planner: Planner, itemId: string): Promise<CommentView[]> {
    await this.get(planner, itemId);
    const rows = await this.repo.comments(itemId);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Members of the group comment, observers too; others who may see the plan only read. */
  async comment(planner: Planner, itemId: string, body: string): Promise<CommentView> {
    let revision = 0;
    const { comment, item } = await this.repo.transaction(async (m) => {
      const { item: current, plan } = await this.get(planner, itemId, m);
      if (!plan.myRole) throw new PlanningError('not_allowed', "Only the group's members comment on its items.");
      const row = await this.repo.insertComment(m, itemId, planner.userId, body.trim(), renderMarkdown(body.trim()));
      await this.record(m, planner, current, 'commented', {});
      revision = await this.repo.touchPlan(m, current.planId);
      const name = await this.repo.displayName(m, planner.userId);
      const after = (await this.views.byId(itemId, m))!;
      return {
        item: after,
        comment: {
          id: row.id,
          authorId: planner.userId,
          authorName: name,
          body: body.trim(),
          bodyHtml: renderMarkdown(body.trim()),
          createdAt: new Date(row.createdAt).toISOString(),
        },
      };
    });
    this.published(item, [], revision);
    return comment;
  }

  async activity(planner: Planner, itemId: string): Promise<ActivityView[]> {
    await this.get(planner, itemId);
    const rows = await this.repo.activity(itemId);
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /**
   * Locks the item, checks the caller's version against it (409 with the current item if
   * stale), applies `apply`, and records the difference as one activity row.
   */
  private async change(
    planner: Planner,
    itemId: string,
    version: number,
    apply: (m: EntityManager, before: ItemView, plan: PlanView) => Promise<ActivityAction>,
  ): Promise<ItemView> {
    let formerAssignees: string[] = [];
    let revision = 0;
    const item = await this.repo.transaction(async (m) => {
      if (!(await this.repo.lock(m, itemId))) throw new PlanningError('item_not_found', 'No such action item.');
      const { item: before } = await this.get(planner, itemId, m);
      const plan = await this.plans.forItemEditor(planner, before.planId, m);
      if (before.version !== version) {
        throw new PlanningError(
          'stale_version',
          'This item was changed by someone else since you loaded it.',
          undefined,
          {
            current: before,
          },
        );
      }
      formerAssignees = before.assignees.map((a) => a.userId);
      const action = await apply(m, before, plan);
      const after = (await this.views.byId(itemId, m))!;
      const references = await this.references(m, before, after);
      await this.record(
        m,
        planner,
        after,
        action,
        changesBetween(recorded(before, references), recorded(after, references)),
      );
      revision = await this.repo.touchPlan(m, after.planId);
      return after;
    });
    this.published(item, formerAssignees, revision);
    return item;
  }

  /**
   * To everyone watching the plan, and to the item's assignees before and after the change
   * wherever they are ("my items" lists follow), each socket once.
   */
  private published(item: ItemView, formerAssignees: string[], revision: number): void {
    this.cache.patchBoard(item.planId, revision, boardEntry(item));
    const people = new Set([...formerAssignees, ...item.assignees.map((a) => a.userId)]);
    this.publisher.toRooms([planRoom(item.planId), ...[...people].map(userRoom)], 'item.updated', {
      planId: item.planId,
      item,
    });
  }

  private async record(m: EntityManager, planner: Planner, item: ItemView, action: ActivityAction, changes: Changes) {
    await this.repo.insertActivity(m, {
      itemId: item.id,
      planId: item.planId,
      actorId: planner.userId,
      action,
      changes,
      version: item.version,
    });
  }

  /** References of the items these depend on, to record dependencies readably. */
  private async references(m: EntityManager, ...items: ItemView[]): Promise<Map<string, string>> {
    const ids = [...new Set(items.flatMap((i) => i.dependsOn))];
    if (ids.length === 0) return new Map();
    const rows = await this.repo.references(m, ids);
    return new Map(rows.map((r) => [r.id, r.reference]));
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
    if (input.dependsOn?.length) {
      const targets = await this.repo.itemsOfPlan(m, plan.id, input.dependsOn);
      if (targets.length !== new Set(input.dependsOn).size) {
        throw invalid('invalid_item', 'dependsOn', 'dependencies must be other items of the same plan');
      }
      if (before) {
        const edges = await this.repo.dependencyEdges(m, plan.id);
        const graph: DependencyGraph = new Map();
        for (const e of edges) graph.set(e.itemId, [...(graph.get(e.itemId) ?? []), e.dependsOnId]);
        graph.delete(before.id);
        const cycle = cycleThrough(graph, before.id, input.dependsOn);
        if (cycle) {
          const refs = await this.references(m, { ...before, dependsOn: cycle });
          const path = cycle.map((id) => (id === before.id ? before.reference : (refs.get(id) ?? id))).join(' → ');
          const reason = `these dependencies would form a cycle: ${path}`;
          throw new PlanningError('dependency_cycle', `Dependencies may not form a cycle: ${path}.`, [
            { field: 'dependsOn', reasons: [reason] },
          ]);
        }
      }
    }
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
