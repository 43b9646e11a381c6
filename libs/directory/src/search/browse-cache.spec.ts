import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { type BrowseCounts, BrowseCache } from './browse-cache.js';

const counts = (total: number): BrowseCounts => ({
  total,
  facets: { country: null, region: null, kind: null, mandate: null, language: null, expertise: null, status: null },
});

describe('BrowseCache', () => {
  let subscribers: EntitySubscriberInterface[];
  let cache: BrowseCache;
  beforeEach(() => {
    subscribers = [];
    cache = new BrowseCache({ subscribers } as unknown as DataSource);
  });
  const runner = (): QueryRunner => ({ isTransactionActive: true, data: {} }) as unknown as QueryRunner;
  const commit = (r: QueryRunner, outermost: boolean) => {
    (r as { isTransactionActive: boolean }).isTransactionActive = !outermost;
    for (const s of subscribers) void s.afterTransactionCommit?.({ queryRunner: r } as never);
  };

  it('keeps counts only when nothing was cleared while they were read', () => {
    const mark = cache.mark();
    cache.clear();
    cache.set('k', counts(1), mark);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', counts(2), cache.mark());
    expect(cache.get('k')).toEqual(counts(2));
  });

  it('clears again when the change commits, not when a savepoint inside it is released', () => {
    const r = runner();
    cache.clearFor({ queryRunner: r } as EntityManager);
    cache.set('k', counts(1), cache.mark()); // read before the commit: the old counts
    commit(r, false);
    expect(cache.get('k')).toEqual(counts(1));
    commit(r, true);
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets the change of a transaction that rolls back', () => {
    const r = runner();
    cache.clearFor({ queryRunner: r } as EntityManager);
    (r as { isTransactionActive: boolean }).isTransactionActive = false;
    for (const s of subscribers) void s.afterTransactionRollback?.({ queryRunner: r } as never);
    cache.set('k', counts(1), cache.mark());
    (r as { isTransactionActive: boolean }).isTransactionActive = true;
    commit(r, true); // a later transaction on the same runner changed nothing here
    expect(cache.get('k')).toEqual(counts(1));
  });
});
