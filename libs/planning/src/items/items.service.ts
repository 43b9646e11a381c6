import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { RealtimePublisher, renderMarkdown, userRoom } from '@liaison/core';
import { ThreadLinks } from '@liaison/messaging';
import { type Planner, planRoom, visiblePlanSql } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { type CachedView, PlanCache } from '../plans/plan-cache.js';
import { type PlanView, PlansService } from '../plans/plans.service.js';
import type { Tlp } from '../plans/action-plan.entity.js';
import type { ActivityAction, Changes, ItemStatus, Priority } from './action-item.entity.js';
import { cycleThrough, type DependencyGraph } from './dependencies.js';
import {
  boardEntry,
  type BoardItem,
  boardItems,
  boardParts,
  byReference,
  itemViews,
  type ItemView,
} from './item-view.js';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly publisher: RealtimePublisher,
    private readonly cache: PlanCache,
    private readonly threads: ThreadLinks,
  ) {}

  async list(planner: Planner, planId: string, filter: { status?: ItemStatus[]; assignee?: string; q?: string } = {}) {
    await this.plans.get(planner, planId);
    const params: unknown[] = [planId];
    const where = ['i.plan_id = $1'];
    if (filter.status?.length) {
      params.push(filter.status);
      where.push(`i.status = ANY($${params.length}::text[])`);
    }
    if (filter.assignee) {
      params.push(filter.assignee === 'me' ? planner.userId : filter.assignee);
      where.push(
        `EXISTS (SELECT 1 FROM action_item_assignee fa WHERE fa.item_id = i.id AND fa.user_id = $${params.length})`,
      );
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[%_\\]/g, '\\$&')}%`);
      where.push(`(i.title ILIKE $${params.length} OR i.reference ILIKE $${params.length})`);
    }
    return boardItems(this.dataSource.manager, where.join(' AND '), params);
  }

  /** The board: every item of the plan as JSON (`{items}`), built once per revision of its items. */
  async board(planner: Planner, planId: string): Promise<CachedView> {
    const revision = await this.plans.itemsRevision(planner, planId);
    return this.cache.board(planId, revision, () => boardParts(this.dataSource.manager, planId));
  }

  /** The item and its plan, if the caller may see the plan; 404 otherwise. */
  async get(planner: Planner, itemId: string, manager: EntityManager = this.dataSource.manager) {
    const [item] = await itemViews(manager, 'i.id = $1', [itemId]);
    if (!item) throw new PlanningError('item_not_found', 'No such action item.');
    const plan = await this.plans.get(planner, item.planId, manager).catch((err: unknown) => {
      throw err instanceof PlanningError ? new PlanningError('item_not_found', 'No such action item.') : err;
    });
    return { item, plan };
  }

  async mine(planner: Planner, overdueOnly: boolean): Promise<MyItemView[]> {
    const visible = visiblePlanSql(planner, 1);
    const plans = await this.dataSource.query<{ id: string; title: string; tlp: Tlp; groupName: string }[]>(
      `SELECT p.id, p.title, p.tlp, g.name AS "groupName" FROM action_plan p JOIN working_group g ON g.id = p.group_id
        WHERE ${visible.sql} AND p.status <> 'archived'
          AND EXISTS (SELECT 1 FROM action_item_assignee a JOIN action_item i ON i.id = a.item_id WHERE i.plan_id = p.id AND a.user_id = $1)`,
      visible.params,
    );
    if (plans.length === 0) return [];
    const byPlan = new Map(plans.map((p) => [p.id, p]));
    const items = await boardItems(
      this.dataSource.manager,
      `i.plan_id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM action_item_assignee a WHERE a.item_id = i.id AND a.user_id = $2)
       ${overdueOnly ? `AND i.due_date < (now() AT TIME ZONE 'UTC')::date AND i.status NOT IN ('done', 'cancelled')` : ''}`,
      [[...byPlan.keys()], planner.userId],
    );
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
    const item = await this.dataSource.transaction(async (m) => {
      const plan = await this.plans.forItemEditor(planner, planId, m);
      if (input.dependsOn?.length) await this.lockGraph(m, planId);
      await this.check(m, plan, null, input);
      if (source) await this.checkSource(m, planner, source);
      const reference = input.reference?.trim() || (await this.nextReference(m, planId));
      const [{ id }] = await this.insertOrConflict(() =>
        m.query<{ id: string }[]>(
          `INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date,
                                    due_date, priority, progress, source_thread_id, source_message_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
          [
            planId,
            reference,
            input.title.trim(),
            input.description ?? '',
            renderMarkdown(input.description ?? ''),
            input.leadOrganisationId ?? null,
            input.startDate ?? null,
            input.dueDate ?? null,
            input.priority ?? 'normal',
            input.progress ?? 0,
            source?.threadId ?? null,
            source?.messageId ?? null,
            planner.userId,
          ],
        ),
      );
      await this.setLinks(m, id, input);
      const [created] = await itemViews(m, 'i.id = $1', [id]);
      await this.record(
        m,
        planner,
        created,
        'created',
        changesBetween(null, recorded(created, await this.references(m, created))),
      );
      revision = await this.touchPlan(m, planId);
      return created;
    });
    this.published(item, [], revision);
    return item;
  }

  async update(planner: Planner, itemId: string, version: number, input: ItemInput): Promise<ItemView> {
    const item = await this.change(planner, itemId, version, async (m, before, plan) => {
      if (input.dependsOn) await this.lockGraph(m, before.planId);
      await this.check(m, plan, before, input);
      const merged = { ...before, ...input };
      const description = input.description ?? before.description;
      await this.insertOrConflict(() =>
        m.query(
          `UPDATE action_item SET reference = $2, title = $3, description = $4, description_html = $5, lead_organisation_id = $6,
                  start_date = $7, due_date = $8, priority = $9, progress = $10, version = version + 1, updated_at = now()
            WHERE id = $1`,
          [
            itemId,
            merged.reference.trim(),
            merged.title.trim(),
            description,
            input.description === undefined ? before.descriptionHtml : renderMarkdown(description),
            merged.leadOrganisationId,
            merged.startDate,
            merged.dueDate,
            merged.priority,
            merged.progress,
          ],
        ),
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
      await m.query(
        `UPDATE action_item SET status = $2, status_reason = $3, progress = CASE WHEN $2 = 'done' THEN 100 ELSE progress END,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [itemId, to, needsReason(to) ? trimmed : null],
      );
      return 'transitioned';
    });
  }

  async comments(planner: Planner, itemId: string): Promise<CommentView[]> {
    await this.get(planner, itemId);
    const rows = await this.dataSource.query<(Omit<CommentView, 'createdAt'> & { createdAt: Date })[]>(
      `SELECT c.id, c.author_id AS "authorId", u.display_name AS "authorName", c.body, c.body_html AS "bodyHtml", c.created_at AS "createdAt"
         FROM action_item_comment c JOIN user_account u ON u.id = c.author_id
        WHERE c.item_id = $1 ORDER BY c.created_at, c.id`,
      [itemId],
    );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Members of the group comment, observers too; others who may see the plan only read. */
  async comment(planner: Planner, itemId: string, body: string): Promise<CommentView> {
    let revision = 0;
    const { comment, item } = await this.dataSource.transaction(async (m) => {
      const { item: current, plan } = await this.get(planner, itemId, m);
      if (!plan.myRole) throw new PlanningError('not_allowed', "Only the group's members comment on its items.");
      const [row] = await m.query<{ id: string; createdAt: Date }[]>(
        `INSERT INTO action_item_comment (item_id, author_id, body, body_html) VALUES ($1, $2, $3, $4)
         RETURNING id, created_at AS "createdAt"`,
        [itemId, planner.userId, body.trim(), renderMarkdown(body.trim())],
      );
      await this.record(m, planner, current, 'commented', {});
      revision = await this.touchPlan(m, current.planId);
      const [{ name }] = await m.query<{ name: string }[]>(
        `SELECT display_name AS name FROM user_account WHERE id = $1`,
        [planner.userId],
      );
      const [after] = await itemViews(m, 'i.id = $1', [itemId]);
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
    const rows = await this.dataSource.query<(Omit<ActivityView, 'at'> & { at: Date })[]>(
      `SELECT a.id::text, a.actor_id AS "actorId", u.display_name AS "actorName", a.action, a.changes, a.item_version AS version, a.at
         FROM action_item_activity a JOIN user_account u ON u.id = a.actor_id
        WHERE a.item_id = $1 ORDER BY a.id DESC LIMIT 500`,
      [itemId],
    );
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
    const item = await this.dataSource.transaction(async (m) => {
      const [locked] = await m.query<{ planId: string }[]>(
        `SELECT plan_id AS "planId" FROM action_item WHERE id = $1 FOR UPDATE`,
        [itemId],
      );
      if (!locked) throw new PlanningError('item_not_found', 'No such action item.');
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
      const [after] = await itemViews(m, 'i.id = $1', [itemId]);
      const references = await this.references(m, before, after);
      await this.record(
        m,
        planner,
        after,
        action,
        changesBetween(recorded(before, references), recorded(after, references)),
      );
      revision = await this.touchPlan(m, after.planId);
      return after;
    });
    this.published(item, formerAssignees, revision);
    return item;
  }

  /** Raises the plan's items revision; last in the transaction, so the plan row is locked only briefly. */
  private async touchPlan(m: EntityManager, planId: string): Promise<number> {
    // An UPDATE answers [rows, count].
    const [[row]] = await m.query<[{ revision: string }[], number]>(
      `UPDATE action_plan SET items_revision = items_revision + 1 WHERE id = $1 RETURNING items_revision AS revision`,
      [planId],
    );
    return Number(row!.revision);
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
    await m.query(
      `INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, $4, $5, $6)`,
      [item.id, item.planId, planner.userId, action, JSON.stringify(changes), item.version],
    );
  }

  /** References of the items these depend on, to record dependencies readably. */
  private async references(m: EntityManager, ...items: ItemView[]): Promise<Map<string, string>> {
    const ids = [...new Set(items.flatMap((i) => i.dependsOn))];
    if (ids.length === 0) return new Map();
    const rows = await m.query<{ id: string; reference: string }[]>(
      `SELECT id, reference FROM action_item WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  /** Dependency changes of one plan are serialised, so two concurrent edits cannot close a cycle between them. */
  private async lockGraph(m: EntityManager, planId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 42))`, [`plan-dependencies:${planId}`]);
  }

  private async check(m: EntityManager, plan: PlanView, before: ItemView | null, input: ItemInput): Promise<void> {
    const startDate = input.startDate !== undefined ? input.startDate : (before?.startDate ?? null);
    const dueDate = input.dueDate !== undefined ? input.dueDate : (before?.dueDate ?? null);
    if (startDate && dueDate && dueDate < startDate) {
      throw invalid('invalid_item', 'dueDate', 'the due date must not be before the start date');
    }
    if (input.leadOrganisationId) {
      const [org] = await m.query(`SELECT 1 FROM organisation WHERE id = $1`, [input.leadOrganisationId]);
      if (!org) throw invalid('invalid_item', 'leadOrganisationId', 'no such organisation');
    }
    if (input.assigneeIds?.length) {
      const members = await m.query<{ userId: string }[]>(
        `SELECT user_id AS "userId" FROM working_group_member WHERE group_id = $1 AND user_id = ANY($2::uuid[]) AND role IN ('chair', 'member')`,
        [plan.groupId, input.assigneeIds],
      );
      if (members.length !== new Set(input.assigneeIds).size) {
        throw invalid('invalid_item', 'assigneeIds', "assignees must be chairs or members of the plan's working group");
      }
    }
    if (input.dependsOn?.length) {
      const targets = await m.query<{ id: string }[]>(
        `SELECT id FROM action_item WHERE plan_id = $1 AND id = ANY($2::uuid[])`,
        [plan.id, input.dependsOn],
      );
      if (targets.length !== new Set(input.dependsOn).size) {
        throw invalid('invalid_item', 'dependsOn', 'dependencies must be other items of the same plan');
      }
      if (before) {
        const edges = await m.query<{ itemId: string; dependsOnId: string }[]>(
          `SELECT d.item_id AS "itemId", d.depends_on_id AS "dependsOnId" FROM action_item_dependency d
             JOIN action_item i ON i.id = d.item_id WHERE i.plan_id = $1`,
          [plan.id],
        );
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
      if (replace) await m.query(`DELETE FROM action_item_assignee WHERE item_id = $1`, [itemId]);
      await m.query(
        `INSERT INTO action_item_assignee (item_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [itemId, input.assigneeIds],
      );
    }
    if (input.dependsOn) {
      if (replace) await m.query(`DELETE FROM action_item_dependency WHERE item_id = $1`, [itemId]);
      await m.query(
        `INSERT INTO action_item_dependency (item_id, depends_on_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [itemId, input.dependsOn],
      );
    }
  }

  private async nextReference(m: EntityManager, planId: string): Promise<string> {
    const [{ n }] = await m.query<{ n: number }[]>(
      `SELECT COALESCE(max(substring(reference FROM '^[0-9]+')::int), 0) + 1 AS n FROM action_item WHERE plan_id = $1`,
      [planId],
    );
    return String(n);
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
