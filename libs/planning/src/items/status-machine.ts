import type { ItemStatus } from './action-item.entity.js';

const NEXT: Record<ItemStatus, readonly ItemStatus[]> = {
  not_started: ['in_progress', 'blocked', 'done', 'cancelled'],
  in_progress: ['not_started', 'blocked', 'done', 'cancelled'],
  blocked: ['not_started', 'in_progress', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['not_started'],
};

/** Leaving `done` or `cancelled` reopens the item, which only chairs may do. */
export const isReopening = (from: ItemStatus): boolean => from === 'done' || from === 'cancelled';

/** These need a reason, kept with the item while it stays there. */
export const needsReason = (to: ItemStatus): boolean => to === 'blocked' || to === 'cancelled';

/** The statuses an item may move to from `from`, given whether the mover chairs the group. */
export function allowedTransitions(from: ItemStatus, chair: boolean): ItemStatus[] {
  return isReopening(from) && !chair ? [] : [...NEXT[from]];
}
