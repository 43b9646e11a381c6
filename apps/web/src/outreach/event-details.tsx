import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { outreachApi, type OutreachEvent } from '../api/outreach';
import { FormError } from '../components/form-error';
import { DownloadIcon, WarningIcon } from '../components/icons';
import { useFileDownload } from '../directory/use-file-download';
import { READABLE_ALERT } from '../planning/alert-styles';
import { readerTimeZone, sameOffset, useZonedFormat, zoneLabel } from './dates';

/**
 * When and where an event is: in the event's own zone (as the invitation says it) and, when that
 * differs, in the reader's; the calendar file to add it with.
 */
export function EventDetails({ event, withdrawn }: { event: OutreachEvent; withdrawn: boolean }) {
  const { t } = useTranslation();
  const format = useZonedFormat();
  const download = useFileDownload();
  const reader = readerTimeZone();
  const differs = !sameOffset(reader, event.timeZone, event.startsAt);
  const cancelled = withdrawn || event.cancelledAt !== null;

  const rows: { key: string; label: string; value: ReactNode }[] = [
    {
      key: 'when',
      label: t('event.when'),
      value: (
        <Stack gap={2}>
          <Text size="sm" data-testid="event-when">
            {t('event.inZone', {
              time: format.range(event.startsAt, event.endsAt, event.timeZone),
              zone: zoneLabel(event.timeZone),
            })}
          </Text>
          {differs ? (
            <Text size="sm" c="dimmed" data-testid="event-when-reader">
              {t('event.yourTime', {
                time: format.range(event.startsAt, event.endsAt, reader),
                zone: zoneLabel(reader),
              })}
            </Text>
          ) : null}
        </Stack>
      ),
    },
  ];
  if (event.location)
    rows.push({ key: 'where', label: t('event.where'), value: <Text size="sm">{event.location}</Text> });
  if (event.onlineUrl)
    rows.push({
      key: 'online',
      label: t('event.online'),
      value: (
        <Anchor href={event.onlineUrl} target="_blank" rel="noopener noreferrer" size="sm" underline="always">
          {event.onlineUrl}
        </Anchor>
      ),
    });
  if (event.rsvpDeadline)
    rows.push({
      key: 'deadline',
      label: t('event.deadline'),
      value: (
        <Stack gap={2}>
          <Text size="sm">
            {t('event.inZone', {
              time: format.at(event.rsvpDeadline, event.timeZone),
              zone: zoneLabel(event.timeZone),
            })}
          </Text>
          {differs ? (
            <Text size="sm" c="dimmed">
              {t('event.yourTime', { time: format.at(event.rsvpDeadline, reader), zone: zoneLabel(reader) })}
            </Text>
          ) : null}
        </Stack>
      ),
    });
  if (event.seatsPerCountry)
    rows.push({
      key: 'seats',
      label: t('event.seats'),
      value: <Text size="sm">{t('event.seatsPerCountry', { count: event.seatsPerCountry })}</Text>,
    });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="event-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="event-heading">
          {event.title}
        </Title>
        {cancelled ? (
          <Alert
            color="red"
            variant="light"
            icon={<WarningIcon />}
            styles={READABLE_ALERT}
            title={t('event.cancelled')}
          >
            {t('event.cancelledBody')}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" component="dl" m={0}>
          {rows.map((row) => (
            <div key={row.key}>
              <Text component="dt" size="xs" fw={700}>
                {row.label}
              </Text>
              <Text component="dd" m={0}>
                {row.value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        <Group>
          <Button
            variant="default"
            leftSection={<DownloadIcon />}
            loading={download.busy('ics')}
            onClick={() =>
              download.start({ id: 'ics', fetch: () => outreachApi.inviteIcs(event.id), fallbackName: 'invite.ics' })
            }
          >
            {cancelled ? t('event.downloadCancellation') : t('event.downloadIcs')}
          </Button>
        </Group>
        {download.error ? <FormError error={download.error} /> : null}
      </Stack>
    </Paper>
  );
}
