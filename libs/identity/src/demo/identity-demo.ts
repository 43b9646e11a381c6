import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, DemoSeedService, SystemInfoService } from '@liaison/core';
import { DEMO_NETWORK_ORGANISATIONS } from '@liaison/directory';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { UsersRepository } from '../users/users.repository.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { IdentityDemoRepository } from './identity-demo.repository.js';

/** Seeds the demo people and tells the sign-in page how to use them (demo workspaces only). */
@Injectable()
export class IdentityDemo implements OnModuleInit {
  constructor(
    private readonly seeds: DemoSeedService,
    private readonly systemInfo: SystemInfoService,
    private readonly passwords: PasswordHasher,
    private readonly mfa: MfaPolicy,
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly demo: IdentityDemoRepository,
  ) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 10,
      name: 'identity: demo accounts',
      seed: async (manager) => {
        const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
        await this.users.insertMany(
          manager,
          DEMO_ACCOUNTS.map((a) => ({
            email: a.email,
            displayName: a.displayName,
            passwordHash,
            roles: [a.role],
            organisationId: a.organisationId,
          })),
        );
      },
    });
    this.seeds.register({
      // After the directory's network and planning, before outreach announces to these people.
      order: 25,
      name: 'identity: demo accounts for designated contacts',
      seed: async (manager) => {
        const passwordHash = await this.demo.secretariatPasswordHash(manager);
        if (!passwordHash) throw new Error('demo account secretariat@liaison.test is missing');
        // The points of contact the demo announcements address get accounts (the demo password), so that
        // the summit has recipients who answer; in a real network they are invited.
        await this.demo.createContactAccounts(manager, passwordHash, DEMO_NETWORK_ORGANISATIONS.commission);
      },
    });
    if (!this.config.demo) return;
    this.systemInfo.contribute('demoSignIn', () => ({
      password: DEMO_PASSWORD,
      accounts: DEMO_ACCOUNTS.map(({ email, role, displayName }) => ({ email, role, displayName })),
    }));
    this.systemInfo.contribute('mfaRelaxedInDemo', () => this.mfa.relaxedInDemo);
  }
}
