import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DemoSeedService } from '@liaison/core';
import { Organisation } from '../organisations/organisation.entity.js';
import { DEMO_ORGANISATION_LIST } from './demo-organisations.js';

/** Seeds the demo organisations before the people who belong to them. */
@Injectable()
export class DirectoryDemo implements OnModuleInit {
  constructor(private readonly seeds: DemoSeedService) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 5,
      name: 'directory: demo organisations',
      seed: async (manager) => {
        await manager
          .getRepository(Organisation)
          .insert(DEMO_ORGANISATION_LIST.map((o) => ({ ...o, verifiedAt: new Date() })));
      },
    });
  }
}
