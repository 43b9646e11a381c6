import { Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanSummaryFigures } from '../api/planning';
import { useDisplayNames } from '../directory/use-display-names';

interface Row {
  key: string;
  name: string;
  items: number;
  done: number;
  overdue?: number;
  progress: number;
}

/** Progress by country and by organisation: a labelled bar per row, with the numbers in text too. */
export function Breakdown({ summary }: { summary: PlanSummaryFigures }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const countries: Row[] = summary.byCountry.map((row) => ({
    key: row.countryCode ?? 'none',
    name: row.countryCode ? names.country(row.countryCode, row.countryName ?? undefined) : t('planning.noCountry'),
    items: row.items,
    done: row.done,
    overdue: row.overdue,
    progress: row.progress,
  }));
  const organisations: Row[] = summary.byOrganisation.map((row) => ({
    key: row.organisationId ?? 'none',
    name: !row.name
      ? t('planning.noLead')
      : row.countryCode
        ? `${row.name} (${names.country(row.countryCode)})`
        : row.name,
    items: row.items,
    done: row.done,
    progress: row.progress,
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Bars id="by-country" title={t('planning.byCountry')} rows={countries} empty={t('planning.noCountries')} />
      <Bars
        id="by-organisation"
        title={t('planning.byOrganisation')}
        rows={organisations}
        empty={t('planning.noOrganisations')}
      />
    </SimpleGrid>
  );
}

function Bars({ id, title, rows, empty }: { id: string; title: string; rows: Row[]; empty: string }) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => b.progress - a.progress || a.name.localeCompare(b.name));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {sorted.length === 0 ? (
        <Text c="dimmed">{empty}</Text>
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {sorted.map((row) => (
            <li key={row.key} data-testid={`${id}-row`}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {row.name}
                </Text>
                <Text size="sm" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                  {t('planning.percent', { value: Math.round(row.progress) })}
                </Text>
              </Group>
              <Progress
                value={Math.round(row.progress)}
                size="lg"
                color={row.progress >= 100 ? 'teal.9' : 'liaison.7'}
                aria-label={t('planning.progressOf', { name: row.name })}
              />
              <Text size="xs" c="dimmed">
                {t('planning.doneOfItems', { count: row.items, done: row.done })}
                {row.overdue ? ` · ${t('planning.overdueCount', { count: row.overdue })}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
