import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from '@liaison/core';
import { DIRECTORY_CHANGED } from './search-cache.js';

export const FACET_COMPACT_JOB = 'directory.facets.compact';
const COMPACT_EVERY_MS = 60_000;

/**
 * Folds the facet change log into the facet groups (`contact_facet_compact()`): every minute in
 * the processes that run jobs, and after an import. Counts are right either way (they read the
 * groups and the log together); folding keeps the log they read short.
 */
@Injectable()
export class FacetCompaction implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(FACET_COMPACT_JOB, async () => {
      await this.compact();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(FACET_COMPACT_JOB, COMPACT_EVERY_MS);
  }

  /**
   * Counts the groups afresh from the contacts, for groups that drifted from them (data loaded
   * with triggers disabled, say); contact writes wait meanwhile. How many groups there are.
   */
  async rebuild(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT contact_facet_rebuild() AS n, pg_notify('${DIRECTORY_CHANGED}', '')`,
    );
    return row.n;
  }

  /** Folds the changes committed so far; how many there were. */
  async compact(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT contact_facet_compact() AS n`);
    return row.n;
  }
}
