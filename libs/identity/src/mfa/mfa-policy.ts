import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, SystemInfoService } from '@liaison/core';
import type { User } from '../users/user.entity.js';

/**
 * Who must use two-step verification: the secretariat and organisation admins always, everyone
 * when MFA_REQUIRED=all; a demo workspace relaxes it unless MFA_REQUIRED is set.
 */
@Injectable()
export class MfaPolicy implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly systemInfo: SystemInfoService,
  ) {}

  onModuleInit(): void {
    // The sign-in page says when a demo workspace does not ask for two-step verification.
    if (this.config.demo) this.systemInfo.contribute('mfaRelaxedInDemo', () => this.relaxedInDemo);
  }

  get relaxedInDemo(): boolean {
    return this.config.demo && !this.config.mfaRequired;
  }

  requiresMfa(user: Pick<User, 'roles'>): boolean {
    if (this.relaxedInDemo) return false;
    if (this.config.mfaRequired === 'all') return true;
    return user.roles.includes('secretariat') || user.roles.includes('org_admin');
  }
}
