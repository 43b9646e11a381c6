import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdentitySeeding } from '@liaison/identity';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../data/demo-accounts.js';
import { ANNOUNCED_TO, ANNOUNCER } from '../data/demo-announcements.js';

/** Identity's share of the demo: the demo people's accounts, then those of the people announced to. */
@Injectable()
export class IdentityDemoSeeder {
  constructor(private readonly identity: IdentitySeeding) {}

  /** The demo people, with the shared demo password. */
  async seedAccounts(manager: EntityManager): Promise<void> {
    await this.identity.insertAccounts(manager, DEMO_ACCOUNTS, DEMO_PASSWORD);
  }

  /** Accounts (the demo password too) for the points of contact the demo announcements address. */
  async seedContactAccounts(manager: EntityManager): Promise<void> {
    await this.identity.insertContactAccounts(manager, { ...ANNOUNCED_TO, samePasswordAs: ANNOUNCER });
  }
}
