import type { ItemStatus, Priority } from './action-item.entity.js';
import type { ItemRow } from './item-views.repository.js';
import type { BoardEntry } from '../plans/plan-cache.js';

export interface ItemWarning {
  code: 'due_before_dependency';
  itemId: string;
  reference: string;
  message: string;
}

/** An action item as single-item routes and events show it. */
export interface ItemView {
  id: string;
  planId: string;
  reference: string;
  title: string;
  description: string;
  descriptionHtml: string;
  leadOrganisationId: string | null;
  leadOrganisationName: string | null;
  countryCode: string | null;
  assignees: { userId: string; displayName: string }[];
  startDate: string | null;
  dueDate: string | null;
  priority: Priority;
  progress: number;
  status: ItemStatus;
  statusReason: string | null;
  dependsOn: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  overdue: boolean;
  warnings: ItemWarning[];
  source: { threadId: string; messageId: string } | null;
  commentCount: number;
}

/** `2.10` after `2.9`, `A` before `B`. */
export const byReference = (a: { reference: string }, b: { reference: string }): number =>
  a.reference.localeCompare(b.reference, 'en', { numeric: true });

export function toItemView(row: ItemRow): ItemView {
  const { dependencies, sourceThreadId, sourceMessageId, ...rest } = row;
  return {
    ...rest,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    dependsOn: dependencies.map((d) => d.id),
    warnings: dependencies
      .filter((d) => row.dueDate && d.dueDate && row.dueDate < d.dueDate)
      .map((d) => ({
        code: 'due_before_dependency' as const,
        itemId: d.id,
        reference: d.reference,
        message: `Due ${row.dueDate}, before ${d.reference} which it depends on is due (${d.dueDate}).`,
      })),
    source: sourceThreadId && sourceMessageId ? { threadId: sourceThreadId, messageId: sourceMessageId } : null,
  };
}

/** An item on a board or in a table: everything but the description (the item itself has it). */
export type BoardItem = Omit<ItemView, 'description' | 'descriptionHtml'>;

/** One item as the board shows it (no description), serialised. */
export function boardEntry(item: ItemView): BoardEntry {
  const { description: _d, descriptionHtml: _h, ...rest } = item;
  return { id: item.id, reference: item.reference, dependsOn: item.dependsOn, json: JSON.stringify(rest) };
}
