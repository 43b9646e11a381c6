import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceOnce } from '@liaison/core';
import { DirectoryDemoSeeder } from './seeders/directory-seeder.js';
import { IdentityDemoSeeder } from './seeders/identity-seeder.js';
import { OutreachDemoSeeder } from './seeders/outreach-seeder.js';
import { PlanningDemoSeeder } from './seeders/planning-seeder.js';

/** One step of the demo seeding: a context's share, in the seeding transaction. */
export interface DemoSeedStep {
  name: string;
  seed(manager: EntityManager): Promise<unknown>;
}

const SEEDED_KEY = 'demo_seeded_at';

/**
 * Seeds the demo workspace once per database, every step in one transaction (so a half-seeded
 * workspace never exists) under an advisory lock (so concurrent starts seed it once).
 */
@Injectable()
export class DemoSeedService {
  /** The steps, in order: each context's share after those it refers to. */
  readonly steps: readonly DemoSeedStep[];

  constructor(
    private readonly once: WorkspaceOnce,
    directory: DirectoryDemoSeeder,
    identity: IdentityDemoSeeder,
    planning: PlanningDemoSeeder,
    outreach: OutreachDemoSeeder,
  ) {
    this.steps = [
      { name: 'directory: demo organisations', seed: (m) => directory.seedOrganisations(m) },
      {
        name: 'directory: demo network (organisations, contacts, points of contact)',
        seed: (m) => directory.seedNetwork(m),
      },
      { name: 'identity: demo accounts', seed: (m) => identity.seedAccounts(m) },
      { name: 'planning: demo working groups and plans', seed: (m) => planning.seed(m) },
      // Before outreach announces to these people.
      { name: 'identity: demo accounts for designated contacts', seed: (m) => identity.seedContactAccounts(m) },
      { name: 'outreach: demo announcements and the summit invitation', seed: (m) => outreach.seed(m) },
    ];
  }

  /** When the demo workspace was seeded, or null. */
  seededAt(): Promise<Date | null> {
    return this.once.doneAt(SEEDED_KEY);
  }

  /** Seeds unless already seeded; says whether it seeded and which steps ran. */
  async seedOnce(): Promise<{ seeded: boolean; seeders: string[] }> {
    const run = await this.once.run(SEEDED_KEY, async (manager) => {
      const ran: string[] = [];
      for (const step of this.steps) {
        await step.seed(manager);
        ran.push(step.name);
      }
      return ran;
    });
    return run.ran ? { seeded: true, seeders: run.result } : { seeded: false, seeders: [] };
  }
}
