import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  contactSearchQuery,
  myEntryQuery,
  downloadContactsCsv,
  downloadVcards,
  FACETS,
  PAGE_SIZE,
  type ContactSearchResult,
  type ContactSummary,
  type DirectoryFilters,
  type FacetCounts,
  type FacetName,
} from '../api/directory';
import { contactPath, paths } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { DirectoryIcon, DownloadIcon, GridIcon, InfoIcon, SearchIcon, UploadIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { ContactCreateDialog } from '../directory/contact-create-dialog';
import { Highlighted } from '../directory/highlighted';
import { useDirectoryLabels } from '../directory/use-labels';
import { useDisplayNames } from '../directory/use-display-names';
import { useFileDownload } from '../directory/use-file-download';
import { useImmediate } from '../directory/use-immediate';

const SEARCH_DEBOUNCE_MS = 200;
/** Facet values shown before "Show all". */
const FACET_PREVIEW = 6;

function readList(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
}

/** The search lives in the URL (q, country, kind, mandate, language, status, page), so it can be shared. */
function readFilters(params: URLSearchParams): DirectoryFilters {
  return {
    q: params.get('q')?.trim() ?? '',
    country: readList(params, 'country'),
    kind: readList(params, 'kind'),
    mandate: readList(params, 'mandate'),
    language: readList(params, 'language'),
    status: readList(params, 'status'),
  };
}

function readPage(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

const hasFilters = (filters: DirectoryFilters) => FACETS.some((facet) => filters[facet].length > 0);

/** /directory: the home page. Search first, then filters with counts, results, exports. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => readFilters(searchParams), [searchParams]);
  const page = readPage(searchParams);
  const isAdmin = hasRole(user, 'secretariat', 'org_admin');
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);

  // What is typed answers after a short pause; the URL (and so the query) follows the pause.
  const [text, setText] = useState(filters.q);
  const [debounced] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const pushedQ = useRef(filters.q);
  useEffect(() => {
    const q = debounced.trim();
    if (q === pushedQ.current) return;
    pushedQ.current = q;
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (q) next.set('q', q);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setSearchParams]);
  // Back and forward change the URL under the box: the box follows.
  useEffect(() => {
    if (filters.q !== pushedQ.current) {
      pushedQ.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  const [shownFilters, showFilters] = useImmediate(filters);

  const setFacet = (facet: FacetName, values: string[]) => {
    showFilters({ ...shownFilters, [facet]: values });
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (values.length > 0) next.set(facet, values.join(','));
      else next.delete(facet);
      next.delete('page');
      return next;
    });
  };
  const clearFilters = () => {
    showFilters({ ...shownFilters, country: [], kind: [], mandate: [], language: [], status: [] });
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      FACETS.forEach((facet) => next.delete(facet));
      next.delete('page');
      return next;
    });
  };
  const setPage = (value: number) =>
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value > 1) next.set('page', String(value));
      else next.delete('page');
      return next;
    });

  const search = useQuery(contactSearchQuery(filters, page));
  const myEntry = useQuery(myEntryQuery);
  const downloads = useFileDownload();

  return (
    <Page title={t('directory.title')} lead={t('directory.lead')}>
      <Stack gap="sm">
        <TextInput
          type="search"
          size="md"
          label={t('directory.search')}
          description={t('directory.searchHint')}
          leftSection={<SearchIcon />}
          rightSection={search.isFetching ? <Loader size="xs" aria-hidden="true" /> : null}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          maw={640}
        />
        <Group gap="sm">
          <Anchor component={Link} to={paths.directoryCoverage}>
            <Group gap={6} wrap="nowrap" component="span">
              <GridIcon />
              {t('directory.coverageLink')}
            </Group>
          </Anchor>
          {myEntry.data?.contactId ? (
            <Anchor component={Link} to={contactPath(myEntry.data.contactId)}>
              {t('directory.myEntry')}
            </Anchor>
          ) : null}
          {isAdmin ? (
            <>
              <Button variant="default" size="compact-sm" onClick={() => setAdding(true)}>
                {t('directory.addContact')}
              </Button>
              <Anchor component={Link} to={paths.directoryImport}>
                <Group gap={6} wrap="nowrap" component="span">
                  <UploadIcon />
                  {t('directory.importLink')}
                </Group>
              </Anchor>
              <Anchor component={Link} to={paths.directoryApprovals}>
                {t('directory.approvalsLink')}
              </Anchor>
            </>
          ) : null}
        </Group>
      </Stack>
      {myEntry.data?.contactId && myEntry.data.confirmationOpen ? (
        <Alert color="orange" variant="light" icon={<InfoIcon />}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm" fw={700}>
              {t('directory.confirmOwnTitle')}
            </Text>
            <Text size="sm">{t('directory.confirmOwnBody')}</Text>
            <Anchor component={Link} to={contactPath(myEntry.data.contactId)} size="sm">
              {t('directory.confirmOwnLink')}
            </Anchor>
          </Stack>
        </Alert>
      ) : null}
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Filters filters={filters} facets={search.data?.facets} onChange={setFacet} onClear={clearFilters} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="md" component="section" aria-labelledby="directory-results">
            <Group justify="space-between" align="center" gap="sm">
              <Title order={2} size="h3" id="directory-results">
                {t('directory.results')}
              </Title>
              <Group gap="xs">
                <Button
                  variant="default"
                  leftSection={<DownloadIcon />}
                  loading={downloads.busy('vcf')}
                  disabled={search.data?.total === 0}
                  onClick={() =>
                    downloads.start({ id: 'vcf', fetch: () => downloadVcards(filters), fallbackName: 'contacts.vcf' })
                  }
                >
                  {t('directory.downloadVcards')}
                </Button>
                <Button
                  variant="default"
                  leftSection={<DownloadIcon />}
                  loading={downloads.busy('csv')}
                  disabled={search.data?.total === 0}
                  onClick={() =>
                    downloads.start({
                      id: 'csv',
                      fetch: () => downloadContactsCsv(filters),
                      fallbackName: 'contacts.csv',
                    })
                  }
                >
                  {t('directory.downloadCsv')}
                </Button>
              </Group>
            </Group>
            <div aria-live="polite">{downloads.error ? <FormError error={downloads.error} /> : null}</div>
            <Results
              filters={filters}
              page={page}
              search={search}
              onPage={setPage}
              onClear={() => {
                setText('');
                setSearchParams(new URLSearchParams());
              }}
              isAdmin={isAdmin}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      {isAdmin ? (
        <ContactCreateDialog
          opened={adding}
          onClose={() => setAdding(false)}
          onCreated={(contact) => {
            setAdding(false);
            void navigate(contactPath(contact.id), { state: { created: true } });
          }}
        />
      ) : null}
    </Page>
  );
}

interface FiltersProps {
  filters: DirectoryFilters;
  facets: Partial<Record<string, FacetCounts | null>> | undefined;
  onChange: (facet: FacetName, values: string[]) => void;
  onClear: () => void;
}

function Filters({ filters, facets, onChange, onClear }: FiltersProps) {
  const { t } = useTranslation();
  const labels = useDirectoryLabels();
  const names = useDisplayNames();
  const labelFor: Record<FacetName, (value: string) => string> = {
    country: (code) => names.country(code),
    kind: labels.kind,
    mandate: labels.mandate,
    language: names.language,
    status: labels.status,
  };
  return (
    <Stack gap="lg" component="section" aria-labelledby="directory-filters">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="directory-filters">
          {t('directory.filters')}
        </Title>
        {hasFilters(filters) ? (
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            {t('directory.clearFilters')}
          </Button>
        ) : null}
      </Group>
      {FACETS.map((facet) => (
        <FacetFilter
          key={facet}
          label={t(`directory.facet.${facet}`)}
          counts={facets?.[facet] ?? {}}
          selected={filters[facet]}
          labelFor={labelFor[facet]}
          onChange={(values) => onChange(facet, values)}
        />
      ))}
    </Stack>
  );
}

interface FacetFilterProps {
  label: string;
  counts: FacetCounts;
  selected: string[];
  labelFor: (value: string) => string;
  onChange: (values: string[]) => void;
}

/** One filter as a checklist: each value with the number of contacts it would show. */
function FacetFilter({ label, counts, selected, labelFor, onChange }: FacetFilterProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const options = useMemo(() => {
    const values = [...new Set([...Object.keys(counts), ...selected])];
    return values
      .map((value) => ({ value, label: labelFor(value), count: counts[value] ?? 0 }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }, [counts, selected, labelFor]);
  if (options.length === 0) return null;
  const shown = expanded
    ? options
    : options.filter((option, index) => index < FACET_PREVIEW || selected.includes(option.value));
  return (
    <Checkbox.Group label={label} value={selected} onChange={onChange}>
      <Stack gap={8} mt="xs">
        {shown.map((option) => (
          <Checkbox
            key={option.value}
            value={option.value}
            label={
              <Group gap="xs" justify="space-between" wrap="nowrap" component="span">
                <span>{option.label}</span>
                <Text span size="sm" c="dimmed">
                  {option.count}
                </Text>
              </Group>
            }
            styles={{ body: { width: '100%' }, labelWrapper: { flex: 1 } }}
          />
        ))}
        {options.length > shown.length || expanded ? (
          <Group>
            <Button variant="subtle" size="compact-sm" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? t('directory.showFewer') : t('directory.showAll', { count: options.length })}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Checkbox.Group>
  );
}

interface ResultsProps {
  filters: DirectoryFilters;
  page: number;
  search: UseQueryResult<ContactSearchResult>;
  onPage: (page: number) => void;
  onClear: () => void;
  isAdmin: boolean;
}

function Results({ filters, page, search, onPage, onClear, isAdmin }: ResultsProps) {
  const { t } = useTranslation();
  const searching = filters.q !== '' || hasFilters(filters);

  if (search.isPending) return <PageLoader label={t('directory.loading')} />;
  if (search.isError && !search.data) {
    return <QueryError error={search.error} retrying={search.isFetching} onRetry={() => void search.refetch()} />;
  }
  const { total, items } = search.data;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack gap="md" aria-busy={search.isFetching}>
      {search.isError ? (
        <QueryError error={search.error} retrying={search.isFetching} onRetry={() => void search.refetch()} />
      ) : null}
      <Text role="status" size="sm">
        {search.isPlaceholderData
          ? t('directory.searching')
          : searching
            ? t('directory.found', { count: total })
            : t('directory.everyone', { count: total })}
      </Text>
      {items.length === 0 ? (
        searching ? (
          <EmptyState
            icon={<SearchIcon />}
            title={t('directory.noMatchTitle')}
            description={t(hasFilters(filters) ? 'directory.noMatchBodyFilters' : 'directory.noMatchBody')}
            actions={
              <Button variant="default" onClick={onClear}>
                {t('directory.startOver')}
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<DirectoryIcon />}
            title={t('directory.emptyTitle')}
            description={t(isAdmin ? 'directory.emptyBodyAdmin' : 'directory.emptyBody')}
            actions={
              isAdmin ? (
                <Button component={Link} to={paths.directoryImport} variant="default">
                  {t('directory.importLink')}
                </Button>
              ) : undefined
            }
          />
        )
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {items.map((contact) => (
            <ContactCard key={contact.id} contact={contact} />
          ))}
        </Stack>
      )}
      {pages > 1 ? (
        <Group component="nav" aria-label={t('directory.pagination')} gap="sm" align="center">
          <Button variant="default" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('directory.previousPage')}
          </Button>
          <Text size="sm">{t('directory.pageOf', { page, pages })}</Text>
          <Button variant="default" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('directory.nextPage')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function ContactCard({ contact }: { contact: ContactSummary }) {
  const { t } = useTranslation();
  const labels = useDirectoryLabels();
  const names = useDisplayNames();
  const format = useDateFormat();
  const highlights = contact.highlights ?? {};
  const headingId = `contact-${contact.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="li">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            <Anchor component={Link} to={contactPath(contact.id)} inherit>
              <Highlighted text={contact.fullName} ranges={highlights.fullName} />
            </Anchor>
          </Title>
          <Group gap={6}>
            {contact.status !== 'active' ? (
              <Badge color={contact.status === 'departed' ? 'red.9' : 'gray.7'} variant="filled">
                {labels.status(contact.status)}
              </Badge>
            ) : null}
            {contact.visibility !== 'network' ? (
              <Badge color="grape.9" variant="light">
                {t(`directoryValues.visibilityShort.${contact.visibility}`)}
              </Badge>
            ) : null}
          </Group>
        </Group>
        {contact.position ? (
          <Text size="sm">
            <Highlighted text={contact.position} ranges={highlights.position} />
          </Text>
        ) : null}
        <Text size="sm">
          <Highlighted text={contact.organisation.name} ranges={highlights.organisationName} />
          {contact.organisation.acronym ? (
            <Text span size="sm" c="dimmed" ml={6}>
              {t('directory.acronym', { acronym: contact.organisation.acronym })}
            </Text>
          ) : null}
        </Text>
        <Text size="sm" c="dimmed">
          {t('directory.countryAndKind', {
            country: contact.countryCode ? names.country(contact.countryCode) : t('directory.international'),
            kind: labels.kind(contact.organisation.kind),
          })}
        </Text>
        {contact.mandates.length > 0 ? (
          <Group gap={6} aria-label={t('directory.mandatesLabel')} role="list">
            {contact.mandates.map((code) => (
              <Badge key={code} variant="light" color="liaison" role="listitem" tt="none">
                {labels.mandate(code)}
              </Badge>
            ))}
          </Group>
        ) : null}
        {contact.languages.length > 0 ? (
          <Text size="sm">
            {t('directory.languages', { languages: names.list(contact.languages.map(names.language)) })}
          </Text>
        ) : null}
        <Group gap="xs">
          <Text size="sm">{t('directory.lastConfirmed', { date: format.date(contact.lastConfirmedAt) })}</Text>
          {contact.stale ? (
            <Badge color="orange.3" variant="filled" autoContrast>
              {t('directory.stale')}
            </Badge>
          ) : null}
        </Group>
        {contact.emails[0] ? (
          <Text size="sm">
            <VisuallyHidden>{t('directory.emailLabel')}</VisuallyHidden>
            <Anchor href={`mailto:${contact.emails[0]}`}>{contact.emails[0]}</Anchor>
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
