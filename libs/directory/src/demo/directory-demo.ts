import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DemoSeedService } from '@liaison/core';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { DEMO_ORGANISATION_LIST } from './demo-organisations.js';
import { seedDemoNetwork } from './demo-network.js';
import { DirectoryDemoRepository } from './directory-demo.repository.js';

/** Seeds the demo organisations before the people who belong to them, then the demo network. */
@Injectable()
export class DirectoryDemo implements OnModuleInit {
  constructor(
    private readonly seeds: DemoSeedService,
    private readonly indexer: ContactIndexer,
    private readonly demo: DirectoryDemoRepository,
  ) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 5,
      name: 'directory: demo organisations',
      seed: async (manager) => {
        await this.demo.insertDemoOrganisations(manager, DEMO_ORGANISATION_LIST);
      },
    });
    this.seeds.register({
      order: 6,
      name: 'directory: demo network (organisations, contacts, points of contact)',
      seed: async (manager) => {
        await seedDemoNetwork(manager, this.demo, (m, ids) => this.indexer.reindex(m, ids));
      },
    });
  }
}
