import { Alert, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditQuery, verifyAudit, type AuditFilter } from '../api/identity';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { AdminIcon, CheckIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';

const ACTION_SHAPE = /^[a-z_]+(\.[a-z_]+)*$/;

/** /admin/audit: the append-only log, filtered, with a check of its hash chain. */
export function AdminAuditPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({});
  return (
    <Page title={t('adminAudit.title')} lead={t('adminAudit.lead')}>
      <ChainCheck />
      <AuditFilters onApply={setFilter} />
      <AuditTable filter={filter} />
    </Page>
  );
}

function ChainCheck() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: verifyAudit });
  const result = verify.data;
  return (
    <Stack gap="sm">
      <Group>
        <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('adminAudit.verify')}
        </Button>
      </Group>
      <div aria-live="polite">
        {verify.isError ? <FormError error={verify.error} /> : null}
        {result?.ok ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            <Text size="sm" fw={700}>
              {t('adminAudit.verifyOkTitle')}
            </Text>
            <Text size="sm">{t('adminAudit.verifyOk', { count: result.events })}</Text>
            <Text size="sm">
              {t('adminAudit.head')} <Code style={{ wordBreak: 'break-all' }}>{result.head}</Code>
            </Text>
          </Alert>
        ) : null}
        {result && !result.ok ? (
          <Alert role="alert" color="red" variant="light" icon={<WarningIcon />}>
            <Text size="sm" fw={700}>
              {t('adminAudit.verifyBrokenTitle')}
            </Text>
            <Text size="sm">
              {result.brokenAt === undefined
                ? t('adminAudit.verifyBrokenUnknown')
                : t('adminAudit.verifyBroken', { seq: result.brokenAt })}
            </Text>
          </Alert>
        ) : null}
      </div>
    </Stack>
  );
}

function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [actionError, setActionError] = useState<string>();
  const [rangeError, setRangeError] = useState<string>();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = action.trim().toLowerCase();
    const badAction = trimmed !== '' && !ACTION_SHAPE.test(trimmed);
    const badRange = from !== '' && to !== '' && from > to;
    setActionError(badAction ? t('adminAudit.actionInvalid') : undefined);
    setRangeError(badRange ? t('adminAudit.rangeInvalid') : undefined);
    if (badAction || badRange) return;
    onApply({
      action: trimmed || undefined,
      // Whole days in the user's own time zone.
      from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
      to: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
    });
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="form"
      noValidate
      onSubmit={onSubmit}
      aria-label={t('adminAudit.filters')}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            name="action"
            label={t('adminAudit.action')}
            description={t('adminAudit.actionHint')}
            spellCheck={false}
            value={action}
            error={actionError}
            onChange={(event) => setAction(event.currentTarget.value)}
          />
          <TextInput
            name="from"
            type="date"
            label={t('adminAudit.from')}
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
          />
          <TextInput
            name="to"
            type="date"
            label={t('adminAudit.to')}
            value={to}
            error={rangeError}
            onChange={(event) => setTo(event.currentTarget.value)}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit">{t('adminAudit.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setAction('');
              setFrom('');
              setTo('');
              setActionError(undefined);
              setRangeError(undefined);
              onApply({});
            }}
          >
            {t('adminAudit.clear')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AuditTable({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const events = useInfiniteQuery(auditQuery(filter));
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  if (events.isPending) return <PageLoader label={t('adminAudit.loading')} />;
  if (events.isError) {
    return <QueryError error={events.error} retrying={events.isFetching} onRetry={() => void events.refetch()} />;
  }
  if (items.length === 0) {
    return (
      <EmptyState icon={<AdminIcon />} title={t('adminAudit.emptyTitle')} description={t('adminAudit.emptyBody')} />
    );
  }
  return (
    <>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" horizontalSpacing="md" striped>
            <Table.Caption>{t('adminAudit.caption', { count: items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('adminAudit.seq')}</Table.Th>
                <Table.Th scope="col">{t('adminAudit.at')}</Table.Th>
                <Table.Th scope="col">{t('adminAudit.action')}</Table.Th>
                <Table.Th scope="col">{t('adminAudit.actor')}</Table.Th>
                <Table.Th scope="col">{t('adminAudit.target')}</Table.Th>
                <Table.Th scope="col">{t('adminAudit.ip')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.seq}>
                  <Table.Th scope="row" fw={500}>
                    {event.seq}
                  </Table.Th>
                  <Table.Td>{format.dateTime(event.at)}</Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td>{event.actorId ? shortId(event.actorId) : t('adminAudit.system')}</Table.Td>
                  <Table.Td>
                    {event.targetType
                      ? `${event.targetType}${event.targetId ? ` ${shortId(event.targetId)}` : ''}`
                      : '—'}
                  </Table.Td>
                  <Table.Td>{event.ip ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {events.hasNextPage ? (
        <Group>
          <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}

/** The first block of a UUID identifies it well enough on screen; the full value is in the title. */
function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
