import { gunzipSync } from 'node:zlib';
import { PlanCache } from './plan-cache.js';

describe('PlanCache', () => {
  it('builds a view once per revision, sharing one build among concurrent readers', async () => {
    const cache = new PlanCache();
    let builds = 0;
    const build = async () => `v${++builds}`;
    const text = async (view: Promise<{ raw: Buffer; gzip: Buffer }>) => {
      const { raw, gzip } = await view;
      expect(gunzipSync(gzip).equals(raw)).toBe(true);
      return raw.toString();
    };
    const [a, b] = await Promise.all([
      text(cache.get('board', 'p', 1, build)),
      text(cache.get('board', 'p', 1, build)),
    ]);
    expect([a, b, builds]).toEqual(['v1', 'v1', 1]);
    expect(await text(cache.get('board', 'p', 2, build))).toBe('v2');
    expect(await text(cache.get('summary', 'p', 2, build))).toBe('v3');
    expect(await text(cache.get('board', 'p', 2, build))).toBe('v2');
    expect((await cache.get('board', 'p', 2, build)).etag).not.toBe((await cache.get('board', 'p', 1, build)).etag);
  });

  it('forgets a build that failed', async () => {
    const cache = new PlanCache();
    await expect(cache.get('board', 'p', 1, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('board', 'p', 1, async () => 'ok')).raw.toString()).toBe('ok');
  });
});
