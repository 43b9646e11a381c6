import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig, DatabaseNotifications } from '@liaison/core';

/** Sent by the directory's tables' statement triggers when a change commits (migration DirectoryChangeNotify). */
export const DIRECTORY_CHANGED = 'directory_changed';
const MAX_ENTRIES = 1000;
const CLEAR_AFTER_COMMIT = 'directory.searchCache.clearAfterCommit';

export interface SearchCacheStats {
  hits: number;
  misses: number;
  entries: number;
  /** Whether results are being kept (enabled, and committed changes are being heard). */
  active: boolean;
}

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
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  /** Moves on with every clear. */
  private generation = 0;
  private readonly ttlMs: number;
  private listening = false;
  private counters = { hits: 0, misses: 0 };

  constructor(
    @InjectDataSource() dataSource: Pick<DataSource, 'subscribers'>,
    @Inject(AppConfig) config: Pick<AppConfig, 'searchCacheSeconds'>,
    @Inject(DatabaseNotifications) private readonly notifications: DatabaseNotifications | null,
  ) {
    this.ttlMs = config.searchCacheSeconds * 1000;
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
    if (this.ttlMs === 0 || !this.notifications) return false;
    if (!this.listening) {
      this.listening = true;
      this.notifications.listen(DIRECTORY_CHANGED, { notified: () => this.clear(), missed: () => this.clear() });
    }
    return this.notifications.listening;
  }

  /** The value kept under `key`; `counted: false` leaves it out of the hit and miss counts (a lookup on the way to a result). */
  get<T>(key: string, counted = true): T | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(key);
    if (!entry || Date.now() - entry.at > this.ttlMs) {
      if (entry) this.entries.delete(key);
      if (counted) this.counters.misses += 1;
      return undefined;
    }
    // Most recently used last: the first key is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (counted) this.counters.hits += 1;
    return entry.value as T;
  }

  /** Where the cache stands, taken before reading: `set` keeps the value only if nothing cleared it since. */
  mark(): number {
    return this.generation;
  }

  set(key: string, value: unknown, mark: number): void {
    if (mark !== this.generation || !this.active) return;
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(key))
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: Date.now(), value });
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

  stats(): SearchCacheStats {
    return { ...this.counters, entries: this.entries.size, active: this.active };
  }
}
