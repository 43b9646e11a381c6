import { Anchor, Box, Button, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notificationsQuery, type AppNotification } from '../api/planning';
import { paths } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { noticeText } from '../notifications/notification-text';
import { useDateFormat } from '../components/use-date-format';
import { BellIcon } from '../notifications/icons';
import { safeLink, useMarkRead } from '../notifications/use-notifications';

/** /notifications: reminders, overdue notices and digests, newest first; following one marks it read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useQuery(notificationsQuery);
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;

  return (
    <Page title={t('notifications.title')} lead={t('notifications.lead')}>
      <Group gap="md">
        <Button
          variant="default"
          onClick={() => markRead.mutate(null)}
          loading={markRead.isPending && markRead.variables === null}
          disabled={!list.data || unread === 0}
        >
          {t('notifications.markAllRead')}
        </Button>
        <Anchor component={Link} to={paths.notificationSettings}>
          {t('notifications.settingsLink')}
        </Anchor>
        {list.data ? (
          <Text size="sm" aria-live="polite">
            {t('notifications.unreadCount', { count: unread })}
          </Text>
        ) : null}
      </Group>
      {markRead.isError ? <FormError error={markRead.error} /> : null}
      {list.isPending ? (
        <PageLoader label={t('notifications.loading')} />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : list.data.items.length === 0 ? (
        <EmptyState
          icon={<BellIcon />}
          title={t('notifications.emptyTitle')}
          description={t('notifications.emptyBody')}
        />
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('notifications.title')}>
          {list.data.items.map((notice) => (
            <NotificationRow key={notice.id} notice={notice} onFollow={() => markRead.mutate(notice.id)} />
          ))}
        </Stack>
      )}
    </Page>
  );
}

function NotificationRow({ notice, onFollow }: { notice: AppNotification; onFollow: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const unread = notice.readAt === null;
  const link = safeLink(notice.link);
  const { title, body } = noticeText(t, notice, (day) => format.date(`${day}T12:00:00Z`));
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="notification"
      data-unread={unread ? 'true' : 'false'}
      style={unread ? { borderLeft: '4px solid var(--mantine-color-liaison-7)' } : undefined}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="baseline">
          {unread ? (
            <Box
              aria-hidden="true"
              w={10}
              h={10}
              style={{ borderRadius: '50%', background: 'var(--mantine-color-liaison-7)', flexShrink: 0 }}
            />
          ) : null}
          <Text fw={unread ? 700 : 500}>
            {unread ? <VisuallyHidden>{t('notifications.unreadMarker')} </VisuallyHidden> : null}
            {link ? (
              <Anchor component={Link} to={link} onClick={unread ? onFollow : undefined} inherit>
                {title}
              </Anchor>
            ) : (
              title
            )}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {body}
        </Text>
        <Text size="xs" c="dimmed">
          <time dateTime={notice.createdAt}>{format.dateTime(notice.createdAt)}</time>
          {unread ? '' : ` · ${t('notifications.read')}`}
        </Text>
      </Stack>
    </Paper>
  );
}
