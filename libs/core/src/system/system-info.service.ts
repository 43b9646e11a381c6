import { Injectable } from '@nestjs/common';
import { APP_VERSION } from '../config/project-root.js';
import { AppConfig } from '../config/resolve-config.js';
import type { SystemInfoDto } from './system-info.dto.js';
import { SystemInfoRepository } from './system-info.repository.js';

@Injectable()
export class SystemInfoService {
  private databaseVersion?: string;
  private readonly contributions = new Map<string, () => Promise<unknown> | unknown>();

  constructor(
    private readonly config: AppConfig,
    private readonly repo: SystemInfoRepository,
  ) {}

  /** Lets a context add a public field (for example the demo sign-in hint). */
  contribute(key: string, provider: () => Promise<unknown> | unknown): void {
    this.contributions.set(key, provider);
  }

  async describe(): Promise<SystemInfoDto> {
    const extra: Record<string, unknown> = {};
    for (const [key, provider] of this.contributions) {
      const value = await provider();
      if (value !== undefined) extra[key] = value;
    }
    this.databaseVersion ??= (await this.repo.serverVersion()).split(' ')[0];
    return {
      name: 'Liaison',
      version: APP_VERSION,
      mode: this.config.mode,
      demo: this.config.demo,
      database: { engine: 'PostgreSQL', version: this.databaseVersion },
      ...extra,
    };
  }
}
