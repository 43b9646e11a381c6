import {
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Paper,
  Popover,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  countriesQuery,
  COVERAGE_STATES,
  coverageQuery,
  downloadCoverageCsv,
  type Coverage,
  type CoverageCell,
  type CoverageFilter,
  type CoveragePerson,
  type CoverageState,
} from '../api/directory';
import { contactPath, paths } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { DownloadIcon, GridIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { useDisplayNames } from '../directory/use-display-names';
import { useFileDownload } from '../directory/use-file-download';
import { useImmediate } from '../directory/use-immediate';
import classes from './coverage-page.module.css';

/** A mark per state, so the state is readable without telling colours apart. */
const STATE_SYMBOL: Record<CoverageState, string> = {
  covered: '✓',
  no_deputy: '½',
  no_primary: '!',
  gap: '✕',
  stale: '?',
  departed: '→',
};

/** /directory/coverage: countries × mandates, each cell saying whether the country has its points of contact. */
export function CoveragePage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: CoverageFilter = useMemo(
    () => ({ region: searchParams.get('region') ?? undefined, eu: searchParams.get('eu') === 'true' }),
    [searchParams],
  );
  const [shown, show] = useImmediate(filter);
  const coverage = useQuery(coverageQuery(shown));
  const countries = useQuery(countriesQuery);
  const downloads = useFileDownload();
  const regions = useMemo(
    () => [...new Set((countries.data ?? []).map((country) => country.region).filter(Boolean))].sort(),
    [countries.data],
  );
  const update = (key: 'region' | 'eu', value: string | undefined) => {
    show({ ...shown, [key]: key === 'eu' ? value === 'true' : value });
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <Page title={t('coverage.title')} lead={t('coverage.lead')}>
      <Group gap="sm">
        <Anchor component={Link} to={paths.directory}>
          {t('contact.backToDirectory')}
        </Anchor>
      </Group>
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="coverage-filters">
        <Stack gap="sm">
          <Title order={2} size="h4" id="coverage-filters">
            {t('coverage.filters')}
          </Title>
          <Group gap="lg" align="flex-end">
            <NativeSelect
              label={t('coverage.region')}
              value={shown.region ?? ''}
              onChange={(event) => update('region', event.currentTarget.value || undefined)}
              data={[
                { value: '', label: t('coverage.allRegions') },
                ...regions.map((region) => ({ value: region, label: region })),
              ]}
              miw={200}
            />
            <Checkbox
              label={t('coverage.euOnly')}
              checked={shown.eu ?? false}
              onChange={(event) => update('eu', event.currentTarget.checked ? 'true' : undefined)}
              mb={8}
            />
            <Button
              variant="default"
              leftSection={<DownloadIcon />}
              loading={downloads.busy('csv')}
              onClick={() =>
                downloads.start({ id: 'csv', fetch: () => downloadCoverageCsv(shown), fallbackName: 'coverage.csv' })
              }
            >
              {t('coverage.downloadCsv')}
            </Button>
          </Group>
          <div aria-live="polite">{downloads.error ? <FormError error={downloads.error} /> : null}</div>
        </Stack>
      </Paper>
      {coverage.isPending ? (
        <PageLoader label={t('coverage.loading')} />
      ) : coverage.isError && !coverage.data ? (
        <QueryError error={coverage.error} retrying={coverage.isFetching} onRetry={() => void coverage.refetch()} />
      ) : (
        <Matrix data={coverage.data} fetching={coverage.isFetching} />
      )}
    </Page>
  );
}

function Matrix({ data, fetching }: { data: Coverage; fetching: boolean }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const counts = useMemo(() => {
    const byState = Object.fromEntries(COVERAGE_STATES.map((state) => [state, 0])) as Record<CoverageState, number>;
    for (const row of data.rows) for (const cell of row.cells) byState[cell.state] += 1;
    return byState;
  }, [data]);

  if (data.rows.length === 0 || data.mandates.length === 0) {
    return <EmptyState icon={<GridIcon />} title={t('coverage.emptyTitle')} description={t('coverage.emptyBody')} />;
  }
  return (
    <Stack gap="md" aria-busy={fetching}>
      <Legend counts={counts} staleAfterDays={data.staleAfterDays} />
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={200 + data.mandates.length * 120}>
          <Table className={classes.table} verticalSpacing={4} horizontalSpacing={4} withColumnBorders>
            <Table.Caption>
              {t('coverage.caption', { countries: data.rows.length, mandates: data.mandates.length })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" className={classes.corner}>
                  {t('coverage.country')}
                </Table.Th>
                {data.mandates.map((mandate) => (
                  <Table.Th key={mandate.code} scope="col" className={classes.mandate}>
                    {mandate.name}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row) => {
                const country = names.country(row.country.code, row.country.name);
                const cells = new Map(row.cells.map((cell) => [cell.mandateCode, cell]));
                return (
                  <Table.Tr key={row.country.code}>
                    <Table.Th scope="row" className={classes.country}>
                      <Group gap={6} wrap="nowrap">
                        <span>{country}</span>
                        {row.country.euMember ? (
                          <Badge size="xs" variant="outline" color="liaison" title={t('coverage.euMember')}>
                            {t('coverage.eu')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Th>
                    {data.mandates.map((mandate) => {
                      const cell = cells.get(mandate.code);
                      return (
                        <Table.Td key={mandate.code} p={2}>
                          {cell ? <Cell cell={cell} country={country} mandate={mandate.name} /> : null}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

function Legend({ counts, staleAfterDays }: { counts: Record<CoverageState, number>; staleAfterDays: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="coverage-legend">
      <Title order={2} size="h4" id="coverage-legend" mb="xs">
        {t('coverage.legend')}
      </Title>
      <Group component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
        {COVERAGE_STATES.map((state) => (
          <Group component="li" key={state} gap={8} wrap="nowrap" align="flex-start" maw={300}>
            <Box className={classes.swatch} data-state={state} aria-hidden="true">
              {STATE_SYMBOL[state]}
            </Box>
            <div>
              <Text size="sm" fw={600}>
                {t('coverage.legendItem', { state: t(`coverage.state.${state}`), count: counts[state] })}
              </Text>
              <Text size="xs">{t(`coverage.stateHelp.${state}`, { days: staleAfterDays })}</Text>
            </div>
          </Group>
        ))}
      </Group>
    </Paper>
  );
}

/** One country × mandate: its state as colour, mark and words; who holds it in a popover. */
function Cell({ cell, country, mandate }: { cell: CoverageCell; country: string; mandate: string }) {
  const { t } = useTranslation();
  const state = t(`coverage.state.${cell.state}`);
  return (
    <Popover position="bottom" withArrow shadow="md" trapFocus returnFocus width={300}>
      <Popover.Target>
        <button type="button" className={classes.cell} data-state={cell.state}>
          {/* The cell's name for screen readers is "Malta, Victim identification: No deputy". */}
          <VisuallyHidden component="span">{`${t('coverage.cellContext', { country, mandate })} `}</VisuallyHidden>
          <span aria-hidden="true" className={classes.symbol}>
            {STATE_SYMBOL[cell.state]}
          </span>
          <span>{state}</span>
        </button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={700}>
            {t('coverage.cellTitle', { country, mandate })}
          </Text>
          <Text size="sm">{state}</Text>
          <Text size="sm" fw={600}>
            {t('coverage.primary')}
          </Text>
          {cell.primary ? <PersonLine person={cell.primary} /> : <Text size="sm">{t('coverage.nobody')}</Text>}
          <Text size="sm" fw={600}>
            {t('coverage.deputies')}
          </Text>
          {cell.deputies.length > 0 ? (
            <List size="sm" spacing={4} listStyleType="none">
              {cell.deputies.map((person) => (
                <List.Item key={person.designationId}>
                  <PersonLine person={person} />
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">{t('coverage.nobody')}</Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function PersonLine({ person }: { person: CoveragePerson }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={contactPath(person.contactId)} size="sm">
        {person.fullName}
      </Anchor>
      <Text size="xs">{person.organisationName}</Text>
      <Text size="xs">
        {t(person.stale ? 'coverage.confirmedStale' : 'coverage.confirmed', {
          date: format.date(person.lastConfirmedAt),
        })}
      </Text>
      {person.status !== 'active' ? (
        <Text size="xs" c="red.9">
          {t(`directoryValues.status.${person.status}`)}
        </Text>
      ) : null}
    </Stack>
  );
}
