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

  it('patches the board of the previous revision with a changed or new item, in reference order', async () => {
    const cache = new PlanCache();
    const entry = (id: string, reference: string, title: string, dependsOn: string[] = []) => ({
      id,
      reference,
      dependsOn,
      json: JSON.stringify({ id, title, dependsOn }),
    });
    let builds = 0;
    const build = async () => {
      builds++;
      return { items: [entry('a', '1.2', 'A'), entry('b', '1.10', 'B')] };
    };
    const titles = async (revision: number) =>
      (
        JSON.parse((await cache.board('p', revision, build)).raw.toString()) as { items: { title: string }[] }
      ).items.map((i) => i.title);
    expect(await titles(4)).toEqual(['A', 'B']);
    cache.patchBoard('p', 5, entry('a', '1.2', 'A2'));
    cache.patchBoard('p', 6, entry('c', '1.9', 'C'));
    expect(await titles(6)).toEqual(['A2', 'C', 'B']);
    // A new due date of an item others depend on changes their warnings: rebuilt, not patched.
    cache.patchBoard('p', 7, entry('e', '2', 'E', ['c']));
    cache.patchBoard('p', 8, {
      ...entry('c', '1.9', 'C'),
      json: JSON.stringify({ id: 'c', title: 'C', dueDate: '2027-01-01' }),
    });
    expect(await titles(8)).toEqual(['A', 'B']);
    expect(builds).toBe(2);
    // A change that is not the next revision (another process made one in between) leaves it to a rebuild.
    cache.patchBoard('p', 10, entry('d', '0', 'D'));
    expect(await titles(10)).toEqual(['A', 'B']);
    expect(builds).toBe(3);
  });

  it('tells dependents by what items depend on, not by what their text mentions', async () => {
    const cache = new PlanCache();
    let builds = 0;
    const entry = (id: string, reference: string, title: string, dueDate: string) => ({
      id,
      reference,
      dependsOn: [],
      json: JSON.stringify({ id, title, dueDate, dependsOn: [] }),
    });
    const build = async () => {
      builds++;
      // The second item's title names the first one's id, but it depends on nothing.
      return {
        items: [entry('item-1', '1', 'First', '2027-01-01'), entry('item-2', '2', 'After item-1', '2027-02-01')],
      };
    };
    const titles = async (revision: number) =>
      (
        JSON.parse((await cache.board('p', revision, build)).raw.toString()) as { items: { dueDate: string }[] }
      ).items.map((i) => i.dueDate);
    expect(await titles(1)).toEqual(['2027-01-01', '2027-02-01']);
    cache.patchBoard('p', 2, entry('item-1', '1', 'First', '2027-01-15'));
    expect(await titles(2)).toEqual(['2027-01-15', '2027-02-01']);
    expect(builds).toBe(1);
  });
});
