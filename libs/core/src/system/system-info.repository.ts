import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the public system description reads from the database. */
@Injectable()
export class SystemInfoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** PostgreSQL's full version string (`15.4 (Debian …)`). */
  async serverVersion(): Promise<string> {
    return ((await this.dataSource.query(`SHOW server_version`)) as { server_version: string }[])[0].server_version;
  }
}
