import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DemoSeedService, renderMarkdown } from '@liaison/core';
import { DEMO_GROUPS, PEOPLE, type Person } from './demo-plans.js';

const day = (offset: number | undefined): string | null =>
  offset === undefined ? null : new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Seeds the demo working groups, plans and items (after the demo accounts). */
@Injectable()
export class PlanningDemo implements OnModuleInit {
  constructor(private readonly seeds: DemoSeedService) {}

  onModuleInit(): void {
    this.seeds.register({ order: 20, name: 'planning: demo working groups and plans', seed: (m) => seedPlanning(m) });
  }
}

export async function seedPlanning(m: EntityManager): Promise<void> {
  const users = new Map(
    (
      await m.query<{ id: string; email: string }[]>(
        `SELECT id, lower(email) AS email FROM user_account WHERE lower(email) = ANY($1)`,
        [Object.values(PEOPLE)],
      )
    ).map((u) => [u.email, u.id]),
  );
  const idOf = (p: Person): string => {
    const id = users.get(PEOPLE[p]);
    if (!id) throw new Error(`demo account ${PEOPLE[p]} is missing`);
    return id;
  };
  // The lead organisation for a country: its first law-enforcement body in the demo directory.
  const leads = new Map(
    (
      await m.query<{ code: string; id: string }[]>(
        `SELECT DISTINCT ON (country_code) country_code AS code, id FROM organisation
          WHERE country_code IS NOT NULL ORDER BY country_code, (kind = 'law_enforcement') DESC, name`,
      )
    ).map((r) => [r.code, r.id]),
  );
  for (const group of DEMO_GROUPS) {
    const chair = idOf(group.members.find(([, role]) => role === 'chair')![0]);
    const [{ id: groupId }] = await m.query<{ id: string }[]>(
      `INSERT INTO working_group (name, purpose, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [group.name, group.purpose, chair],
    );
    for (const [person, role] of group.members) {
      await m.query(`INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)`, [
        groupId,
        idOf(person),
        role,
      ]);
    }
    for (const plan of group.plans) {
      const [{ id: planId }] = await m.query<{ id: string }[]>(
        `INSERT INTO action_plan (group_id, title, objective, status, tlp, created_by, owning_organisation_id, period_start, period_end)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT organisation_id FROM user_account WHERE id = $6), $7, $8) RETURNING id`,
        [groupId, plan.title, plan.objective, plan.status, plan.tlp, chair, day(-90), day(270)],
      );
      const byReference = new Map<string, string>();
      for (const item of plan.items) {
        const [{ id }] = await m.query<{ id: string }[]>(
          `INSERT INTO action_item (plan_id, reference, title, description, description_html, lead_organisation_id, start_date, due_date,
                                    priority, progress, status, status_reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
          [
            planId,
            item.reference,
            item.title,
            item.description ?? '',
            renderMarkdown(item.description ?? ''),
            item.country ? (leads.get(item.country) ?? null) : null,
            day(item.start),
            day(item.due),
            item.priority ?? 'normal',
            item.progress ?? 0,
            item.status ?? 'not_started',
            item.reason ?? null,
            chair,
          ],
        );
        byReference.set(item.reference, id);
        for (const person of item.assignees ?? []) {
          await m.query(`INSERT INTO action_item_assignee (item_id, user_id) VALUES ($1, $2)`, [id, idOf(person)]);
        }
        for (const reference of item.dependsOn ?? []) {
          await m.query(`INSERT INTO action_item_dependency (item_id, depends_on_id) VALUES ($1, $2)`, [
            id,
            byReference.get(reference),
          ]);
        }
        await m.query(
          `INSERT INTO action_item_activity (item_id, plan_id, actor_id, action, changes, item_version) VALUES ($1, $2, $3, 'created', $4, 1)`,
          [
            id,
            planId,
            chair,
            JSON.stringify({
              title: { before: null, after: item.title },
              status: { before: null, after: item.status ?? 'not_started' },
            }),
          ],
        );
      }
    }
  }
}
