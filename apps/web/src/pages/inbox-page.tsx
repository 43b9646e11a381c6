import { Anchor, Badge, Box, Group, Paper, Stack, Switch, Text, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { inboxQuery, outreachKeys, type InboxEntry } from '../api/outreach';
import { paths } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { safeLink, useMarkRead } from '../notifications/use-notifications';
import { RsvpBadge } from '../outreach/badges';
import { InboxIcon } from '../outreach/icons';
import { noticeText } from '../notifications/notification-text';

/** /inbox: announcements and notifications together, newest first, with what is unread and what waits for the reader. */
export function InboxPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery(inboxQuery(unreadOnly));
  const queryClient = useQueryClient();
  const markRead = useMarkRead();
  const data = inbox.data;
  const unread = data ? data.unreadAnnouncements + data.unreadNotifications : 0;

  const follow = (entry: InboxEntry) => {
    if (entry.type !== 'notification' || entry.readAt) return;
    markRead.mutate(entry.id, {
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.inbox }),
    });
  };

  return (
    <Page title={t('inbox.title')} lead={t('inbox.lead')}>
      <Group gap="lg" align="center">
        <Switch
          label={t('inbox.unreadOnly')}
          checked={unreadOnly}
          onChange={(event) => setUnreadOnly(event.currentTarget.checked)}
        />
        {data ? (
          <Text size="sm" aria-live="polite" data-testid="inbox-counts">
            {t('inbox.unreadCount', { count: unread })}
            {data.toAcknowledge > 0 ? ` · ${t('inbox.toAcknowledge', { count: data.toAcknowledge })}` : ''}
          </Text>
        ) : null}
        <Anchor component={Link} to={paths.notifications} size="sm" underline="always">
          {t('inbox.notificationsLink')}
        </Anchor>
      </Group>
      {markRead.isError ? <FormError error={markRead.error} /> : null}
      {inbox.isPending ? (
        <PageLoader label={t('inbox.loading')} />
      ) : inbox.isError ? (
        <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} retrying={inbox.isFetching} />
      ) : inbox.data.items.length === 0 ? (
        <EmptyState
          icon={<InboxIcon />}
          title={t(unreadOnly ? 'inbox.emptyUnreadTitle' : 'inbox.emptyTitle')}
          description={t(unreadOnly ? 'inbox.emptyUnreadBody' : 'inbox.emptyBody')}
        />
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('inbox.title')}>
          {inbox.data.items.map((entry) => (
            <InboxRow key={`${entry.type}:${entry.id}`} entry={entry} onFollow={() => follow(entry)} />
          ))}
        </Stack>
      )}
    </Page>
  );
}

function InboxRow({ entry, onFollow }: { entry: InboxEntry; onFollow: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  // An announcement edited since it was read counts as unread again.
  const unread = entry.readAt === null || entry.changedSinceRead;
  const link = safeLink(entry.link);
  const waiting = entry.requiresAcknowledgement && !entry.acknowledgedAt && !entry.withdrawn;
  // Plan notices are written in the reader's language from their facts.
  const shown =
    entry.type === 'notification'
      ? noticeText(t, { ...entry, body: entry.excerpt }, (day) => format.date(`${day}T12:00:00Z`))
      : { title: entry.title, body: entry.excerpt };
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="inbox-entry"
      data-type={entry.type}
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
          <Text fw={unread ? 700 : 500} style={{ minWidth: 0 }}>
            {unread ? <VisuallyHidden>{t('inbox.unreadMarker')} </VisuallyHidden> : null}
            {link ? (
              <Anchor component={Link} to={link} onClick={onFollow} inherit>
                {shown.title}
              </Anchor>
            ) : (
              shown.title
            )}
          </Text>
        </Group>
        <Group gap="xs">
          <Badge size="sm" variant="outline" color="gray.9" bg="#ffffff">
            {t(`inbox.type.${entry.type}`)}
          </Badge>
          {entry.withdrawn ? (
            <Badge size="sm" color="red.9">
              {t('inbox.withdrawn')}
            </Badge>
          ) : null}
          {entry.changedSinceRead && !entry.withdrawn ? (
            <Badge size="sm" color="violet.9">
              {t('inbox.changed')}
            </Badge>
          ) : null}
          {waiting ? (
            <Badge size="sm" color="red.9" variant="outline" bg="#ffffff">
              {entry.acknowledgeBy
                ? t('inbox.acknowledgeBy', { date: format.dateTime(entry.acknowledgeBy) })
                : t('inbox.acknowledge')}
            </Badge>
          ) : null}
          {entry.requiresAcknowledgement && entry.acknowledgedAt ? (
            <Badge size="sm" color="teal.9" variant="outline" bg="#ffffff">
              {t('inbox.acknowledged')}
            </Badge>
          ) : null}
          {entry.eventStartsAt ? (
            <>
              <Text size="xs">{t('inbox.event', { date: format.dateTime(entry.eventStartsAt) })}</Text>
              <Text size="xs">{t('inbox.yourAnswer')}</Text>
              <RsvpBadge response={entry.rsvp} />
            </>
          ) : null}
        </Group>
        {shown.body ? (
          <Text size="sm" lineClamp={2}>
            {shown.body}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
          {unread ? '' : ` · ${t('inbox.read')}`}
        </Text>
      </Stack>
    </Paper>
  );
}
