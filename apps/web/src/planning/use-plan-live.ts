import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { planningKeys, type PlanSummary } from '../api/planning';
import { realtime, request, type ServerEvents } from '../app/realtime';
import { applyItem, applyPlan } from './cache';

/**
 * Follows a plan live while its page is open: joins the plan's room (again after every
 * reconnection, reading the items once more for what was missed) and applies `item.updated`
 * and `plan.updated` to the cached views in place.
 */
export function usePlanLive(planId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let live = true;
    let connectedBefore = false;
    const socket = realtime();
    const subscribe = async () => {
      try {
        const answer = await request('plan.subscribe', { planId });
        if (live && answer.plan) applyPlan(queryClient, answer.plan);
        // After a reconnection, events may have been missed while offline.
        if (live && connectedBefore) {
          void queryClient.invalidateQueries({ queryKey: planningKeys.items(planId) });
          void queryClient.invalidateQueries({ queryKey: planningKeys.summary(planId) });
        }
        connectedBefore = true;
      } catch {
        // The REST reads keep the page complete; the socket subscribes again on reconnection.
      }
    };
    const onItem = (event: ServerEvents['item.updated']) => {
      if (event.planId === planId && event.item) applyItem(queryClient, event.item);
    };
    const onPlan = (event: ServerEvents['plan.updated']) => {
      if (event.plan?.id !== planId) return;
      const before = queryClient.getQueryData<PlanSummary>(planningKeys.plan(planId));
      applyPlan(queryClient, event.plan);
      // A new handling code empties the plan's room: whoever may still see the plan joins again.
      if (before && event.plan.tlp && before.tlp !== event.plan.tlp) {
        void queryClient.invalidateQueries({ queryKey: planningKeys.plan(planId) });
        void subscribe();
      }
    };
    socket.on('item.updated', onItem);
    socket.on('plan.updated', onPlan);
    socket.on('connect', subscribe);
    if (socket.connected) void subscribe();
    return () => {
      live = false;
      socket.off('item.updated', onItem);
      socket.off('plan.updated', onPlan);
      socket.off('connect', subscribe);
      void request('plan.unsubscribe', { planId }).catch(() => undefined);
    };
  }, [planId, queryClient]);
}

/**
 * Joins the rooms of several plans (a list of items from many plans) and calls `onChange` for
 * every item change in them, so such a list can read itself again.
 */
export function useFollowPlans(planIds: string[], onChange: () => void): void {
  const key = [...new Set(planIds)].sort().join(',');
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    const socket = realtime();
    const subscribe = () => {
      for (const planId of ids) void request('plan.subscribe', { planId }).catch(() => undefined);
    };
    const onItem = (event: ServerEvents['item.updated']) => {
      if (ids.includes(event.planId)) onChange();
    };
    socket.on('item.updated', onItem);
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      socket.off('item.updated', onItem);
      socket.off('connect', subscribe);
      for (const planId of ids) void request('plan.unsubscribe', { planId }).catch(() => undefined);
    };
  }, [key, onChange]);
}
