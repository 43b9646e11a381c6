import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, SystemInfoService } from '@liaison/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './fixtures/demo-accounts.js';

/** Tells a demo workspace's sign-in page how to use the demo people. */
@Injectable()
export class DemoSignIn implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly systemInfo: SystemInfoService,
  ) {}

  onModuleInit(): void {
    if (!this.config.demo) return;
    this.systemInfo.contribute('demoSignIn', () => ({
      password: DEMO_PASSWORD,
      accounts: DEMO_ACCOUNTS.map(({ email, role, displayName }) => ({ email, role, displayName })),
    }));
  }
}
