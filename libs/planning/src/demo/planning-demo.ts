import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DemoSeedService, renderMarkdown } from '@liaison/core';
import { DEMO_GROUPS, PEOPLE, type Person } from './demo-plans.js';
import { PlanningDemoRepository } from './planning-demo.repository.js';

const day = (offset: number | undefined): string | null =>
  offset === undefined ? null : new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Seeds the demo working groups, plans and items (after the demo accounts). */
@Injectable()
export class PlanningDemo implements OnModuleInit {
  constructor(
    private readonly seeds: DemoSeedService,
    private readonly repo: PlanningDemoRepository,
  ) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 20,
      name: 'planning: demo working groups and plans',
      seed: (m) => seedPlanning(m, this.repo),
    });
  }
}

export async function seedPlanning(m: EntityManager, repo: PlanningDemoRepository): Promise<void> {
  const users = new Map((await repo.usersByEmail(m, Object.values(PEOPLE))).map((u) => [u.email, u.id]));
  const idOf = (p: Person): string => {
    const id = users.get(PEOPLE[p]);
    if (!id) throw new Error(`demo account ${PEOPLE[p]} is missing`);
    return id;
  };
  // The lead organisation for a country: its first law-enforcement body in the demo directory.
  const leads = new Map((await repo.leadOrganisations(m)).map((r) => [r.code, r.id]));
  for (const group of DEMO_GROUPS) {
    const chair = idOf(group.members.find(([, role]) => role === 'chair')![0]);
    const groupId = await repo.insertGroup(m, group.name, group.purpose, chair);
    for (const [person, role] of group.members) {
      await repo.insertMember(m, groupId, idOf(person), role);
    }
    for (const plan of group.plans) {
      const planId = await repo.insertPlan(m, {
        groupId,
        title: plan.title,
        objective: plan.objective,
        status: plan.status,
        tlp: plan.tlp,
        createdBy: chair,
        periodStart: day(-90),
        periodEnd: day(270),
      });
      const byReference = new Map<string, string>();
      for (const item of plan.items) {
        const id = await repo.insertItem(m, {
          planId,
          reference: item.reference,
          title: item.title,
          description: item.description ?? '',
          descriptionHtml: renderMarkdown(item.description ?? ''),
          leadOrganisationId: item.country ? (leads.get(item.country) ?? null) : null,
          startDate: day(item.start),
          dueDate: day(item.due),
          priority: item.priority ?? 'normal',
          progress: item.progress ?? 0,
          status: item.status ?? 'not_started',
          statusReason: item.reason ?? null,
          createdBy: chair,
        });
        byReference.set(item.reference, id);
        for (const person of item.assignees ?? []) {
          await repo.insertAssignee(m, id, idOf(person));
        }
        for (const reference of item.dependsOn ?? []) {
          await repo.insertDependency(m, id, byReference.get(reference));
        }
        await repo.insertCreatedActivity(
          m,
          id,
          planId,
          chair,
          JSON.stringify({
            title: { before: null, after: item.title },
            status: { before: null, after: item.status ?? 'not_started' },
          }),
        );
      }
    }
  }
}
