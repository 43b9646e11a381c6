import { Injectable } from '@nestjs/common';
import { renderMarkdown } from '@liaison/core';
import type { Planner } from '../access.js';
import { PlanningError } from '../errors.js';
import type { ActivityAction, Changes } from './action-item.entity.js';
import { ItemViewsRepository } from './item-views.repository.js';
import { ItemsRepository } from './items.repository.js';
import { ItemChanges } from './item-changes.js';
import { ItemsService } from './items.service.js';

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

/** Comments on an item and its history of changes. */
@Injectable()
export class ItemCommentsService {
  constructor(
    private readonly repo: ItemsRepository,
    private readonly views: ItemViewsRepository,
    private readonly items: ItemsService,
    private readonly changes: ItemChanges,
  ) {}

  async comments(planner: Planner, itemId: string): Promise<CommentView[]> {
    await this.items.get(planner, itemId);
    const rows = await this.repo.comments(itemId);
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Members of the group comment, observers too; others who may see the plan only read. */
  async comment(planner: Planner, itemId: string, body: string): Promise<CommentView> {
    let revision = 0;
    const { comment, item } = await this.repo.transaction(async (m) => {
      const { item: current, plan } = await this.items.get(planner, itemId, m);
      if (!plan.myRole) throw new PlanningError('not_allowed', "Only the group's members comment on its items.");
      const row = await this.repo.insertComment(m, itemId, planner.userId, body.trim(), renderMarkdown(body.trim()));
      await this.changes.record(m, planner, current, 'commented', {});
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
    this.changes.published(item, [], revision);
    return comment;
  }

  async activity(planner: Planner, itemId: string): Promise<ActivityView[]> {
    await this.items.get(planner, itemId);
    const rows = await this.repo.activity(itemId);
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }
}
