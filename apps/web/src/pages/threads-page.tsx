import { Badge, Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { messagingApi, type Person } from '../api/messaging';
import { threadPath } from '../app/paths';
import { realtime } from '../app/realtime';
import { useCurrentUser } from '../auth/session';
import { EmptyState } from '../components/empty-state';
import { ThreadsIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { EncryptionGate } from '../e2ee/encryption-gate';
import { keyStore, type LocalKeys } from '../e2ee/key-store';
import { NewThreadDialog } from '../threads/new-thread-dialog';

export function ThreadsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('threads.title')} lead={t('threads.lead')}>
      <EncryptionGate>{(keys) => <ThreadList keys={keys} />}</EncryptionGate>
    </Page>
  );
}

function ThreadList({ keys }: { keys: LocalKeys }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const location = useLocation();
  const startWith = (location.state as { startWith?: Person } | null)?.startWith;
  const [creating, setCreating] = useState(Boolean(startWith));
  const threads = useQuery({ queryKey: ['threads'], queryFn: messagingApi.threads });
  const subjects = useQuery({ queryKey: ['thread-subjects', user.id], queryFn: () => keyStore.subjects(user.id) });
  const format = useDateFormat();
  useEffect(() => {
    const socket = realtime();
    const refresh = () => void threads.refetch();
    socket.on('thread.membership', refresh);
    socket.on('message.new', refresh);
    return () => {
      socket.off('thread.membership', refresh);
      socket.off('message.new', refresh);
    };
  }, [threads]);

  if (threads.isPending) return <PageLoader label={t('threads.loading')} />;
  if (threads.isError) return <QueryError error={threads.error} onRetry={() => void threads.refetch()} />;
  const items = threads.data.items;
  const newButton = <Button onClick={() => setCreating(true)}>{t('threads.new')}</Button>;
  return (
    <Stack>
      <NewThreadDialog
        opened={creating}
        onClose={() => setCreating(false)}
        keys={keys}
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
            {items.map((thread) => (
              <li key={thread.id}>
                <UnstyledButton component={Link} to={threadPath(thread.id)} w="100%">
                  <Paper withBorder p="md">
                    <Group justify="space-between" wrap="nowrap">
                      <Stack gap={2}>
                        <Text fw={thread.unread > 0 ? 700 : 500}>
                          {subjects.data?.[thread.id] ?? t('threads.untitled')}
                        </Text>
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
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
