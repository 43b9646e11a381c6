import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  outreachApi,
  RECIPIENT_FILTERS,
  RECIPIENTS_PAGE,
  recipientsQuery,
  statsQuery,
  type Announcement,
  type Recipient,
} from '../api/outreach';
import { FormError } from '../components/form-error';
import { DownloadIcon } from '../components/icons';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { useDisplayNames } from '../directory/use-display-names';
import { useFileDownload } from '../directory/use-file-download';
import { NO_TRUNCATION, RsvpBadge } from './badges';

/** Who received it and where each stands (read, acknowledged, e-mail, answer), filtered, with the CSV. */
export function RecipientsTable({ announcement }: { announcement: Announcement }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const download = useFileDownload();
  const [filter, setFilter] = useState('');
  const [country, setCountry] = useState('');
  const [page, setPage] = useState(0);
  const recipients = useQuery(recipientsQuery(announcement.id, { filter, country, page }));
  const stats = useQuery(statsQuery(announcement.id));
  const countries = (stats.data?.byCountry ?? [])
    .filter((row) => row.key)
    .map((row) => ({ value: row.key!, label: names.country(row.key, row.label ?? undefined) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const filters = RECIPIENT_FILTERS.filter(
    (f) =>
      (f !== 'no_answer' || announcement.event) &&
      ((f !== 'acknowledged' && f !== 'unacknowledged') || announcement.requiresAcknowledgement),
  );
  const total = recipients.data?.total ?? 0;
  const from = page * RECIPIENTS_PAGE;

  return (
    <Stack gap="sm" component="section" aria-labelledby="recipients-heading">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id="recipients-heading">
          {t('recipients.title')}
        </Title>
        <Button
          variant="default"
          leftSection={<DownloadIcon />}
          loading={download.busy('csv')}
          onClick={() =>
            download.start({
              id: 'csv',
              fetch: () => outreachApi.recipientsCsv(announcement.id),
              fallbackName: 'recipients.csv',
            })
          }
        >
          {t('recipients.csv')}
        </Button>
      </Group>
      {download.error ? <FormError error={download.error} /> : null}
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label={t('recipients.filter')}
          value={filter}
          onChange={(event) => {
            setFilter(event.currentTarget.value);
            setPage(0);
          }}
          data={[
            { value: '', label: t('recipients.filters.all') },
            ...filters.map((value) => ({ value, label: t(`recipients.filters.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t('recipients.country')}
          value={country}
          onChange={(event) => {
            setCountry(event.currentTarget.value);
            setPage(0);
          }}
          data={[{ value: '', label: t('recipients.allCountries') }, ...countries]}
        />
        {recipients.data ? (
          <Text size="sm" aria-live="polite" data-testid="recipients-count">
            {total === 0
              ? t('recipients.none')
              : t('recipients.showing', { from: from + 1, to: from + recipients.data.items.length, count: total })}
          </Text>
        ) : null}
      </Group>
      {recipients.isPending ? (
        <PageLoader label={t('recipients.loading')} />
      ) : recipients.isError ? (
        <QueryError error={recipients.error} onRetry={() => void recipients.refetch()} />
      ) : recipients.data.items.length === 0 ? null : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder data-testid="recipients">
            <Table.Caption>{t('recipients.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('recipients.name')}</Table.Th>
                <Table.Th scope="col">{t('recipients.organisation')}</Table.Th>
                <Table.Th scope="col">{t('recipients.read')}</Table.Th>
                {announcement.requiresAcknowledgement ? (
                  <Table.Th scope="col">{t('recipients.acknowledged')}</Table.Th>
                ) : null}
                <Table.Th scope="col">{t('recipients.email')}</Table.Th>
                {announcement.event ? <Table.Th scope="col">{t('recipients.answer')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recipients.data.items.map((r) => (
                <RecipientRow key={r.userId} recipient={r} announcement={announcement} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {total > RECIPIENTS_PAGE ? (
        <Group gap="sm">
          <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('recipients.previous')}
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={from + RECIPIENTS_PAGE >= total}
            onClick={() => setPage(page + 1)}
          >
            {t('recipients.next')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function RecipientRow({ recipient: r, announcement: a }: { recipient: Recipient; announcement: Announcement }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const f = useDateFormat();
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={600}>
        {r.displayName}
        <Text size="xs" c="dimmed">
          {r.email}
        </Text>
      </Table.Th>
      <Table.Td>
        {r.organisationName ?? '—'}
        {r.countryCode ? (
          <Text size="xs" c="dimmed">
            {names.country(r.countryCode)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{r.readAt ? f.dateTime(r.readAt) : t('recipients.notYet')}</Table.Td>
      {a.requiresAcknowledgement ? (
        <Table.Td>{r.acknowledgedAt ? f.dateTime(r.acknowledgedAt) : t('recipients.notYet')}</Table.Td>
      ) : null}
      <Table.Td>
        {r.emailStatus ? (
          <Badge
            size="sm"
            variant={r.emailStatus === 'sent' ? 'outline' : 'filled'}
            color={r.emailStatus === 'bounced' || r.emailStatus === 'failed' ? 'red.9' : 'gray.9'}
            bg={r.emailStatus === 'sent' ? '#ffffff' : undefined}
            styles={NO_TRUNCATION}
          >
            {t(`recipients.mail.${r.emailStatus}`)}
          </Badge>
        ) : (
          '—'
        )}
        {r.emailError ? (
          <Text size="xs" c="red.9">
            {r.emailError}
          </Text>
        ) : null}
        {r.remindedAt ? (
          <Text size="xs" c="dimmed">
            {t('recipients.reminded', { date: f.dateTime(r.remindedAt) })}
          </Text>
        ) : null}
      </Table.Td>
      {a.event ? (
        <Table.Td>
          <RsvpBadge response={r.rsvp} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
