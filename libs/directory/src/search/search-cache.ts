import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, ChangeCache, type ChangeCacheStats, DatabaseNotifications } from '@liaison/core';

/** Sent by the directory's tables' statement triggers when a change commits (migration DirectoryChangeNotify). */
export const DIRECTORY_CHANGED = 'directory_changed';
const MAX_ENTRIES = 1000;
const CLEAR_AFTER_COMMIT = 'directory.searchCache.clearAfterCommit';

/**
 * Directory search results (pages, totals, facets) and browsing counts, kept per viewer class
 * and query. Everything a search returns is derived from the directory's tables alone, so a
 * result stays right until one of them changes: their statement triggers NOTIFY
 * `directory_changed` when the change commits, heard by every API instance, which clears
 * everything. Results read across a clear are not kept (their statement may have started before
 * the change was committed). This instance's own changes also clear the cache when they are made
 * and when their transaction commits, so the writer's next search never waits for the
 * notification. Nothing is kept while notifications are not heard (the listening connection is
 * down) or when `DIRECTORY_SEARCH_CACHE_SECONDS` is 0; entries also expire after that many seconds
 * and the least recently used go beyond 1,000.
 */
@Injectable()
export class SearchCache {
  private readonly cache: ChangeCache;
  private readonly ttlMs: number;

  constructor(
    @InjectDataSource() dataSource: Pick<DataSource, 'subscribers'>,
    @Inject(AppConfig) config: Pick<AppConfig, 'searchCacheSeconds'>,
    @Inject(DatabaseNotifications) notifications: DatabaseNotifications | null,
  ) {
    this.ttlMs = config.searchCacheSeconds * 1000;
    this.cache = new ChangeCache(this.ttlMs === 0 ? null : notifications, [DIRECTORY_CHANGED], MAX_ENTRIES);
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

  /** Whether results are kept now; starts listening for committed changes on first use. */
  get active(): boolean {
    return this.cache.active;
  }

  /** The value kept under `key`; `counted: false` leaves it out of the hit and miss counts (a lookup on the way to a result). */
  get<T>(key: string, counted = true): T | undefined {
    return this.cache.get<T>(key, counted);
  }

  /** Where the cache stands, taken before reading: `set` keeps the value only if nothing cleared it since. */
  mark(): number {
    return this.cache.mark();
  }

  set(key: string, value: unknown, mark: number): void {
    this.cache.set(key, value, mark, Date.now() + this.ttlMs);
  }

  clear(): void {
    this.cache.clear();
  }

  /** Clears now and, when the change is inside a transaction, once more after it commits. */
  clearFor(manager: EntityManager): void {
    this.clear();
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) runner.data = { ...runner.data, [CLEAR_AFTER_COMMIT]: true };
  }

  stats(): ChangeCacheStats {
    return this.cache.stats();
  }
}
