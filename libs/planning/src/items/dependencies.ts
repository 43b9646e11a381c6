/** Edges of a plan's dependency graph: item -> the items it depends on. */
export type DependencyGraph = Map<string, string[]>;

/**
 * The cycle that giving `itemId` the dependencies `dependsOn` would close, as a path of item ids
 * from `itemId` back to itself, or null. Depth-first from each new dependency, looking for `itemId`.
 */
export function cycleThrough(graph: DependencyGraph, itemId: string, dependsOn: string[]): string[] | null {
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    if (node === itemId) return path;
    if (seen.has(node)) return null;
    seen.add(node);
    for (const next of graph.get(node) ?? []) {
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  for (const target of dependsOn) {
    const found = walk(target, [itemId, target]);
    if (found) return found;
  }
  return null;
}
