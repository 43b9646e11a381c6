import { queryOptions } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

// The planning context's wire types, as docs/planning.md describes them.

export const GROUP_ROLES = ['chair', 'member', 'observer'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const PLAN_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** TLP 2.0, from the most open to the most restricted. */
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLPS)[number];

export const ITEM_STATUSES = ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type GroupSummary = Schemas['GroupSummaryDto'];

export type GroupMember = Schemas['GroupMemberDto'];

export type PlanSummary = Schemas['PlanDto'];

export interface GroupDetail extends GroupSummary {
  version: number;
  members: GroupMember[];
  plans: PlanSummary[];
}

export type ItemWarning = Schemas['ItemWarningDto'];

/** An item as the board lists it; `GET /items/:id` adds the description. */
export type Item = Schemas['BoardItemDto'] & Partial<Pick<Schemas['ItemDto'], 'description' | 'descriptionHtml'>>;

export interface MyItem extends Item {
  planTitle: string;
  planTlp: Tlp;
  groupName: string;
}

export interface ItemDetail extends MyItem {
  canEdit: boolean;
  /** Chairs move `done` and `cancelled` items back. */
  canReopen?: boolean;
  canComment?: boolean;
}

export type PlanSummaryFigures = Schemas['PlanSummaryDto'];

export type ItemComment = Schemas['CommentDto'];

export type ItemActivity = Schemas['ActivityDto'];

export type NewGroupInput = Schemas['CreateGroupDto'];

/** The fields of a plan (PATCH takes any of them, with the version). */
export type PlanInput = Omit<Schemas['UpdatePlanDto'], 'version'>;

/** The fields of an item (PATCH takes any of them, with the version). */
export type ItemInput = Omit<Schemas['UpdateItemDto'], 'version'>;

/** The item status machine: where an item may go from each status (reopening is for chairs). */
export const TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  not_started: ['in_progress', 'blocked', 'cancelled', 'done'],
  in_progress: ['blocked', 'done', 'cancelled', 'not_started'],
  blocked: ['in_progress', 'not_started', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['not_started'],
};

/** Moves that need a reason (1-500 characters). */
export const NEEDS_REASON: ReadonlySet<ItemStatus> = new Set(['blocked', 'cancelled']);

/**
 * The statuses an item may move to now, for someone with this role in the plan's group (or with
 * the rights `GET /items/:id` states, when known).
 */
export function allowedTargets(
  from: ItemStatus,
  role: GroupRole | null,
  rights: { canEdit?: boolean; canReopen?: boolean } = {},
): ItemStatus[] {
  const canEdit = rights.canEdit ?? (role === 'chair' || role === 'member');
  const canReopen = rights.canReopen ?? role === 'chair';
  if (!canEdit) return [];
  if ((from === 'done' || from === 'cancelled') && !canReopen) return [];
  return [...TRANSITIONS[from]];
}

/** Chairs and members edit items; observers (and readers outside the group) only read and comment. */
export const canEditItems = (role: GroupRole | null): boolean => role === 'chair' || role === 'member';

/** A 409 `stale_version`: the thing as it is now on the server, when the answer carries it. */
export function currentFromConflict<T>(error: unknown): T | undefined {
  if (!(error instanceof ApiError) || error.statusCode !== 409) return undefined;
  const context = error.body.context as { current?: T } | undefined;
  return context?.current;
}

export const isConflict = (error: unknown): boolean => error instanceof ApiError && error.statusCode === 409;

const id = encodeURIComponent;

export const planningKeys = {
  all: ['planning'] as const,
  groups: ['planning', 'groups'] as const,
  group: (groupId: string) => ['planning', 'group', groupId] as const,
  plans: ['planning', 'plans'] as const,
  plan: (planId: string) => ['planning', 'plan', planId] as const,
  items: (planId: string) => ['planning', 'plan', planId, 'items'] as const,
  summary: (planId: string) => ['planning', 'plan', planId, 'summary'] as const,
  item: (itemId: string) => ['planning', 'item', itemId] as const,
  comments: (itemId: string) => ['planning', 'item', itemId, 'comments'] as const,
  activity: (itemId: string) => ['planning', 'item', itemId, 'activity'] as const,
  myItems: (overdue: boolean) => ['planning', 'my-items', overdue] as const,
};

export const groupsQuery = queryOptions({
  queryKey: planningKeys.groups,
  queryFn: ({ signal }) => api.get<{ items: GroupSummary[] }>('/groups', { signal }),
});

export const groupQuery = (groupId: string) =>
  queryOptions({
    queryKey: planningKeys.group(groupId),
    queryFn: ({ signal }) => api.get<GroupDetail>(`/groups/${id(groupId)}`, { signal }),
  });

export const plansQuery = queryOptions({
  queryKey: planningKeys.plans,
  queryFn: ({ signal }) => api.get<{ items: PlanSummary[] }>('/plans', { signal }),
});

export const planQuery = (planId: string) =>
  queryOptions({
    queryKey: planningKeys.plan(planId),
    queryFn: ({ signal }) => api.get<PlanSummary>(`/plans/${id(planId)}`, { signal }),
  });

export const planItemsQuery = (planId: string) =>
  queryOptions({
    queryKey: planningKeys.items(planId),
    queryFn: ({ signal }) => api.get<{ items: Item[] }>(`/plans/${id(planId)}/items`, { signal }),
  });

export const planSummaryQuery = (planId: string) =>
  queryOptions({
    queryKey: planningKeys.summary(planId),
    queryFn: ({ signal }) => api.get<PlanSummaryFigures>(`/plans/${id(planId)}/summary`, { signal }),
  });

export const itemQuery = (itemId: string) =>
  queryOptions({
    queryKey: planningKeys.item(itemId),
    queryFn: ({ signal }) => api.get<ItemDetail>(`/items/${id(itemId)}`, { signal }),
  });

export const commentsQuery = (itemId: string) =>
  queryOptions({
    queryKey: planningKeys.comments(itemId),
    queryFn: ({ signal }) => api.get<{ items: ItemComment[] }>(`/items/${id(itemId)}/comments`, { signal }),
  });

export const activityQuery = (itemId: string) =>
  queryOptions({
    queryKey: planningKeys.activity(itemId),
    queryFn: ({ signal }) => api.get<{ items: ItemActivity[] }>(`/items/${id(itemId)}/activity`, { signal }),
  });

export const myItemsQuery = (overdue: boolean) =>
  queryOptions({
    queryKey: planningKeys.myItems(overdue),
    queryFn: ({ signal }) =>
      api.get<{ items: MyItem[] }>('/items', {
        query: { assignee: 'me', overdue: overdue ? true : undefined },
        signal,
      }),
  });

export const planningApi = {
  createGroup: (input: NewGroupInput) => api.post<GroupDetail>('/groups', input),
  updateGroup: (groupId: string, input: { version: number; name?: string; purpose?: string }) =>
    api.patch<GroupDetail>(`/groups/${id(groupId)}`, input),
  setMember: (groupId: string, userId: string, role: GroupRole) =>
    api.post<GroupDetail>(`/groups/${id(groupId)}/members`, { userId, role }),
  setGroupThread: (groupId: string, threadId: string) =>
    api.put<GroupDetail>(`/groups/${id(groupId)}/thread`, { threadId }),
  removeMember: (groupId: string, userId: string) =>
    api.delete<GroupDetail>(`/groups/${id(groupId)}/members/${id(userId)}`),
  createPlan: (input: Schemas['CreatePlanDto']) => api.post<PlanSummary>('/plans', input),
  updatePlan: (planId: string, input: Schemas['UpdatePlanDto']) =>
    api.patch<PlanSummary>(`/plans/${id(planId)}`, input),
  createItem: (
    planId: string,
    input: ItemInput & { title: string; source?: { threadId: string; messageId: string } },
  ) => api.post<Item>(`/plans/${id(planId)}/items`, input),
  updateItem: (itemId: string, input: Schemas['UpdateItemDto']) => api.patch<Item>(`/items/${id(itemId)}`, input),
  transition: (itemId: string, input: { version: number; to: ItemStatus; reason?: string }) =>
    api.post<Item>(`/items/${id(itemId)}/transition`, input),
  comment: (itemId: string, body: string) => api.post<ItemComment>(`/items/${id(itemId)}/comments`, { body }),
  exportCsv: (planId: string) => api.download(`/plans/${id(planId)}/export.csv`),
  calendar: (planId: string) => api.download(`/plans/${id(planId)}/calendar.ics`),
};

// Reminders and notifications, calendar addresses (docs/planning.md, "Reminders and notifications").

export const NOTIFICATION_KINDS = ['due_soon', 'overdue', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type AppNotification = Schemas['NotificationDto'];

export type NotificationList = Schemas['NotificationListDto'];

export const DIGESTS = ['off', 'daily', 'weekly'] as const;
export type Digest = (typeof DIGESTS)[number];

export type NotificationPreferences = Schemas['PreferencesDto'];

export type CalendarFeed = Schemas['FeedDto'];

export interface NewCalendarFeed extends CalendarFeed {
  /** The secret address; the server shows it only once. */
  url: string;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: ['notifications', 'all'] as const,
  preferences: ['notification-preferences'] as const,
  feeds: ['calendar-feeds'] as const,
};

export const unreadNotificationsQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: ({ signal }) => api.get<NotificationList>('/notifications', { query: { unread: true }, signal }),
});

export const notificationsQuery = queryOptions({
  queryKey: notificationKeys.list,
  queryFn: ({ signal }) => api.get<NotificationList>('/notifications', { signal }),
});

export const notificationPreferencesQuery = queryOptions({
  queryKey: notificationKeys.preferences,
  queryFn: ({ signal }) => api.get<NotificationPreferences>('/notification-preferences', { signal }),
});

export const calendarFeedsQuery = queryOptions({
  queryKey: notificationKeys.feeds,
  queryFn: ({ signal }) => api.get<{ items: CalendarFeed[] }>('/calendar-feeds', { signal }),
});

export const notificationsApi = {
  markRead: (notificationId: string) => api.post<{ unread: number }>(`/notifications/${id(notificationId)}/read`),
  markAllRead: () => api.post<{ unread: number }>('/notifications/read'),
  savePreferences: (preferences: NotificationPreferences) =>
    api.put<NotificationPreferences>('/notification-preferences', preferences),
  mutePlan: (planId: string, muted: boolean) => api.put<{ muted: boolean }>(`/plans/${id(planId)}/mute`, { muted }),
  createFeed: (planId?: string) => api.post<NewCalendarFeed>('/calendar-feeds', planId ? { planId } : {}),
  revokeFeed: (feedId: string) => api.delete<void>(`/calendar-feeds/${id(feedId)}`),
};
