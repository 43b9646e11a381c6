import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { announcementQuery, errorCode, outreachApi, outreachKeys, type Announcement } from '../api/outreach';
import { useSession } from '../auth/session';
import { hasRole } from '../auth/types';
import { FormError } from '../components/form-error';
import { CheckIcon, InfoIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { READABLE_ALERT } from '../planning/alert-styles';
import { AnnouncementBody } from '../outreach/announcement-body';
import { AnnouncementStatusBadge } from '../outreach/badges';
import { EventDetails } from '../outreach/event-details';
import { RsvpForm } from '../outreach/rsvp-form';
import { SecretariatPanel } from '../outreach/secretariat-panel';
import { useAnnouncementWatch } from '../outreach/use-outreach-live';

/**
 * /announcements/:id: an announcement as its recipients read it (opening it marks it read), with
 * acknowledgement and the answer to an invitation; the secretariat also manages and follows it here.
 */
export function AnnouncementPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const secretariat = session.status === 'signedIn' && hasRole(session.user, 'secretariat');
  const announcement = useQuery(announcementQuery(id));
  useAnnouncementWatch(id, secretariat);
  if (announcement.isPending) return <PageLoader label={t('announcement.loading')} />;
  if (announcement.isError)
    return (
      <Page title={t('announcement.title')}>
        <QueryError
          error={announcement.error}
          onRetry={() => void announcement.refetch()}
          retrying={announcement.isFetching}
          messageKey={
            announcement.error instanceof ApiError && announcement.error.statusCode === 404
              ? 'announcement.notFound'
              : undefined
          }
        />
      </Page>
    );
  return <AnnouncementView key={announcement.data.id} announcement={announcement.data} secretariat={secretariat} />;
}

function AnnouncementView({ announcement, secretariat }: { announcement: Announcement; secretariat: boolean }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const me = announcement.me;
  // Opening it marks it read, which clears the server's "changed" flag: remember it for this visit.
  const [changed, setChanged] = useState(me?.changedSinceRead ?? false);
  const changedNow = me?.changedSinceRead ?? false;
  useEffect(() => {
    if (changedNow) setChanged(true);
  }, [changedNow]);

  const setMine = (patch: Partial<NonNullable<Announcement['me']>>) =>
    queryClient.setQueryData<Announcement>(outreachKeys.announcement(announcement.id), (old) =>
      old?.me ? { ...old, me: { ...old.me, ...patch } } : old,
    );

  const read = useMutation({
    mutationFn: () => outreachApi.read(announcement.id),
    onSuccess: (state) => {
      setMine({ readAt: state.readAt, changedSinceRead: false });
      void queryClient.invalidateQueries({ queryKey: outreachKeys.inbox });
    },
  });
  const mustRead = me !== null && (me.readAt === null || me.changedSinceRead);
  const { mutate: markRead } = read;
  useEffect(() => {
    if (mustRead) markRead();
  }, [mustRead, announcement.revision, markRead]);

  const acknowledge = useMutation({
    mutationFn: () => outreachApi.acknowledge(announcement.id),
    onSuccess: (state) => {
      setMine({ readAt: state.readAt, acknowledgedAt: state.acknowledgedAt, changedSinceRead: false });
      void queryClient.invalidateQueries({ queryKey: outreachKeys.inbox });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcement.id) }),
  });

  const withdrawn = announcement.status === 'withdrawn';
  const meta = [
    t('announcement.from', { name: announcement.createdByName }),
    announcement.publishedAt
      ? t('announcement.publishedAt', { date: format.dateTime(announcement.publishedAt) })
      : null,
    announcement.editedAt ? t('announcement.editedAt', { date: format.dateTime(announcement.editedAt) }) : null,
  ].filter(Boolean);

  return (
    <Page title={announcement.title}>
      <Stack gap="md">
        <Group gap="sm">
          {secretariat ? <AnnouncementStatusBadge status={announcement.status} /> : null}
          <Text size="sm" c="dimmed">
            {meta.join(' · ')}
          </Text>
        </Group>
        {withdrawn ? (
          <Alert
            color="red"
            variant="light"
            icon={<WarningIcon />}
            styles={READABLE_ALERT}
            title={t('announcement.withdrawnTitle', { date: format.dateTime(announcement.withdrawnAt) })}
            data-testid="withdrawn-banner"
          >
            {announcement.withdrawnReason
              ? t('announcement.withdrawnReason', { reason: announcement.withdrawnReason })
              : t('announcement.withdrawnNoReason')}
          </Alert>
        ) : null}
        {changed && !withdrawn ? (
          <Alert color="violet" variant="light" icon={<InfoIcon />} styles={READABLE_ALERT} data-testid="changed-note">
            {announcement.editedAt
              ? t('announcement.changedSince', { date: format.dateTime(announcement.editedAt) })
              : t('announcement.changed')}
          </Alert>
        ) : null}
        {me && announcement.requiresAcknowledgement ? (
          <Paper withBorder p="md" data-testid="acknowledgement">
            {me.acknowledgedAt ? (
              <Group gap="xs">
                <CheckIcon />
                <Text>{t('announcement.acknowledgedAt', { date: format.dateTime(me.acknowledgedAt) })}</Text>
              </Group>
            ) : withdrawn ? (
              <Text>{t('announcement.noAcknowledgeWithdrawn')}</Text>
            ) : (
              <Stack gap="xs">
                <Text>
                  {announcement.acknowledgeBy
                    ? t('announcement.pleaseAcknowledgeBy', { date: format.dateTime(announcement.acknowledgeBy) })
                    : t('announcement.pleaseAcknowledge')}
                </Text>
                <Group>
                  <Button onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>
                    {t('announcement.acknowledge')}
                  </Button>
                </Group>
                {acknowledge.isError ? (
                  <FormError
                    message={
                      errorCode(acknowledge.error) === 'invalid_state' ? t('announcement.cannotAcknowledge') : undefined
                    }
                    error={acknowledge.error}
                  />
                ) : null}
              </Stack>
            )}
          </Paper>
        ) : null}
        {read.isError ? <FormError message={t('announcement.readFailed')} error={read.error} /> : null}
        <Paper withBorder p="md">
          {announcement.bodyHtml ? (
            <AnnouncementBody html={announcement.bodyHtml} />
          ) : (
            <Text c="dimmed">{t('announcement.noText')}</Text>
          )}
        </Paper>
        {announcement.event ? <EventDetails event={announcement.event} withdrawn={withdrawn} /> : null}
        {announcement.event && me ? (
          <Paper withBorder p="md">
            <RsvpForm announcement={announcement} event={announcement.event} />
          </Paper>
        ) : null}
        {secretariat ? <SecretariatPanel announcement={announcement} /> : null}
      </Stack>
    </Page>
  );
}
