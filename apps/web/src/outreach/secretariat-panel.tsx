import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorCode, outreachApi, outreachKeys, statsQuery, type Announcement } from '../api/outreach';
import { announcementEditPath, eventAttendeesPath, paths } from '../app/paths';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormError } from '../components/form-error';
import { CheckIcon } from '../components/icons';
import { useDateFormat } from '../components/use-date-format';
import { READABLE_ALERT } from '../planning/alert-styles';
import { AudienceSummary } from './audience-summary';
import { PublishDialog } from './publish-dialog';
import { RecipientsTable } from './recipients-table';
import { StatsPanel } from './stats-panel';
import { WithdrawDialog } from './withdraw-dialog';

/**
 * What the secretariat does with an announcement: edit, publish now or later, withdraw, remind the
 * silent, follow reading, acknowledgement and answers live, and reach the recipients and attendees.
 */
export function SecretariatPanel({ announcement }: { announcement: Announcement }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const [publishing, setPublishing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reminding, setReminding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const [reminded, setReminded] = useState<number>();
  const [published, setPublished] = useState<'now' | 'later'>();
  const { status, event } = announcement;
  const sent = status === 'published' || status === 'withdrawn';
  const stats = useQuery({ ...statsQuery(announcement.id), enabled: sent });
  const remindable = status === 'published' && (announcement.requiresAcknowledgement || event !== null);
  const silent = stats.data
    ? event && !announcement.requiresAcknowledgement
      ? stats.data.total.noAnswer
      : announcement.requiresAcknowledgement && !event
        ? stats.data.total.recipients - stats.data.total.acknowledged
        : undefined
    : undefined;

  const remind = useMutation({
    mutationFn: () => outreachApi.remind(announcement.id),
    onSuccess: ({ reminded: count }) => {
      setReminded(count);
      setReminding(false);
      void queryClient.invalidateQueries({ queryKey: outreachKeys.tracking(announcement.id) });
    },
  });

  const deleteDraft = useMutation({
    mutationFn: () => outreachApi.deleteDraft(announcement.id, announcement.version),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: outreachKeys.announcement(announcement.id) });
      // The list must not show the deleted draft, even for a moment.
      await queryClient.invalidateQueries({ queryKey: outreachKeys.list });
      await navigate(paths.announcements);
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcement.id) }),
  });

  return (
    <Stack gap="lg" data-testid="secretariat-panel">
      <Paper withBorder p="md" component="section" aria-labelledby="manage-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="manage-heading">
            {t('manage.title')}
          </Title>
          <Text size="sm" data-testid="announcement-state">
            {status === 'draft'
              ? t('manage.draft')
              : status === 'scheduled'
                ? t('manage.scheduled', { date: format.dateTime(announcement.publishAt) })
                : status === 'published'
                  ? t('manage.published', {
                      date: format.dateTime(announcement.publishedAt),
                      count: announcement.recipientCount ?? 0,
                    })
                  : t('manage.withdrawn', { date: format.dateTime(announcement.withdrawnAt) })}
          </Text>
          {status === 'published' && !announcement.fannedOut ? (
            <Group gap="xs" role="status">
              <Loader size="xs" aria-hidden="true" />
              <Text size="sm">{t('manage.delivering')}</Text>
            </Group>
          ) : null}
          <Group gap="sm">
            {status !== 'withdrawn' ? (
              <Button component={Link} to={announcementEditPath(announcement.id)} variant="default">
                {t('manage.edit')}
              </Button>
            ) : null}
            {status === 'draft' || status === 'scheduled' ? (
              <Button onClick={() => setPublishing(true)}>
                {status === 'draft' ? t('manage.publish') : t('manage.reschedule')}
              </Button>
            ) : null}
            {remindable ? (
              <Button variant="default" onClick={() => setReminding(true)}>
                {silent !== undefined ? t('manage.remindCount', { count: silent }) : t('manage.remind')}
              </Button>
            ) : null}
            {status === 'draft' ? (
              <Button variant="default" color="red.9" c="red.9" onClick={() => setDeleting(true)}>
                {t('manage.deleteDraft')}
              </Button>
            ) : null}
            {status === 'scheduled' || status === 'published' ? (
              <Button variant="default" color="red.9" c="red.9" onClick={() => setWithdrawing(true)}>
                {t('manage.withdraw')}
              </Button>
            ) : null}
            {event && sent ? (
              <Anchor component={Link} to={eventAttendeesPath(event.id, announcement.id)} underline="always">
                {t('manage.attendees')}
              </Anchor>
            ) : null}
          </Group>
          <div aria-live="polite">
            {reminded !== undefined ? (
              <Alert color="green" variant="light" icon={<CheckIcon />} styles={READABLE_ALERT} role="status">
                {reminded > 0 ? t('manage.reminded', { count: reminded }) : t('manage.remindedNobody')}
              </Alert>
            ) : null}
            {published ? (
              <Alert color="green" variant="light" icon={<CheckIcon />} styles={READABLE_ALERT} role="status">
                {published === 'now' ? t('manage.publishedNow') : t('manage.scheduledDone')}
              </Alert>
            ) : null}
          </div>
          {announcement.audience ? (
            <div>
              <Title order={3} size="h4" mb="xs">
                {t('manage.audience')}
              </Title>
              <AudienceSummary audience={announcement.audience} />
            </div>
          ) : null}
        </Stack>
      </Paper>
      {sent ? <StatsPanel announcement={announcement} /> : null}
      {sent ? <RecipientsTable announcement={announcement} /> : null}
      <PublishDialog
        opened={publishing}
        announcement={announcement}
        onClose={() => setPublishing(false)}
        onDone={(done) => {
          setPublishing(false);
          setPublished(done.status === 'scheduled' ? 'later' : 'now');
        }}
      />
      <WithdrawDialog opened={withdrawing} announcement={announcement} onClose={() => setWithdrawing(false)} />
      <ConfirmDialog
        opened={deleting}
        title={t('manage.deleteDraftTitle')}
        confirmLabel={t('manage.deleteDraftConfirm')}
        danger
        busy={deleteDraft.isPending}
        error={
          deleteDraft.isError ? (
            <FormError
              message={errorCode(deleteDraft.error) === 'stale_version' ? t('manage.deleteDraftStale') : undefined}
              error={deleteDraft.error}
            />
          ) : undefined
        }
        onConfirm={() => deleteDraft.mutate()}
        onClose={() => {
          setDeleting(false);
          deleteDraft.reset();
        }}
      >
        {t('manage.deleteDraftExplain', { title: announcement.title })}
      </ConfirmDialog>
      <ConfirmDialog
        opened={reminding}
        title={t('manage.remindTitle')}
        confirmLabel={t('manage.remindConfirm')}
        busy={remind.isPending}
        error={remind.isError ? <FormError error={remind.error} /> : undefined}
        onConfirm={() => remind.mutate()}
        onClose={() => {
          setReminding(false);
          remind.reset();
        }}
      >
        {announcement.requiresAcknowledgement && event
          ? t('manage.remindBoth')
          : announcement.requiresAcknowledgement
            ? t('manage.remindAcknowledge', { count: silent ?? 0 })
            : t('manage.remindAnswer', { count: silent ?? 0 })}
      </ConfirmDialog>
    </Stack>
  );
}
