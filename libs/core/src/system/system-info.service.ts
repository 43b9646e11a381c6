import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../config/project-root.js';
import { AppConfig } from '../config/resolve-config.js';
import type { SystemInfoDto } from './system-info.dto.js';

@Injectable()
export class SystemInfoService {
  private databaseVersion?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async describe(): Promise<SystemInfoDto> {
    this.databaseVersion ??= (
      (await this.dataSource.query('SHOW server_version')) as { server_version: string }[]
    )[0].server_version.split(' ')[0];
    return {
      name: 'Liaison',
      version: APP_VERSION,
      mode: this.config.mode,
      demo: this.config.demo,
      database: { engine: 'PostgreSQL', version: this.databaseVersion },
    };
  }
}
