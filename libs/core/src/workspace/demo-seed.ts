import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DemoSeedRepository } from './demo-seed.repository.js';

/** One context's share of the demo workspace; runs inside the seeding transaction. */
export interface DemoSeeder {
  /** Lower runs first (directory before planning, for instance). */
  order: number;
  name: string;
  seed(manager: EntityManager): Promise<void>;
}

const SEEDED_KEY = 'demo_seeded_at';

/**
 * Collects the contexts' demo seeders and runs them once per database, all in one transaction,
 * so a half-seeded workspace never exists.
 */
@Injectable()
export class DemoSeedService {
  private readonly seeders: DemoSeeder[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: DemoSeedRepository,
  ) {}

  register(seeder: DemoSeeder): void {
    this.seeders.push(seeder);
  }

  async seededAt(): Promise<Date | null> {
    const row = await this.repo.findMeta(SEEDED_KEY);
    return row ? new Date(row.value as string) : null;
  }

  /** Seeds unless already seeded; says whether it seeded and which seeders ran. */
  async seedOnce(): Promise<{ seeded: boolean; seeders: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      // Serialise concurrent starts on the same database.
      await this.repo.lockSeeding(manager, SEEDED_KEY);
      if (await this.repo.findMeta(SEEDED_KEY, manager)) return { seeded: false, seeders: [] };
      const ran: string[] = [];
      for (const seeder of [...this.seeders].sort((a, b) => a.order - b.order)) {
        await seeder.seed(manager);
        ran.push(seeder.name);
      }
      await this.repo.saveMeta(manager, SEEDED_KEY, new Date().toISOString());
      return { seeded: true, seeders: ran };
    });
  }
}
