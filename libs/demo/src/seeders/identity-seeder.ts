import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdentitySeeding } from '@liaison/identity';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../fixtures/demo-accounts.js';
import { ANNOUNCED_TO, ANNOUNCER } from '../fixtures/demo-announcements.js';
import { generateDemoNetwork } from '../fixtures/demo-network.js';

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
    // Only the demo network's own people: the rule alone would match real contacts too.
    const onlyEmails = generateDemoNetwork().contacts.map((c) => c.emails[0]!);
    await this.identity.insertContactAccounts(manager, { ...ANNOUNCED_TO, onlyEmails, samePasswordAs: ANNOUNCER });
  }
}
