import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Facet } from './contact-search.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 500;
const CLEAR_AFTER_COMMIT = 'directory.browseCache.clearAfterCommit';

export interface BrowseCounts {
  total: number;
  facets: Record<Facet, Record<string, number> | null>;
}

/**
 * Totals and facet counts of browsing without a text query (every visible contact, filtered), kept
 * for 30 seconds per viewer class and filter set: counted from the facet groups, they are cheap,
 * but browsing repeats them for every page and every keystroke of a filter. Any change to a
 * contact's searchable state in this process clears it when it is made and again when its
 * transaction commits, and counts read across a clear are not kept (their statement may have
 * started before the change was committed). Another API instance's changes show in the counts
 * within the 30 seconds. The page of contacts itself is always read fresh.
 */
@Injectable()
export class BrowseCache {
  private readonly entries = new Map<string, { at: number; counts: BrowseCounts }>();
  /** Moves on with every clear. */
  private generation = 0;

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push({
      // Only the outermost commit makes the change visible; releasing a savepoint does not.
      afterTransactionCommit: ({ queryRunner }) => {
        if (queryRunner.isTransactionActive || !queryRunner.data?.[CLEAR_AFTER_COMMIT]) return;
        delete queryRunner.data[CLEAR_AFTER_COMMIT];
        this.clear();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) delete queryRunner.data?.[CLEAR_AFTER_COMMIT];
      },
    });
  }

  get(key: string): BrowseCounts | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.at > TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.counts;
  }

  /** Where the cache stands, taken before counting: `set` keeps the counts only if nothing cleared it since. */
  mark(): number {
    return this.generation;
  }

  set(key: string, counts: BrowseCounts, mark: number): void {
    if (mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: Date.now(), counts });
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Clears now and, when the change is inside a transaction, once more after it commits. */
  clearFor(manager: EntityManager): void {
    this.clear();
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) runner.data = { ...runner.data, [CLEAR_AFTER_COMMIT]: true };
  }
}
