import { Alert, Anchor, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { notificationKeys, notificationsApi } from '../api/planning';
import { paths } from '../app/paths';
import { FormError } from '../components/form-error';
import { WarningIcon } from '../components/icons';
import { READABLE_ALERT } from '../planning/alert-styles';

interface CalendarSubscribeDialogProps {
  opened: boolean;
  /** The plan whose due dates to follow; without it, the caller's own items. */
  planId?: string;
  /** What the calendar holds, for the text ("Victim Identification… follow-up" or "My items"). */
  name: string;
  onClose: () => void;
}

/**
 * Creates a secret calendar address (a calendar app follows it without signing in) and shows it
 * once, with what that means and where to revoke it.
 */
export function CalendarSubscribeDialog({ opened, planId, name, onClose }: CalendarSubscribeDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('calendarFeeds.subscribeTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <SubscribeContent planId={planId} name={name} onClose={onClose} /> : null}
    </Modal>
  );
}

function SubscribeContent({ planId, name, onClose }: Omit<CalendarSubscribeDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => notificationsApi.createFeed(planId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.feeds }),
  });
  const feed = create.data;
  const settingsLink = (
    <Anchor component={Link} to={paths.notificationSettings} onClick={onClose} underline="always">
      {t('calendarFeeds.settingsLink')}
    </Anchor>
  );

  return (
    <Stack gap="md">
      <Text>{t('calendarFeeds.subscribeIntro', { name })}</Text>
      <Alert
        color="orange"
        variant="light"
        icon={<WarningIcon />}
        title={t('calendarFeeds.warningTitle')}
        styles={READABLE_ALERT}
      >
        <Text size="sm">{t('calendarFeeds.warning')}</Text>
      </Alert>
      {feed ? (
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label={t('calendarFeeds.address')}
              value={feed.url}
              readOnly
              style={{ flex: 1 }}
              onFocus={(event) => event.currentTarget.select()}
              data-autofocus
            />
            <CopyButton value={feed.url}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'default'} color={copied ? 'teal.9' : undefined} onClick={copy}>
                  {copied ? t('calendarFeeds.copied') : t('calendarFeeds.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" role="status">
            {t('calendarFeeds.shownOnce')} {t('calendarFeeds.revokeHint')} {settingsLink}
          </Text>
        </Stack>
      ) : (
        <Text size="sm">
          {t('calendarFeeds.revokeHint')} {settingsLink}
        </Text>
      )}
      {create.isError ? <FormError error={create.error} /> : null}
      <Group justify="flex-end" gap="sm">
        {feed ? (
          <Button onClick={onClose}>{t('calendarFeeds.done')}</Button>
        ) : (
          <>
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => create.mutate()} loading={create.isPending}>
              {t('calendarFeeds.create')}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}
