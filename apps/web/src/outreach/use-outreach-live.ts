import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { inboxCountsQuery, outreachKeys } from '../api/outreach';
import { unreadNotificationsQuery } from '../api/planning';
import { realtime, request, type ServerEvents } from '../app/realtime';

/** Reads the inbox, the lists and (when named) one announcement again. */
function refreshInbox(queryClient: QueryClient, announcementId?: string): void {
  void queryClient.invalidateQueries({ queryKey: outreachKeys.inbox });
  void queryClient.invalidateQueries({ queryKey: outreachKeys.list });
  if (announcementId) void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcementId) });
}

/**
 * The caller's unread announcements and notifications, kept live: announcements arriving,
 * changing or reminded of, notifications, and the caller's own reading elsewhere (`inbox.changed`)
 * make the inbox read itself again; a reconnection reads everything again (events may have been
 * missed). Returns the newest announcement that arrived live, for announcing it.
 */
export function useInboxLive(userId: string) {
  const queryClient = useQueryClient();
  const counts = useInboxCount();
  const [arrived, setArrived] = useState<{ announcementId: string; title: string }>();

  useEffect(() => {
    const socket = realtime();
    let connectedBefore = socket.connected;
    const onNew = (event: ServerEvents['announcement.new']) => {
      refreshInbox(queryClient, event?.announcementId);
      if (event?.title) setArrived(event);
    };
    const onUpdated = (event: ServerEvents['announcement.updated']) => refreshInbox(queryClient, event?.announcementId);
    const onOther = () => refreshInbox(queryClient);
    const onConnect = () => {
      if (connectedBefore) void queryClient.invalidateQueries({ queryKey: outreachKeys.all });
      connectedBefore = true;
    };
    socket.on('announcement.new', onNew);
    socket.on('announcement.updated', onUpdated);
    socket.on('announcement.reminder', onOther);
    socket.on('inbox.changed', onOther);
    socket.on('notification', onOther);
    socket.on('connect', onConnect);
    return () => {
      socket.off('announcement.new', onNew);
      socket.off('announcement.updated', onUpdated);
      socket.off('announcement.reminder', onOther);
      socket.off('inbox.changed', onOther);
      socket.off('notification', onOther);
      socket.off('connect', onConnect);
    };
  }, [queryClient, userId]);

  return { ...counts, arrived };
}

/** Unread announcements and notifications together (kept live by `useInboxLive` in the header). */
export function useInboxCount() {
  const counts = useQuery(inboxCountsQuery);
  // The bell keeps this one live; sharing its cache keeps the two counts in step.
  const notifications = useQuery(unreadNotificationsQuery);
  const announcements = counts.data?.unreadAnnouncements ?? 0;
  const notices = notifications.data?.unread ?? counts.data?.unreadNotifications ?? 0;
  return { count: announcements + notices, toAcknowledge: counts.data?.toAcknowledge ?? 0, loaded: counts.isSuccess };
}

/**
 * The secretariat follows one announcement: joins its room (again after every reconnection) and
 * reads statistics, recipients and attendees again whenever `announcement.activity` says they
 * changed, at most a few times a second however many recipients act at once.
 */
export function useAnnouncementWatch(announcementId: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (!enabled) return;
    const socket = realtime();
    let live = true;
    let connectedBefore = socket.connected;
    const watch = () => void request('announcement.watch', { announcementId }).catch(() => undefined);
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: outreachKeys.tracking(announcementId) });
      void queryClient.invalidateQueries({ queryKey: ['outreach', 'attendees'] });
      void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcementId) });
    };
    const onActivity = (event: ServerEvents['announcement.activity']) => {
      if (event?.announcementId !== announcementId || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        if (live) refresh();
      }, 300);
    };
    const onConnect = () => {
      watch();
      // Whatever happened while disconnected is read again.
      if (connectedBefore) refresh();
      connectedBefore = true;
    };
    socket.on('announcement.activity', onActivity);
    socket.on('connect', onConnect);
    if (socket.connected) watch();
    return () => {
      live = false;
      clearTimeout(timer.current);
      timer.current = undefined;
      socket.off('announcement.activity', onActivity);
      socket.off('connect', onConnect);
      void request('announcement.unwatch', { announcementId }).catch(() => undefined);
    };
  }, [announcementId, enabled, queryClient]);
}
