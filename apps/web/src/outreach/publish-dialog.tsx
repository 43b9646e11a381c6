import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  errorCode,
  errorContext,
  outreachApi,
  outreachKeys,
  savedAudiencePreviewQuery,
  type Announcement,
} from '../api/outreach';
import { FormError } from '../components/form-error';
import { WarningIcon } from '../components/icons';
import { READABLE_ALERT } from '../planning/alert-styles';
import { fromLocalInput, toLocalInput } from './dates';

interface PublishDialogProps {
  opened: boolean;
  announcement: Announcement;
  onClose: () => void;
  onDone: (announcement: Announcement) => void;
}

/** Publishes now, or schedules for later (a time in the future), after saying how many it reaches. */
export function PublishDialog({ opened, announcement, onClose, onDone }: PublishDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('publish.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <PublishForm announcement={announcement} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function PublishForm({ announcement, onClose, onDone }: Omit<PublishDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'now' | 'later'>(announcement.status === 'scheduled' ? 'later' : 'now');
  const [when, setWhen] = useState(toLocalInput(announcement.publishAt));
  const [whenError, setWhenError] = useState<string>();
  const preview = useQuery(savedAudiencePreviewQuery(announcement.id, announcement.version));

  const publish = useMutation({
    mutationFn: () =>
      outreachApi.publish(announcement.id, {
        version: announcement.version,
        publishAt: mode === 'later' ? fromLocalInput(when) : undefined,
      }),
    onSuccess: (done) => {
      queryClient.setQueryData(outreachKeys.announcement(done.id), done);
      void queryClient.invalidateQueries({ queryKey: outreachKeys.list });
      onDone(done);
    },
    onError: (error) => {
      const current = errorContext<{ current?: Announcement }>(error)?.current;
      if (errorCode(error) === 'stale_version' && current)
        queryClient.setQueryData<Announcement>(outreachKeys.announcement(announcement.id), (old) =>
          old ? { ...old, ...current, me: old.me } : old,
        );
      if (error instanceof ApiError && error.reasonsFor('publishAt').length > 0) setWhenError(t('publish.future'));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    publish.reset();
    setWhenError(undefined);
    if (mode === 'later') {
      const at = fromLocalInput(when);
      if (!at) return setWhenError(t('publish.chooseTime'));
      if (new Date(at).getTime() <= Date.now()) return setWhenError(t('publish.future'));
    }
    publish.mutate();
  };

  const code = errorCode(publish.error);
  const failure =
    code === 'audience_empty'
      ? t('publish.audienceEmpty')
      : code === 'stale_version'
        ? t('publish.stale')
        : code === 'invalid_event' || code === 'invalid_announcement'
          ? t('publish.invalid', {
              reasons:
                publish.error instanceof ApiError ? publish.error.details.flatMap((d) => d.reasons).join(' ') : '',
            })
          : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <div aria-live="polite">
          {preview.isPending ? (
            <Text size="sm">{t('publish.counting')}</Text>
          ) : preview.isError ? (
            <FormError error={preview.error} />
          ) : preview.data.count === 0 ? (
            <Alert color="yellow" variant="light" icon={<WarningIcon />} styles={READABLE_ALERT}>
              {t('audience.nobody')}
            </Alert>
          ) : (
            <Text data-testid="publish-count">{t('publish.reaches', { count: preview.data.count })}</Text>
          )}
        </div>
        <Radio.Group label={t('publish.when')} value={mode} onChange={(value) => setMode(value as 'now' | 'later')}>
          <Stack gap="xs" mt="xs">
            <Radio value="now" label={t('publish.now')} />
            <Radio value="later" label={t('publish.later')} />
          </Stack>
        </Radio.Group>
        {mode === 'later' ? (
          <TextInput
            type="datetime-local"
            label={t('publish.at')}
            description={t('publish.atHint')}
            value={when}
            min={toLocalInput(new Date().toISOString())}
            onChange={(event) => setWhen(event.currentTarget.value)}
            error={whenError}
            required
          />
        ) : null}
        {publish.isError && !whenError ? <FormError message={failure} error={publish.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={publish.isPending} disabled={preview.data?.count === 0}>
            {mode === 'later' ? t('publish.schedule') : t('publish.publishNow')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
