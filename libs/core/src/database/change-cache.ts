import type { DatabaseNotifications } from './database-notifications.js';

export interface ChangeCacheStats {
  hits: number;
  misses: number;
  entries: number;
  /** Whether values are being kept (committed changes are being heard). */
  active: boolean;
}

/**
 * Values derived from tables, kept until those tables change: `clear()` empties the cache when
 * any of `channels` is notified (their statement triggers NOTIFY when a change commits, in any
 * process) or notifications may have been missed. Nothing is kept while notifications are not
 * heard. A value read across a clear is not kept: take `mark()` before reading, hand it to `set`.
 * Each entry also has its own expiry, and the least recently used go beyond `maxEntries`.
 */
export class ChangeCache {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  /** Moves on with every clear. */
  private generation = 0;
  private listening = false;
  private counters = { hits: 0, misses: 0 };

  constructor(
    private readonly notifications: DatabaseNotifications | null,
    private readonly channels: string[],
    private readonly maxEntries: number,
  ) {}

  /** Whether values are kept now; starts listening on first use. */
  get active(): boolean {
    if (!this.notifications) return false;
    if (!this.listening) {
      this.listening = true;
      const listener = { notified: () => this.clear(), missed: () => this.clear() };
      for (const channel of this.channels) this.notifications.listen(channel, listener);
    }
    return this.notifications.listening;
  }

  /** The value kept under `key`; `counted: false` leaves it out of the hit and miss counts (a lookup on the way to a result). */
  get<T>(key: string, counted = true): T | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(key);
    if (!entry || Date.now() >= entry.until) {
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

  /** Keeps `value` until the time `until` (ms), unless cleared since `mark`. */
  set(key: string, value: unknown, mark: number, until: number): void {
    if (mark !== this.generation || !this.active) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key))
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until });
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  stats(): ChangeCacheStats {
    return { ...this.counters, entries: this.entries.size, active: this.active };
  }
}
