import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '@liaison/core';
import { FacetsRepository } from './facets.repository.js';

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
    private readonly facets: FacetsRepository,
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
  rebuild(): Promise<number> {
    return this.facets.rebuild();
  }

  /** Folds the changes committed so far; how many there were. */
  compact(): Promise<number> {
    return this.facets.compact();
  }
}
