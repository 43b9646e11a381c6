import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type FreeTextColumns, renderMarkdown, rewriteFreeText } from '@liaison/core';

const affected = async (manager: EntityManager, sql: string, params: unknown[]) =>
  (
    (await manager.query(`WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit`, params)) as {
      n: number;
    }[]
  )[0].n;

/** The SQL of planning's part in exports and erasures. */
@Injectable()
export class PlanningPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(userId: string) {
    const q = (sql: string) => this.dataSource.query(sql, [userId]);
    return {
      groups: await q(
        `SELECT g.id, g.name, m.role, m.added_at AS "addedAt" FROM working_group_member m
           JOIN working_group g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY m.added_at`,
      ),
      assignments: await q(
        `SELECT i.id, i.reference, i.title, i.status, i.due_date AS "dueDate", p.title AS plan
           FROM action_item_assignee a JOIN action_item i ON i.id = a.item_id JOIN action_plan p ON p.id = i.plan_id
          WHERE a.user_id = $1 ORDER BY p.title, i.reference`,
      ),
      comments: await q(
        `SELECT c.id, c.item_id AS "itemId", c.body, c.created_at AS "createdAt" FROM action_item_comment c
          WHERE c.author_id = $1 ORDER BY c.created_at`,
      ),
      activity: await q(
        `SELECT item_id AS "itemId", action, changes, at FROM action_item_activity WHERE actor_id = $1 ORDER BY at`,
      ),
      calendarFeeds: await q(
        `SELECT plan_id AS "planId", created_at AS "createdAt", last_used_at AS "lastUsedAt"
           FROM calendar_feed WHERE user_id = $1 ORDER BY created_at`,
      ),
    };
  }

  /**
   * Rewrites the free text of planning that may name the subject: items, plans, groups, comments
   * and item histories (anyone's). Returns rows changed by table, and the items touched.
   */
  async rewriteFreeText(manager: EntityManager, terms: string[], pseudonym: string) {
    const md = (html: string, from: string) => ({ html, from, render: renderMarkdown });
    const specs: FreeTextColumns[] = [
      {
        table: 'action_item',
        key: 'id',
        columns: [{ name: 'title' }, { name: 'description' }, { name: 'status_reason' }],
        rendered: [md('description_html', 'description')],
      },
      { table: 'action_plan', key: 'id', columns: [{ name: 'title' }, { name: 'objective' }] },
      { table: 'working_group', key: 'id', columns: [{ name: 'name' }, { name: 'purpose' }] },
      { table: 'action_item_comment', key: 'id', columns: [{ name: 'body' }], rendered: [md('body_html', 'body')] },
      { table: 'action_item_activity', key: 'id', columns: [{ name: 'changes', json: true }] },
    ];
    const counts: Record<string, number> = {};
    for (const spec of specs) counts[spec.table] = await rewriteFreeText(manager, spec, terms, pseudonym);
    return counts;
  }

  /**
   * The person leaves their working groups and assignments; their plan mutes and feeds go.
   * Comments and activity they wrote stay under the pseudonym (their account's name).
   */
  async erase(manager: EntityManager, userId: string) {
    return {
      groupMemberships: await affected(manager, `DELETE FROM working_group_member WHERE user_id = $1`, [userId]),
      assignments: await affected(manager, `DELETE FROM action_item_assignee WHERE user_id = $1`, [userId]),
      mutes: await affected(manager, `DELETE FROM plan_mute WHERE user_id = $1`, [userId]),
      calendarFeeds: await affected(manager, `DELETE FROM calendar_feed WHERE user_id = $1`, [userId]),
    };
  }

  /** Cached boards and summaries show names: a new revision of the plans concerned retires them. */
  async retireViews(manager: EntityManager, userId: string | null, everything: boolean): Promise<void> {
    const plans = (await manager.query(
      `SELECT DISTINCT i.plan_id AS id FROM action_item i
        WHERE $2 OR i.id IN (SELECT item_id FROM action_item_assignee WHERE user_id = $1)
           OR i.id IN (SELECT item_id FROM action_item_comment WHERE author_id = $1)`,
      [userId, everything],
    )) as { id: string }[];
    await manager.query(`UPDATE action_plan SET items_revision = items_revision + 1 WHERE id = ANY($1::uuid[])`, [
      plans.map((p) => p.id),
    ]);
  }
}
