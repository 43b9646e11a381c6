import {
  Alert,
  Anchor,
  Button,
  Group,
  Menu,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  canEditItems,
  ITEM_STATUSES,
  planItemsQuery,
  planQuery,
  planSummaryQuery,
  planningApi,
  notificationsApi,
  type ItemStatus,
  type PlanSummary,
  type PlanSummaryFigures,
} from '../api/planning';
import { groupPath } from '../app/paths';
import { CheckIcon, ChevronDownIcon, DownloadIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useFileDownload } from '../directory/use-file-download';
import { FormError } from '../components/form-error';
import { CalendarSubscribeDialog } from '../notifications/calendar-subscribe-dialog';
import { PlanStatusBadge, TlpBadge } from '../planning/badges';
import { Board } from '../planning/board';
import { Breakdown } from '../planning/breakdown';
import { useCalendarDate } from '../planning/dates';
import { ItemDrawer } from '../planning/item-drawer';
import { ItemsTable } from '../planning/items-table';
import { NewItemDialog } from '../planning/new-item-dialog';
import { PlanDialog } from '../planning/plan-dialog';
import { Timeline } from '../planning/timeline';
import { useMoveItem } from '../planning/use-move-item';
import { usePlanLive } from '../planning/use-plan-live';

const VIEWS = ['board', 'table', 'timeline', 'countries'] as const;
type View = (typeof VIEWS)[number];

/** /plans/:id: one action plan, live: its figures, and its items as a board, a table, a timeline or by country. */
export function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const plan = useQuery(planQuery(id));
  usePlanLive(id);
  if (plan.isPending) return <PageLoader label={t('planning.loadingPlan')} />;
  if (plan.isError)
    return (
      <Page title={t('planning.planTitle')}>
        <QueryError error={plan.error} onRetry={() => void plan.refetch()} />
      </Page>
    );
  return <PlanView key={plan.data.id} plan={plan.data} />;
}

function PlanView({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation();
  const date = useCalendarDate();
  const [params, setParams] = useSearchParams();
  const items = useQuery(planItemsQuery(plan.id));
  const summary = useQuery(planSummaryQuery(plan.id));
  const [creating, setCreating] = useState(false);
  const [editingPlan, setEditingPlan] = useState(false);
  const [created, setCreated] = useState<string>();
  const download = useFileDownload();
  const { move, pendingId, elements } = useMoveItem();
  const [subscribing, setSubscribing] = useState(false);
  // Kept here: a plan.updated event to the whole room carries the muting of whoever changed the plan.
  const [muted, setMuted] = useState(plan.muted);
  const mute = useMutation({
    mutationFn: (next: boolean) => notificationsApi.mutePlan(plan.id, next),
    onSuccess: (answer) => setMuted(answer.muted),
  });

  const requested = params.get('view');
  const view: View = VIEWS.includes(requested as View) ? (requested as View) : 'board';
  const itemId = params.get('item') ?? undefined;
  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === undefined) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: key === 'view' },
    );
  const openItem = (id: string) => setParam('item', id);
  const list = items.data?.items ?? [];
  const mayAdd = canEditItems(plan.myRole);

  return (
    <Page title={plan.title} lead={plan.objective ?? undefined}>
      <Stack gap="sm">
        <Group gap="sm">
          <TlpBadge tlp={plan.tlp} size="lg" />
          <PlanStatusBadge status={plan.status} />
          <Text size="sm">
            {t('planning.inGroup')}{' '}
            <Anchor component={Link} to={groupPath(plan.groupId)}>
              {plan.groupName}
            </Anchor>
          </Text>
          {plan.periodStart || plan.periodEnd ? (
            <Text size="sm">{t('planning.period', { start: date(plan.periodStart), end: date(plan.periodEnd) })}</Text>
          ) : null}
          {plan.owningOrganisationName ? (
            <Text size="sm">{t('planning.owner', { name: plan.owningOrganisationName })}</Text>
          ) : null}
        </Group>
        <Group gap="sm" wrap="nowrap" maw={480}>
          <Progress
            value={Math.round(summary.data?.progress ?? plan.progress)}
            size="lg"
            style={{ flex: 1 }}
            aria-label={t('planning.planProgress')}
          />
          <Text size="sm" fw={600}>
            {t('planning.percent', { value: Math.round(summary.data?.progress ?? plan.progress) })}
          </Text>
        </Group>
      </Stack>
      <Stack gap="md">
        <Group gap="sm">
          {mayAdd ? <Button onClick={() => setCreating(true)}>{t('planning.newItem')}</Button> : null}
          {plan.canEdit ? (
            <Button variant="default" onClick={() => setEditingPlan(true)}>
              {t('planning.editPlan')}
            </Button>
          ) : null}
          <Menu position="bottom-start" withInitialFocusPlaceholder={false}>
            <Menu.Target>
              <Button
                variant="default"
                leftSection={<DownloadIcon />}
                rightSection={<ChevronDownIcon />}
                loading={download.busy('csv') || download.busy('ics')}
              >
                {t('planning.export.menu')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                onClick={() =>
                  download.start({ id: 'csv', fetch: () => planningApi.exportCsv(plan.id), fallbackName: 'plan.csv' })
                }
              >
                {t('planning.export.csv')}
              </Menu.Item>
              <Menu.Item
                onClick={() =>
                  download.start({ id: 'ics', fetch: () => planningApi.calendar(plan.id), fallbackName: 'plan.ics' })
                }
              >
                {t('planning.export.ics')}
              </Menu.Item>
              <Menu.Item onClick={() => setSubscribing(true)}>{t('planning.export.subscribe')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Switch
            label={t('notifications.mutePlan')}
            description={t('notifications.mutePlanHint')}
            checked={muted}
            disabled={mute.isPending}
            onChange={(event) => mute.mutate(event.currentTarget.checked)}
            ml="sm"
          />
        </Group>
        {download.error ? <FormError error={download.error} /> : null}
        {mute.isError ? <FormError error={mute.error} /> : null}
        <div aria-live="polite">
          {created ? (
            <Alert
              role="status"
              color="green"
              variant="light"
              icon={<CheckIcon />}
              withCloseButton
              closeButtonLabel={t('planning.dismiss')}
              onClose={() => setCreated(undefined)}
            >
              {t('planning.itemCreated', { reference: created })}
            </Alert>
          ) : null}
        </div>
        {summary.data ? <Figures summary={summary.data} /> : null}
        {elements}
        <Tabs value={view} onChange={(value) => setParam('view', value ?? 'board')} keepMounted={false}>
          <Tabs.List aria-label={t('planning.views')}>
            <Tabs.Tab value="board">{t('planning.view.board')}</Tabs.Tab>
            <Tabs.Tab value="table">{t('planning.view.table')}</Tabs.Tab>
            <Tabs.Tab value="timeline">{t('planning.timeline.tab')}</Tabs.Tab>
            <Tabs.Tab value="countries">{t('planning.view.countries')}</Tabs.Tab>
          </Tabs.List>
          {items.isPending ? (
            <PageLoader label={t('planning.loadingItems')} />
          ) : items.isError ? (
            <QueryError error={items.error} onRetry={() => void items.refetch()} mt="md" />
          ) : (
            <>
              <Tabs.Panel value="board" pt="md">
                {list.length === 0 ? (
                  <Text c="dimmed" mb="sm">
                    {t(mayAdd ? 'planning.noItemsYou' : 'planning.noItems')}
                  </Text>
                ) : null}
                <Board items={list} role={plan.myRole} pendingId={pendingId} onOpen={openItem} onMove={move} />
              </Tabs.Panel>
              <Tabs.Panel value="table" pt="md">
                <Stack gap="sm">
                  <ItemsTable items={list} onOpen={openItem} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="timeline" pt="md">
                <Timeline items={list} onOpen={openItem} />
              </Tabs.Panel>
              <Tabs.Panel value="countries" pt="md">
                {summary.isPending ? (
                  <PageLoader label={t('planning.loadingSummary')} />
                ) : summary.isError ? (
                  <QueryError error={summary.error} onRetry={() => void summary.refetch()} />
                ) : (
                  <Breakdown summary={summary.data} />
                )}
              </Tabs.Panel>
            </>
          )}
        </Tabs>
      </Stack>
      <NewItemDialog
        opened={creating}
        plan={plan}
        items={list}
        onClose={() => setCreating(false)}
        onCreated={(item) => {
          setCreating(false);
          setCreated(item.reference);
        }}
      />
      <PlanDialog
        opened={editingPlan}
        groupId={plan.groupId}
        plan={plan}
        onClose={() => setEditingPlan(false)}
        onSaved={() => setEditingPlan(false)}
      />
      <CalendarSubscribeDialog
        opened={subscribing}
        planId={plan.id}
        name={plan.title}
        onClose={() => setSubscribing(false)}
      />
      <ItemDrawer itemId={itemId} plan={plan} items={list} onClose={() => setParam('item', undefined)} />
    </Page>
  );
}

const STATUS_COLOR: Record<ItemStatus, string> = {
  not_started: 'gray.5',
  in_progress: 'liaison.7',
  blocked: 'red.9',
  done: 'teal.9',
  cancelled: 'gray.8',
};

/** The plan's numbers: items by status (as figures and one bar), overdue and due this week. */
function Figures({ summary }: { summary: PlanSummaryFigures }) {
  const { t } = useTranslation();
  const total = Math.max(summary.total, 1);
  const figures: { key: string; label: string; value: number; alert?: boolean }[] = [
    ...ITEM_STATUSES.map((status) => ({
      key: status,
      label: t(`planning.status.${status}`),
      value: summary.byStatus[status] ?? 0,
      alert: status === 'blocked' && (summary.byStatus.blocked ?? 0) > 0,
    })),
    { key: 'overdue', label: t('planning.overdue'), value: summary.overdue, alert: summary.overdue > 0 },
    { key: 'dueThisWeek', label: t('planning.dueThisWeek'), value: summary.dueThisWeek },
  ];
  return (
    <Stack gap="xs" component="section" aria-label={t('planning.figures')}>
      <SimpleGrid cols={{ base: 2, xs: 4, md: 7 }} spacing="xs" component="dl" m={0}>
        {figures.map((figure) => (
          <Paper key={figure.key} withBorder p="xs" data-testid={`figure-${figure.key}`}>
            <Text component="dt" size="xs" fw={600}>
              {figure.label}
            </Text>
            <Text component="dd" m={0} fz="xl" fw={700} c={figure.alert ? 'red.9' : undefined}>
              {figure.value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {summary.total > 0 ? (
        <Progress.Root size="md" aria-hidden="true">
          {ITEM_STATUSES.filter((status) => (summary.byStatus[status] ?? 0) > 0).map((status) => (
            <Tooltip key={status} label={`${t(`planning.status.${status}`)}: ${summary.byStatus[status]}`}>
              <Progress.Section value={((summary.byStatus[status] ?? 0) / total) * 100} color={STATUS_COLOR[status]} />
            </Tooltip>
          ))}
        </Progress.Root>
      ) : null}
    </Stack>
  );
}
