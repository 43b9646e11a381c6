import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  notificationKeys,
  notificationsApi,
  unreadNotificationsQuery,
  type AppNotification,
  type NotificationList,
} from '../api/planning';
import { realtime, type ServerEvents } from '../app/realtime';

/**
 * The caller's unread notifications, kept live: `notification` events from the socket are added
 * as they arrive, and everything is read again after a reconnection (events may have been missed).
 * Returns the newest notice that arrived live, for announcing it.
 */
export function useUnreadNotifications(userId: string) {
  const queryClient = useQueryClient();
  const unread = useQuery(unreadNotificationsQuery);
  const [arrived, setArrived] = useState<AppNotification>();

  useEffect(() => {
    const socket = realtime();
    let connectedBefore = socket.connected;
    const onNotification = (event: ServerEvents['notification']) => {
      // The OpenAPI schema leaves a notice's params untyped (an empty object); the socket sends its facts.
      const notice = event as AppNotification;
      if (!notice?.id) return;
      const known = queryClient.getQueryData<NotificationList>(notificationKeys.unread);
      if (known) {
        if (!known.items.some((other) => other.id === notice.id)) {
          queryClient.setQueryData<NotificationList>(notificationKeys.unread, {
            items: [notice, ...known.items],
            unread: known.unread + 1,
          });
        }
      } else {
        void queryClient.invalidateQueries({ queryKey: notificationKeys.unread });
      }
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      setArrived(notice);
    };
    const onConnect = () => {
      if (connectedBefore) void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      connectedBefore = true;
    };
    socket.on('notification', onNotification);
    socket.on('connect', onConnect);
    return () => {
      socket.off('notification', onNotification);
      socket.off('connect', onConnect);
    };
  }, [queryClient, userId]);

  return { count: unread.data?.unread ?? 0, loaded: unread.isSuccess, arrived };
}

/** Marks one notification read (or all, without an id) and puts the server's new count in place. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: string | null) =>
      notificationId ? notificationsApi.markRead(notificationId) : notificationsApi.markAllRead(),
    // Runs even when the page that asked has gone (a notification's link navigates away at once).
    onSuccess: ({ unread }, notificationId) => {
      const now = new Date().toISOString();
      queryClient.setQueryData<NotificationList>(notificationKeys.unread, (old) => ({
        items: notificationId ? (old?.items ?? []).filter((n) => n.id !== notificationId) : [],
        unread,
      }));
      queryClient.setQueryData<NotificationList>(notificationKeys.list, (old) =>
        old
          ? {
              unread,
              items: old.items.map((n) =>
                (notificationId === null || n.id === notificationId) && !n.readAt ? { ...n, readAt: now } : n,
              ),
            }
          : old,
      );
    },
  });
}

/** A notification's link, if it is a path inside this client; anything else is not followed. */
export const safeLink = (link: string): string | undefined =>
  link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : undefined;
