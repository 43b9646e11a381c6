import { Box, Group, Paper, Progress, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { statsQuery, type Announcement, type StatsRow } from '../api/outreach';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDisplayNames } from '../directory/use-display-names';
import { useDirectoryLabels } from '../directory/use-labels';
import { RSVP_COLOR } from './badges';

type Segment = { key: string; label: string; value: number; color: string };

/**
 * What the secretariat follows about a sent announcement, live: the totals, one bar by status
 * (reading and acknowledgement, or the answers to an invitation) and the same by country,
 * organisation kind and mandate. Every bar is drawn for the eye only; its numbers are in the text
 * and tables beside it.
 */
export function StatsPanel({ announcement }: { announcement: Announcement }) {
  const { t } = useTranslation();
  const stats = useQuery(statsQuery(announcement.id));
  const names = useDisplayNames();
  const labels = useDirectoryLabels();
  if (stats.isPending) return <PageLoader label={t('stats.loading')} />;
  if (stats.isError) return <QueryError error={stats.error} onRetry={() => void stats.refetch()} />;
  const { total, email } = stats.data;
  // Recipients without a country (international bodies) come last.
  const byCountry = [...stats.data.byCountry].sort((a, b) => Number(a.key === null) - Number(b.key === null));
  const event = announcement.event !== null;
  const ack = announcement.requiresAcknowledgement;

  const figures: { key: string; label: string; value: number; alert?: boolean }[] = [
    { key: 'recipients', label: t('stats.recipients'), value: total.recipients },
    { key: 'read', label: t('stats.read'), value: total.read },
    ...(ack ? [{ key: 'acknowledged', label: t('stats.acknowledged'), value: total.acknowledged }] : []),
    ...(event
      ? [
          { key: 'accepted', label: t('outreach.rsvp.accepted'), value: total.accepted },
          { key: 'tentative', label: t('outreach.rsvp.tentative'), value: total.tentative },
          { key: 'declined', label: t('outreach.rsvp.declined'), value: total.declined },
          { key: 'noAnswer', label: t('outreach.rsvp.noAnswer'), value: total.noAnswer },
          { key: 'delegates', label: t('stats.delegates'), value: total.delegates },
        ]
      : []),
    { key: 'emailSent', label: t('stats.emailSent'), value: email.sent },
    { key: 'emailPending', label: t('stats.emailPending'), value: email.pending + email.sending },
    { key: 'emailBounced', label: t('stats.emailBounced'), value: email.bounced, alert: email.bounced > 0 },
    { key: 'emailFailed', label: t('stats.emailFailed'), value: email.failed, alert: email.failed > 0 },
  ];

  const segmentsOf = (row: StatsRow): Segment[] =>
    event
      ? [
          { key: 'accepted', label: t('outreach.rsvp.accepted'), value: row.accepted, color: RSVP_COLOR.accepted },
          { key: 'tentative', label: t('outreach.rsvp.tentative'), value: row.tentative, color: RSVP_COLOR.tentative },
          { key: 'declined', label: t('outreach.rsvp.declined'), value: row.declined, color: RSVP_COLOR.declined },
          { key: 'noAnswer', label: t('outreach.rsvp.noAnswer'), value: row.noAnswer, color: RSVP_COLOR.noAnswer },
        ]
      : ack
        ? [
            { key: 'acknowledged', label: t('stats.acknowledged'), value: row.acknowledged, color: 'teal.9' },
            {
              key: 'readOnly',
              label: t('stats.readNotAcknowledged'),
              value: Math.max(0, row.read - row.acknowledged),
              color: 'liaison.7',
            },
            { key: 'unread', label: t('stats.unread'), value: Math.max(0, row.recipients - row.read), color: 'gray.3' },
          ]
        : [
            { key: 'read', label: t('stats.read'), value: row.read, color: 'teal.9' },
            { key: 'unread', label: t('stats.unread'), value: Math.max(0, row.recipients - row.read), color: 'gray.3' },
          ];

  const country = (row: StatsRow) => (row.key ? names.country(row.key, row.label ?? undefined) : t('stats.noCountry'));
  const kind = (row: StatsRow) => (row.key ? labels.kind(row.key) : t('stats.noKind'));
  const mandate = (row: StatsRow) => row.label ?? (row.key ? labels.mandate(row.key) : t('stats.noMandate'));

  return (
    <Stack gap="md" component="section" aria-labelledby="stats-heading" data-testid="stats">
      <Title order={2} size="h3" id="stats-heading">
        {t('stats.title')}
      </Title>
      <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="xs" component="dl" m={0}>
        {figures.map((figure) => (
          <Paper key={figure.key} withBorder p="xs" data-testid={`stat-${figure.key}`}>
            <Text component="dt" size="xs" fw={600}>
              {figure.label}
            </Text>
            <Text component="dd" m={0} fz="xl" fw={700} c={figure.alert ? 'red.9' : undefined}>
              {figure.value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          {event ? t('stats.byAnswer') : t('stats.byStatus')}
        </Title>
        <StackedBar segments={segmentsOf(total)} total={total.recipients} size="xl" />
        <Legend segments={segmentsOf(total)} total={total.recipients} />
      </Paper>
      <Tabs defaultValue="country" keepMounted={false}>
        <Tabs.List aria-label={t('stats.breakdowns')}>
          <Tabs.Tab value="country">{t('stats.byCountry')}</Tabs.Tab>
          <Tabs.Tab value="kind">{t('stats.byKind')}</Tabs.Tab>
          <Tabs.Tab value="mandate">{t('stats.byMandate')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="country" pt="sm">
          <BreakdownTable
            caption={t('stats.byCountryCaption')}
            rows={byCountry}
            nameOf={country}
            segmentsOf={segmentsOf}
            event={event}
            ack={ack}
            testId="stats-country"
          />
        </Tabs.Panel>
        <Tabs.Panel value="kind" pt="sm">
          <BreakdownTable
            caption={t('stats.byKindCaption')}
            rows={stats.data.byOrganisationKind}
            nameOf={kind}
            segmentsOf={segmentsOf}
            event={event}
            ack={ack}
          />
        </Tabs.Panel>
        <Tabs.Panel value="mandate" pt="sm">
          <BreakdownTable
            caption={t('stats.byMandateCaption')}
            rows={stats.data.byMandate}
            nameOf={mandate}
            segmentsOf={segmentsOf}
            event={event}
            ack={ack}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** One bar of several parts, for the eye only (the numbers are given in text next to it). */
export function StackedBar({
  segments,
  total,
  size = 'lg',
}: {
  segments: Segment[];
  total: number;
  size?: 'md' | 'lg' | 'xl';
}) {
  const whole = Math.max(total, 1);
  return (
    <Progress.Root size={size} aria-hidden="true">
      {segments
        .filter((segment) => segment.value > 0)
        .map((segment) => (
          <Progress.Section key={segment.key} value={(segment.value / whole) * 100} color={segment.color} />
        ))}
    </Progress.Root>
  );
}

/** The parts of a bar in words: a swatch, a name and a number each. */
export function Legend({ segments, total }: { segments: Segment[]; total: number }) {
  const { t } = useTranslation();
  return (
    <Group gap="md" component="ul" mt="xs" mb={0} p={0} style={{ listStyle: 'none' }}>
      {segments.map((segment) => (
        <Group key={segment.key} gap={6} component="li" wrap="nowrap" data-testid={`legend-${segment.key}`}>
          <Box
            aria-hidden="true"
            w={12}
            h={12}
            bg={segment.color}
            style={{ borderRadius: 2, border: '1px solid var(--mantine-color-gray-6)' }}
          />
          <Text size="sm">
            {t('stats.legend', {
              label: segment.label,
              count: segment.value,
              percent: total > 0 ? Math.round((segment.value / total) * 100) : 0,
            })}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

function BreakdownTable({
  caption,
  rows,
  nameOf,
  segmentsOf,
  event,
  ack,
  testId,
}: {
  caption: string;
  rows: StatsRow[];
  nameOf: (row: StatsRow) => string;
  segmentsOf: (row: StatsRow) => Segment[];
  event: boolean;
  ack: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Text c="dimmed">{t('stats.noRows')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped withTableBorder data-testid={testId}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('stats.name')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('stats.recipients')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('stats.read')}
            </Table.Th>
            {ack ? (
              <Table.Th scope="col" ta="right">
                {t('stats.acknowledged')}
              </Table.Th>
            ) : null}
            {event ? (
              <>
                <Table.Th scope="col" ta="right">
                  {t('outreach.rsvp.accepted')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('outreach.rsvp.tentative')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('outreach.rsvp.declined')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('outreach.rsvp.noAnswer')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('stats.delegates')}
                </Table.Th>
              </>
            ) : null}
            <Table.Th scope="col" w="25%">
              {t('stats.chart')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key ?? 'none'} data-key={row.key ?? ''}>
              <Table.Th scope="row" fw={600}>
                {nameOf(row)}
              </Table.Th>
              <Table.Td ta="right">{row.recipients}</Table.Td>
              <Table.Td ta="right">{row.read}</Table.Td>
              {ack ? <Table.Td ta="right">{row.acknowledged}</Table.Td> : null}
              {event ? (
                <>
                  <Table.Td ta="right">{row.accepted}</Table.Td>
                  <Table.Td ta="right">{row.tentative}</Table.Td>
                  <Table.Td ta="right">{row.declined}</Table.Td>
                  <Table.Td ta="right">{row.noAnswer}</Table.Td>
                  <Table.Td ta="right">{row.delegates}</Table.Td>
                </>
              ) : null}
              <Table.Td>
                <StackedBar segments={segmentsOf(row)} total={row.recipients} size="md" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
