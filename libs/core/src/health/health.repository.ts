import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The readiness probe's statement. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the database answers a trivial statement. */
  async ping(): Promise<void> {
    await this.dataSource.query(`SELECT 1`);
  }
}
