import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { DatabaseNotifications, NotificationListener } from '@liaison/core';
import { DIRECTORY_CHANGED, SearchCache } from './search-cache.js';

/** Stands in for the LISTEN connection: whether it is up, and what it tells its listeners. */
class FakeNotifications {
  listening = true;
  readonly listeners: { channel: string; listener: NotificationListener }[] = [];
  listen(channel: string, listener: NotificationListener) {
    this.listeners.push({ channel, listener });
    return () => undefined;
  }
  notify() {
    for (const l of this.listeners) l.listener.notified('');
  }
  lose() {
    this.listening = false;
    for (const l of this.listeners) l.listener.missed();
  }
}

describe('SearchCache', () => {
  let subscribers: EntitySubscriberInterface[];
  let notifications: FakeNotifications;
  let cache: SearchCache;
  const make = (seconds = 300) =>
    new SearchCache(
      { subscribers } as unknown as DataSource,
      { searchCacheSeconds: seconds },
      notifications as unknown as DatabaseNotifications,
    );
  beforeEach(() => {
    subscribers = [];
    notifications = new FakeNotifications();
    cache = make();
  });
  const runner = (): QueryRunner => ({ isTransactionActive: true, data: {} }) as unknown as QueryRunner;
  const commit = (r: QueryRunner, outermost: boolean) => {
    (r as { isTransactionActive: boolean }).isTransactionActive = !outermost;
    for (const s of subscribers) void s.afterTransactionCommit?.({ queryRunner: r } as never);
  };

  it('keeps a value only when nothing was cleared while it was read', () => {
    const mark = cache.mark();
    cache.clear();
    cache.set('k', 1, mark);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 2, cache.mark());
    expect(cache.get('k')).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, active: true });
  });

  it('listens to directory_changed and drops everything when a change is announced', () => {
    expect(cache.active).toBe(true);
    expect(notifications.listeners.map((l) => l.channel)).toEqual([DIRECTORY_CHANGED]);
    const mark = cache.mark();
    cache.set('k', 1, mark);
    notifications.notify();
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 1, mark); // read before the change was announced
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps nothing while notifications are not heard, and forgets what it had when they may have been missed', () => {
    cache.set('k', 1, cache.mark());
    notifications.lose();
    expect(cache.active).toBe(false);
    cache.set('k', 2, cache.mark());
    expect(cache.get('k')).toBeUndefined();
    notifications.listening = true;
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps nothing when turned off (0 seconds) or without notifications', () => {
    const off = make(0);
    off.set('k', 1, off.mark());
    expect(off.get('k')).toBeUndefined();
    expect(notifications.listeners).toHaveLength(0);
    const deaf = new SearchCache({ subscribers } as unknown as DataSource, { searchCacheSeconds: 300 }, null);
    deaf.set('k', 1, deaf.mark());
    expect(deaf.get('k')).toBeUndefined();
  });

  it('expires entries after the configured seconds', () => {
    const realNow = Date.now;
    let now = 1_000_000;
    Date.now = () => now;
    try {
      const short = make(10);
      short.set('k', 1, short.mark());
      now = 1_009_000;
      expect(short.get('k')).toBe(1);
      now = 1_011_000;
      expect(short.get('k')).toBeUndefined();
    } finally {
      Date.now = realNow;
    }
  });

  it('evicts the least recently used beyond 1,000 entries', () => {
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i, cache.mark());
    expect(cache.get('k0')).toBe(0); // now the most recently used
    cache.set('k1000', 1000, cache.mark());
    expect(cache.get('k0')).toBe(0);
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.stats().entries).toBe(1000);
  });

  it('clears again when the change commits, not when a savepoint inside it is released', () => {
    const r = runner();
    cache.clearFor({ queryRunner: r } as EntityManager);
    cache.set('k', 1, cache.mark()); // read before the commit: the old value
    commit(r, false);
    expect(cache.get('k')).toBe(1);
    commit(r, true);
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets the change of a transaction that rolls back', () => {
    const r = runner();
    cache.clearFor({ queryRunner: r } as EntityManager);
    (r as { isTransactionActive: boolean }).isTransactionActive = false;
    for (const s of subscribers) void s.afterTransactionRollback?.({ queryRunner: r } as never);
    cache.set('k', 1, cache.mark());
    (r as { isTransactionActive: boolean }).isTransactionActive = true;
    commit(r, true); // a later transaction on the same runner changed nothing here
    expect(cache.get('k')).toBe(1);
  });
});
