import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, DemoSeedService, SystemInfoService } from '@liaison/core';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { UsersRepository } from '../users/users.repository.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';

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
    if (!this.config.demo) return;
    this.systemInfo.contribute('demoSignIn', () => ({
      password: DEMO_PASSWORD,
      accounts: DEMO_ACCOUNTS.map(({ email, role, displayName }) => ({ email, role, displayName })),
    }));
    this.systemInfo.contribute('mfaRelaxedInDemo', () => this.mfa.relaxedInDemo);
  }
}
