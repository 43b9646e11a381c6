import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  ANNOUNCEMENT_STATUSES,
  announcementsQuery,
  type AnnouncementStatus,
  type AnnouncementSummary,
} from '../api/outreach';
import { announcementPath, paths } from '../app/paths';
import { useSession } from '../auth/session';
import { hasRole } from '../auth/types';
import { EmptyState } from '../components/empty-state';
import { AnnouncementsIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { AnnouncementStatusBadge } from '../outreach/badges';
import { PlusIcon } from '../outreach/icons';

/**
 * /announcements: the secretariat's announcements (every status, filtered) with a way to write a
 * new one; for everyone else, those addressed to them.
 */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const secretariat = session.status === 'signedIn' && hasRole(session.user, 'secretariat');
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const status =
    secretariat && ANNOUNCEMENT_STATUSES.includes(requested as AnnouncementStatus)
      ? (requested as AnnouncementStatus)
      : undefined;
  const list = useInfiniteQuery(announcementsQuery(status));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <Page
      title={t('announcements.title')}
      lead={secretariat ? t('announcements.leadSecretariat') : t('announcements.lead')}
    >
      {secretariat ? (
        <Group justify="space-between" align="flex-end">
          <NativeSelect
            label={t('announcements.statusFilter')}
            value={status ?? ''}
            onChange={(event) =>
              setParams(event.currentTarget.value ? { status: event.currentTarget.value } : {}, { replace: true })
            }
            data={[
              { value: '', label: t('announcements.allStatuses') },
              ...ANNOUNCEMENT_STATUSES.map((value) => ({ value, label: t(`outreach.status.${value}`) })),
            ]}
          />
          <Button component={Link} to={paths.announcementNew} leftSection={<PlusIcon />}>
            {t('announcements.new')}
          </Button>
        </Group>
      ) : null}
      {list.isPending ? (
        <PageLoader label={t('announcements.loading')} />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<AnnouncementsIcon />}
          title={status ? t('announcements.emptyFilteredTitle') : t('announcements.emptyTitle')}
          description={
            secretariat
              ? status
                ? t('announcements.emptyFilteredBody')
                : t('announcements.emptyBodySecretariat')
              : t('announcements.emptyBody')
          }
        />
      ) : (
        <Stack gap="sm">
          <Text size="sm" aria-live="polite">
            {t('announcements.count', { count: total })}
          </Text>
          {secretariat ? <SecretariatTable items={items} /> : <RecipientList items={items} />}
          {list.hasNextPage ? (
            <Group>
              <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Page>
  );
}

function SecretariatTable({ items }: { items: AnnouncementSummary[] }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder data-testid="announcements">
        <Table.Caption>{t('announcements.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('announcements.column.title')}</Table.Th>
            <Table.Th scope="col">{t('announcements.column.status')}</Table.Th>
            <Table.Th scope="col">{t('announcements.column.date')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('announcements.column.recipients')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('announcements.column.read')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('announcements.column.acknowledged')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Th scope="row">
                <Anchor component={Link} to={announcementPath(a.id)} fw={600}>
                  {a.title}
                </Anchor>
                {a.eventStartsAt ? (
                  <Text size="xs" c="dimmed">
                    {t('announcements.event', { date: format.dateTime(a.eventStartsAt) })}
                  </Text>
                ) : null}
              </Table.Th>
              <Table.Td>
                <AnnouncementStatusBadge status={a.status} size="sm" />
              </Table.Td>
              <Table.Td>
                {a.status === 'scheduled'
                  ? t('announcements.scheduledFor', { date: format.dateTime(a.publishAt) })
                  : a.publishedAt
                    ? format.dateTime(a.publishedAt)
                    : t('announcements.updated', { date: format.dateTime(a.updatedAt) })}
              </Table.Td>
              <Table.Td ta="right">{a.recipientCount ?? '—'}</Table.Td>
              <Table.Td ta="right">{a.recipientCount !== null ? a.readCount : '—'}</Table.Td>
              <Table.Td ta="right">{a.requiresAcknowledgement ? a.acknowledgedCount : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RecipientList({ items }: { items: AnnouncementSummary[] }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('announcements.title')}>
      {items.map((a) => (
        <Paper component="li" key={a.id} withBorder p="sm" data-testid="announcement-item">
          <Anchor component={Link} to={announcementPath(a.id)} fw={600}>
            {a.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {[
              a.publishedAt ? format.dateTime(a.publishedAt) : null,
              a.status === 'withdrawn' ? t('outreach.status.withdrawn') : null,
              a.requiresAcknowledgement ? t('announcements.asksAcknowledgement') : null,
              a.eventStartsAt ? t('announcements.event', { date: format.dateTime(a.eventStartsAt) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
