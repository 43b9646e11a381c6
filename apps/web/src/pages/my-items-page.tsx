import { Anchor, Button, Group, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { myItemsQuery } from '../api/planning';
import { planPath } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { CheckIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { CalendarSubscribeDialog } from '../notifications/calendar-subscribe-dialog';
import { CalendarIcon } from '../notifications/icons';
import { ItemStatusBadge, TlpBadge } from '../planning/badges';
import { useCalendarDate } from '../planning/dates';
import { useFollowPlans } from '../planning/use-plan-live';

/** /my-items: what is assigned to the caller across every plan, overdue first. */
export function MyItemsPage() {
  const { t } = useTranslation();
  const date = useCalendarDate();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [subscribing, setSubscribing] = useState(false);
  const items = useQuery({
    ...myItemsQuery(overdueOnly),
    placeholderData: keepPreviousData,
    // Changes in the listed plans arrive live; new assignments elsewhere are caught up with here.
    refetchInterval: 60_000,
  });
  const { refetch } = items;
  const refresh = useCallback(() => void refetch(), [refetch]);
  useFollowPlans(items.data?.items.map((item) => item.planId) ?? [], refresh);

  return (
    <Page title={t('planning.myItemsTitle')} lead={t('planning.myItemsLead')}>
      <Group justify="space-between">
        <Switch
          label={t('planning.overdueOnly')}
          checked={overdueOnly}
          onChange={(event) => setOverdueOnly(event.currentTarget.checked)}
        />
        <Button variant="default" leftSection={<CalendarIcon />} onClick={() => setSubscribing(true)}>
          {t('calendarFeeds.subscribe')}
        </Button>
      </Group>
      <CalendarSubscribeDialog
        opened={subscribing}
        name={t('calendarFeeds.myItems')}
        onClose={() => setSubscribing(false)}
      />
      {items.isPending ? (
        <PageLoader label={t('planning.loadingItems')} />
      ) : items.isError ? (
        <QueryError error={items.error} onRetry={() => void items.refetch()} retrying={items.isFetching} />
      ) : items.data.items.length === 0 ? (
        <EmptyState
          icon={<CheckIcon />}
          title={t(overdueOnly ? 'planning.noOverdueTitle' : 'planning.noMyItemsTitle')}
          description={t(overdueOnly ? 'planning.noOverdueBody' : 'planning.noMyItemsBody')}
        />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" striped>
              <Table.Caption>{t('planning.myItemsCaption', { count: items.data.items.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('planning.column.item')}</Table.Th>
                  <Table.Th scope="col">{t('planning.column.plan')}</Table.Th>
                  <Table.Th scope="col">{t('planning.column.group')}</Table.Th>
                  <Table.Th scope="col">{t('planning.column.due')}</Table.Th>
                  <Table.Th scope="col">{t('planning.column.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.data.items.map((item) => (
                  <Table.Tr key={item.id} data-testid="my-item">
                    <Table.Th scope="row" fw={500}>
                      <Stack gap={0}>
                        <Text size="xs" ff="monospace">
                          {item.reference}
                        </Text>
                        <Anchor component={Link} to={planPath(item.planId, item.id)}>
                          {item.title}
                        </Anchor>
                      </Stack>
                    </Table.Th>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Text size="sm">{item.planTitle}</Text>
                        <TlpBadge tlp={item.planTlp} size="sm" />
                      </Stack>
                    </Table.Td>
                    <Table.Td>{item.groupName}</Table.Td>
                    <Table.Td>
                      {item.dueDate ? (
                        <Text size="sm" c={item.overdue ? 'red.9' : undefined} fw={item.overdue ? 700 : undefined}>
                          {date(item.dueDate)}
                          {item.overdue ? ` (${t('planning.overdue')})` : ''}
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ItemStatusBadge status={item.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Page>
  );
}
