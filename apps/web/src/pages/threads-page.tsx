import { Badge, Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { messagingApi, type Person } from '../api/messaging';
import { threadPath } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { ThreadsIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { onAnyThread, readLog, syncThread, type ThreadLog, watchThread } from '../e2ee/device';
import { EncryptionGate, type ReadyDevice } from '../e2ee/encryption-gate';
import { NewThreadDialog } from '../threads/new-thread-dialog';
import { usePeople } from '../threads/use-people';

export function ThreadsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('threads.title')} lead={t('threads.lead')}>
      <EncryptionGate>{(device) => <ThreadList device={device} />}</EncryptionGate>
    </Page>
  );
}

/**
 * The person's threads: the server lists ids and counts; subjects and previews come from what
 * this browser decrypted, read in the background (threads not yet read here first).
 */
function ThreadList({ device }: { device: ReadyDevice }) {
  const { t } = useTranslation();
  const { userId } = device;
  const location = useLocation();
  const queryClient = useQueryClient();
  const startWith = (location.state as { startWith?: Person } | null)?.startWith;
  const [creating, setCreating] = useState(Boolean(startWith));
  const threads = useQuery({ queryKey: ['mls-threads'], queryFn: messagingApi.threads });
  const ids = (threads.data?.items ?? []).map((x) => x.id);
  const logs = useQuery({
    queryKey: ['thread-logs', userId, ids],
    queryFn: async (): Promise<Record<string, ThreadLog>> =>
      Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await readLog(userId, id)] as const))),
    enabled: threads.isSuccess,
  });
  const format = useDateFormat();
  const names = usePeople(
    Object.values(logs.data ?? {}).flatMap((log) => {
      const last = [...log.entries].reverse().find((e) => e.kind === 'message' && e.text);
      return last && last.kind === 'message' ? [last.senderUserId] : [];
    }),
  );

  // Live: new messages in any listed thread are read here, and the list follows.
  const idsKey = ids.join(',');
  useEffect(() => {
    const stops = idsKey ? idsKey.split(',').map((id) => watchThread(id)) : [];
    const off = onAnyThread(() => {
      void queryClient.invalidateQueries({ queryKey: ['mls-threads'] });
      void queryClient.invalidateQueries({ queryKey: ['thread-logs', userId] });
    });
    return () => {
      stops.forEach((stop) => stop());
      off();
    };
  }, [idsKey, queryClient, userId]);

  // Threads with messages this browser has not read yet are read now, one after another.
  const reading = useRef(false);
  useEffect(() => {
    if (!threads.data || !logs.data || reading.current) return;
    const behind = threads.data.items.filter((x) => {
      const log = logs.data[x.id];
      return !log?.gone && x.lastSeq > (log?.entries.at(-1)?.seq ?? 0);
    });
    if (behind.length === 0) return;
    reading.current = true;
    void (async () => {
      for (const x of behind) await syncThread(userId, x.id).catch(() => undefined);
      reading.current = false;
    })();
  }, [threads.data, logs.data, userId]);

  if (threads.isPending) return <PageLoader label={t('threads.loading')} />;
  if (threads.isError) return <QueryError error={threads.error} onRetry={() => void threads.refetch()} />;
  const items = threads.data.items;
  const newButton = <Button onClick={() => setCreating(true)}>{t('threads.new')}</Button>;
  return (
    <Stack>
      <NewThreadDialog
        opened={creating}
        onClose={() => setCreating(false)}
        userId={userId}
        initial={startWith ? [startWith] : []}
      />
      {items.length === 0 ? (
        <EmptyState
          icon={<ThreadsIcon />}
          title={t('threads.emptyTitle')}
          description={t('threads.emptyBody')}
          actions={newButton}
        />
      ) : (
        <>
          <Group justify="flex-end">{newButton}</Group>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('threads.listLabel')}>
            {items.map((thread) => {
              const log = logs.data?.[thread.id];
              const last = log ? [...log.entries].reverse().find((e) => e.kind === 'message' && e.text) : undefined;
              const preview =
                last?.kind === 'message'
                  ? `${last.mine ? t('threads.you') : (names.get(last.senderUserId)?.displayName ?? t('threads.someone'))}: ${last.text}`
                  : undefined;
              return (
                <li key={thread.id}>
                  <UnstyledButton component={Link} to={threadPath(thread.id)} w="100%">
                    <Paper withBorder p="md">
                      <Group justify="space-between" wrap="nowrap">
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Text fw={thread.unread > 0 ? 700 : 500}>{log?.subject ?? t('threads.untitled')}</Text>
                          {preview ? (
                            <Text size="sm" lineClamp={1}>
                              {preview}
                            </Text>
                          ) : null}
                          <Text size="sm" c="dimmed">
                            {t('threads.members', { count: thread.memberCount })} ·{' '}
                            {format.dateTime(thread.lastMessageAt ?? thread.createdAt)}
                          </Text>
                        </Stack>
                        {thread.unread > 0 ? (
                          <Badge aria-label={t('threads.unread', { count: thread.unread })}>{thread.unread}</Badge>
                        ) : null}
                      </Group>
                    </Paper>
                  </UnstyledButton>
                </li>
              );
            })}
          </Stack>
        </>
      )}
    </Stack>
  );
}
