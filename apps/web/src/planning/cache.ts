import type { QueryClient } from '@tanstack/react-query';
import { planningKeys, type Item, type ItemDetail, type PlanSummary } from '../api/planning';
import type { ServerEvents } from '../app/realtime';

/** Puts one item (from an answer or a live event) where the plan's views read it; older versions never win. */
export function applyItem(queryClient: QueryClient, item: Item): void {
  queryClient.setQueryData<{ items: Item[] }>(planningKeys.items(item.planId), (old) => {
    if (!old) return old;
    const known = old.items.find((other) => other.id === item.id);
    if (known && known.version > item.version) return old;
    return {
      items: known ? old.items.map((other) => (other.id === item.id ? item : other)) : [...old.items, item],
    };
  });
  queryClient.setQueryData<ItemDetail>(planningKeys.item(item.id), (old) =>
    old && old.version <= item.version ? { ...old, ...item } : old,
  );
  // A copy without its description (the board's shape) cannot complete the item's own view.
  if (!('descriptionHtml' in item))
    void queryClient.invalidateQueries({ queryKey: planningKeys.item(item.id), exact: true });
  // Figures, counts and the item's history follow from the change: read them again.
  void queryClient.invalidateQueries({ queryKey: planningKeys.summary(item.planId) });
  void queryClient.invalidateQueries({ queryKey: planningKeys.plan(item.planId), exact: true });
  void queryClient.invalidateQueries({ queryKey: planningKeys.activity(item.id) });
  void queryClient.invalidateQueries({ queryKey: planningKeys.comments(item.id) });
  void queryClient.invalidateQueries({ queryKey: ['planning', 'my-items'] });
}

/**
 * Replaces a plan's header data, unless what is shown is already newer. What a room-wide event
 * leaves out (the caller's own role) is kept from before.
 */
export function applyPlan(queryClient: QueryClient, plan: PlanSummary | ServerEvents['plan.updated']['plan']): void {
  const given = Object.fromEntries(Object.entries(plan).filter(([, value]) => value !== undefined));
  queryClient.setQueryData<PlanSummary>(planningKeys.plan(plan.id), (old) => {
    // A plan from `plan.updated` has no per-viewer fields: it completes what is cached, and only that.
    if (!old) return plan.myRole === undefined ? old : plan;
    return old.version > plan.version ? old : { ...old, ...given };
  });
  void queryClient.invalidateQueries({ queryKey: planningKeys.group(plan.groupId) });
}
