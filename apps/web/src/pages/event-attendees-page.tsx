import { Anchor, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { announcementQuery, attendeesQuery, outreachApi, type Attendee, type StatsRow } from '../api/outreach';
import { announcementPath } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { DownloadIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { useDisplayNames } from '../directory/use-display-names';
import { useFileDownload } from '../directory/use-file-download';
import { RSVP_COLOR, RsvpBadge } from '../outreach/badges';
import { PeopleIcon } from '../outreach/icons';
import { Legend, StackedBar } from '../outreach/stats-panel';
import { useAnnouncementWatch } from '../outreach/use-outreach-live';

/**
 * /events/:id/attendees (the secretariat): where each country stands (answers, delegates against
 * the seats) and every answer with its delegation, live; the protocol office's CSV.
 */
export function EventAttendeesPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const announcementId = params.get('announcement') ?? '';
  const { t } = useTranslation();
  const attendees = useQuery(attendeesQuery(id));
  const announcement = useQuery({ ...announcementQuery(announcementId), enabled: announcementId !== '' });
  useAnnouncementWatch(announcementId, announcementId !== '');
  const download = useFileDownload();
  const title = announcement.data?.event?.id === id ? announcement.data.event.title : undefined;

  return (
    <Page
      title={title ? t('attendees.titleOf', { title }) : t('attendees.title')}
      lead={
        announcement.data ? (
          <Anchor component={Link} to={announcementPath(announcement.data.id)} underline="always">
            {t('attendees.back', { title: announcement.data.title })}
          </Anchor>
        ) : undefined
      }
    >
      <Group>
        <Button
          variant="default"
          leftSection={<DownloadIcon />}
          loading={download.busy('csv')}
          onClick={() =>
            download.start({ id: 'csv', fetch: () => outreachApi.attendeesCsv(id), fallbackName: 'attendees.csv' })
          }
        >
          {t('attendees.csv')}
        </Button>
      </Group>
      {download.error ? <FormError error={download.error} /> : null}
      {attendees.isPending ? (
        <PageLoader label={t('attendees.loading')} />
      ) : attendees.isError ? (
        <QueryError error={attendees.error} onRetry={() => void attendees.refetch()} retrying={attendees.isFetching} />
      ) : (
        <>
          <ByCountry rows={attendees.data.byCountry} seats={attendees.data.seatsPerCountry} />
          <Answers items={attendees.data.items} />
        </>
      )}
    </Page>
  );
}

function ByCountry({ rows, seats }: { rows: StatsRow[]; seats: number | null }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const totals = rows.reduce(
    (sum, row) => ({
      recipients: sum.recipients + row.recipients,
      accepted: sum.accepted + row.accepted,
      tentative: sum.tentative + row.tentative,
      declined: sum.declined + row.declined,
      noAnswer: sum.noAnswer + row.noAnswer,
    }),
    { recipients: 0, accepted: 0, tentative: 0, declined: 0, noAnswer: 0 },
  );
  const segments = (row: Pick<StatsRow, 'accepted' | 'tentative' | 'declined' | 'noAnswer'>) => [
    { key: 'accepted', label: t('outreach.rsvp.accepted'), value: row.accepted, color: RSVP_COLOR.accepted },
    { key: 'tentative', label: t('outreach.rsvp.tentative'), value: row.tentative, color: RSVP_COLOR.tentative },
    { key: 'declined', label: t('outreach.rsvp.declined'), value: row.declined, color: RSVP_COLOR.declined },
    { key: 'noAnswer', label: t('outreach.rsvp.noAnswer'), value: row.noAnswer, color: RSVP_COLOR.noAnswer },
  ];
  return (
    <Stack gap="sm" component="section" aria-labelledby="attendees-by-country">
      <Title order={2} size="h3" id="attendees-by-country">
        {t('attendees.byCountry')}
      </Title>
      <Paper withBorder p="md">
        <Text size="sm" fw={600} mb="xs">
          {t('attendees.answersOverall')}
        </Text>
        <StackedBar segments={segments(totals)} total={totals.recipients} size="xl" />
        <Legend segments={segments(totals)} total={totals.recipients} />
        {seats ? (
          <Text size="sm" mt="xs">
            {t('event.seatsPerCountry', { count: seats })}
          </Text>
        ) : null}
      </Paper>
      <Table.ScrollContainer minWidth={720}>
        <Table striped withTableBorder data-testid="attendees-by-country">
          <Table.Caption>{t('attendees.byCountryCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('attendees.country')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('attendees.invitees')}
              </Table.Th>
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
                {seats ? t('attendees.delegatesOfSeats') : t('attendees.delegates')}
              </Table.Th>
              <Table.Th scope="col" w="22%">
                {t('stats.chart')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key ?? 'none'} data-key={row.key ?? ''}>
                <Table.Th scope="row">
                  {row.key ? names.country(row.key, row.label ?? undefined) : t('stats.noCountry')}
                </Table.Th>
                <Table.Td ta="right">{row.recipients}</Table.Td>
                <Table.Td ta="right">{row.accepted}</Table.Td>
                <Table.Td ta="right">{row.tentative}</Table.Td>
                <Table.Td ta="right">{row.declined}</Table.Td>
                <Table.Td ta="right">{row.noAnswer}</Table.Td>
                <Table.Td ta="right" c={seats && row.key && row.delegates >= seats ? 'red.9' : undefined}>
                  {seats && row.key ? t('attendees.ofSeats', { delegates: row.delegates, seats }) : row.delegates}
                </Table.Td>
                <Table.Td>
                  <StackedBar segments={segments(row)} total={row.recipients} size="md" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Answers({ items }: { items: Attendee[] }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const format = useDateFormat();
  return (
    <Stack gap="sm" component="section" aria-labelledby="attendees-answers">
      <Title order={2} size="h3" id="attendees-answers">
        {t('attendees.answers', { count: items.length })}
      </Title>
      {items.length === 0 ? (
        <EmptyState
          icon={<PeopleIcon />}
          title={t('attendees.noAnswersTitle')}
          description={t('attendees.noAnswersBody')}
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder data-testid="attendees">
            <Table.Caption>{t('attendees.answersCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('attendees.country')}</Table.Th>
                <Table.Th scope="col">{t('attendees.respondent')}</Table.Th>
                <Table.Th scope="col">{t('attendees.answer')}</Table.Th>
                <Table.Th scope="col">{t('attendees.delegation')}</Table.Th>
                <Table.Th scope="col">{t('attendees.needs')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.userId} data-country={a.countryCode ?? ''}>
                  <Table.Td>{a.countryCode ? names.country(a.countryCode, a.countryName ?? undefined) : '—'}</Table.Td>
                  <Table.Th scope="row" fw={600}>
                    {a.respondent}
                    {a.organisationName ? (
                      <Text size="xs" c="dimmed">
                        {a.organisationName}
                      </Text>
                    ) : null}
                  </Table.Th>
                  <Table.Td>
                    <RsvpBadge response={a.rsvp.response} />
                    <Text size="xs" c="dimmed">
                      {format.dateTime(a.rsvp.updatedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {a.rsvp.delegation.length === 0 ? (
                      '—'
                    ) : (
                      <List size="sm" spacing={2}>
                        {a.rsvp.delegation.map((d) => (
                          <List.Item key={d.name}>
                            {t('attendees.delegate', {
                              name: d.name,
                              role: t(`rsvp.roles.${d.role}`),
                              level: t(`rsvp.levels.${d.level}`),
                            })}
                          </List.Item>
                        ))}
                      </List>
                    )}
                    {a.rsvp.nominatingAuthority ? (
                      <Text size="xs" c="dimmed">
                        {t('attendees.nominatedBy', { authority: a.rsvp.nominatingAuthority })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {[
                      a.rsvp.accessibility ? t('attendees.accessibility', { text: a.rsvp.accessibility }) : null,
                      a.rsvp.dietary ? t('attendees.dietary', { text: a.rsvp.dietary }) : null,
                      a.rsvp.notes ? t('attendees.notes', { text: a.rsvp.notes }) : null,
                    ]
                      .filter(Boolean)
                      .map((line) => (
                        <Text size="sm" key={line}>
                          {line}
                        </Text>
                      ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
