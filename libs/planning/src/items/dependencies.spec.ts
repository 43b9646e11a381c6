import { cycleThrough, type DependencyGraph } from './dependencies.js';

describe('dependency cycles', () => {
  const graph: DependencyGraph = new Map([
    ['b', ['c']],
    ['c', ['d']],
  ]);

  it('finds the cycle a new dependency would close, as a path', () => {
    expect(cycleThrough(new Map([...graph, ['d', ['a']]]), 'a', ['b'])).toEqual(['a', 'b', 'c', 'd', 'a']);
  });

  it('refuses an item that depends on itself', () => {
    expect(cycleThrough(graph, 'a', ['a'])).toEqual(['a', 'a']);
  });

  it('accepts chains and diamonds', () => {
    expect(cycleThrough(graph, 'a', ['b', 'c'])).toBeNull();
    expect(cycleThrough(new Map([...graph, ['e', ['c']]]), 'a', ['b', 'e'])).toBeNull();
  });
});
