import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DirectorySeeding } from '@liaison/directory';
import { IdentitySeeding } from '@liaison/identity';
import { PlanningSeeding } from '@liaison/planning';
import { DEMO_GROUPS, PEOPLE, type Person } from '../fixtures/demo-plans.js';

const day = (offset: number | undefined): string | null =>
  offset === undefined ? null : new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Planning's share of the demo: the working groups, plans and items (after the demo accounts). */
@Injectable()
export class PlanningDemoSeeder {
  constructor(
    private readonly planning: PlanningSeeding,
    private readonly identity: IdentitySeeding,
    private readonly directory: DirectorySeeding,
  ) {}

  async seed(manager: EntityManager): Promise<void> {
    const users = await this.identity.accountIds(manager, Object.values(PEOPLE));
    const idOf = (p: Person): string => {
      const id = users.get(PEOPLE[p]);
      if (!id) throw new Error(`demo account ${PEOPLE[p]} is missing`);
      return id;
    };
    // The lead organisation for a country: its first law-enforcement body in the demo directory.
    const leads = await this.directory.leadOrganisations(manager);
    for (const group of DEMO_GROUPS) {
      await this.planning.insertGroup(manager, {
        name: group.name,
        purpose: group.purpose,
        createdBy: idOf(group.members.find(([, role]) => role === 'chair')![0]),
        members: group.members.map(([person, role]) => ({ userId: idOf(person), role })),
        plans: group.plans.map((plan) => ({
          title: plan.title,
          objective: plan.objective,
          status: plan.status,
          tlp: plan.tlp,
          periodStart: day(-90),
          periodEnd: day(270),
          items: plan.items.map((item) => ({
            reference: item.reference,
            title: item.title,
            description: item.description ?? '',
            leadOrganisationId: item.country ? (leads.get(item.country) ?? null) : null,
            startDate: day(item.start),
            dueDate: day(item.due),
            priority: item.priority ?? 'normal',
            progress: item.progress ?? 0,
            status: item.status ?? 'not_started',
            statusReason: item.reason ?? null,
            assigneeIds: (item.assignees ?? []).map(idOf),
            dependsOn: item.dependsOn ?? [],
          })),
        })),
      });
    }
  }
}
