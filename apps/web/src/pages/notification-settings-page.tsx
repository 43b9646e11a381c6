import {
  Alert,
  Anchor,
  Button,
  Chip,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import {
  calendarFeedsQuery,
  DIGESTS,
  notificationKeys,
  notificationPreferencesQuery,
  notificationsApi,
  type CalendarFeed,
  type Digest,
  type NotificationPreferences,
} from '../api/planning';
import { paths } from '../app/paths';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormError } from '../components/form-error';
import { CheckIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';

/** The reminder days offered; values saved elsewhere (the API takes 0-60) are offered too. */
const DAY_CHOICES = [0, 1, 2, 3, 7, 14, 30];
const MAX_DAYS = 5;
/** Legends read like the other fields' labels. */
const LEGEND = { legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', padding: 0 } };
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const FIELDS = ['reminderDays', 'digest', 'quietFrom', 'quietTo', 'timeZone', 'email'] as const;
type Field = (typeof FIELDS)[number];

const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

const timeZones = (): string[] => {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
};

/** Nothing was ever saved: the server's defaults, in UTC. */
const isDefault = (p: NotificationPreferences) =>
  p.reminderDays.join() === '7,1' &&
  p.digest === 'weekly' &&
  p.quietFrom === null &&
  p.quietTo === null &&
  p.timeZone === 'UTC' &&
  p.email;

/** /settings/notifications: when and how reminders come, and the calendar addresses handed out. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const preferences = useQuery(notificationPreferencesQuery);
  return (
    <Page title={t('notificationSettings.title')} lead={t('notificationSettings.lead')}>
      <Anchor component={Link} to={paths.notifications}>
        {t('notificationSettings.toNotifications')}
      </Anchor>
      {preferences.isPending ? (
        <PageLoader label={t('notificationSettings.loading')} />
      ) : preferences.isError ? (
        <QueryError error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <PreferencesForm saved={preferences.data} />
      )}
      <CalendarFeeds />
    </Page>
  );
}

function PreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const daysHintId = useId();
  const daysErrorId = useId();
  const browserZone = useMemo(browserTimeZone, []);
  const fromBrowser = isDefault(saved) && browserZone !== saved.timeZone;
  const [draft, setDraft] = useState<NotificationPreferences>(() =>
    fromBrowser ? { ...saved, timeZone: browserZone } : saved,
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(draft.timeZone) ? all : [draft.timeZone, ...all];
  }, [draft.timeZone]);
  const dayChoices = useMemo(
    () => [...new Set([...DAY_CHOICES, ...saved.reminderDays])].sort((a, b) => a - b),
    [saved.reminderDays],
  );

  const save = useMutation({
    mutationFn: (input: NotificationPreferences) => notificationsApi.savePreferences(input),
    onSuccess: (answer) => {
      queryClient.setQueryData(notificationKeys.preferences, answer);
      setDraft(answer);
      setDone(true);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || error.statusCode !== 400) return;
      const found: Partial<Record<Field, string>> = {};
      for (const field of FIELDS) {
        const reasons = error.reasonsFor(field);
        if (reasons.length > 0) found[field] = t(`notificationSettings.error.${field}`);
      }
      setErrors(found);
    },
  });

  const change = (patch: Partial<NotificationPreferences>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setDone(false);
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as Field[]) delete next[key];
      // Quiet hours are judged as a pair.
      if ('quietFrom' in patch || 'quietTo' in patch) {
        delete next.quietFrom;
        delete next.quietTo;
      }
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setDone(false);
    save.mutate(draft);
  };

  const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  const hourOptions = [
    { value: '', label: t('notificationSettings.noQuietHours') },
    ...HOURS.map((hour) => ({ value: String(hour), label: hourLabel(hour) })),
  ];
  const dayLabel = (days: number) =>
    days === 0 ? t('notificationSettings.onTheDay') : t('notificationSettings.daysBefore', { count: days });
  const full = draft.reminderDays.length >= MAX_DAYS;
  const fieldErrorsOnly = save.error instanceof ApiError && save.error.statusCode === 400 && Object.keys(errors).length;

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} noValidate maw={720}>
      <Stack gap="lg">
        <Title order={2} size="h3">
          {t('notificationSettings.remindersTitle')}
        </Title>
        <Fieldset
          legend={t('notificationSettings.reminderDays')}
          variant="unstyled"
          styles={LEGEND}
          aria-describedby={errors.reminderDays ? `${daysHintId} ${daysErrorId}` : daysHintId}
        >
          <Text size="xs" c="dimmed" id={daysHintId} mb="xs">
            {t('notificationSettings.reminderDaysHint', { max: MAX_DAYS })}
          </Text>
          <Chip.Group
            multiple
            value={draft.reminderDays.map(String)}
            onChange={(values) => change({ reminderDays: values.map(Number).sort((a, b) => b - a) })}
          >
            <Group gap="xs">
              {dayChoices.map((days) => {
                const checked = draft.reminderDays.includes(days);
                return (
                  <Chip key={days} value={String(days)} disabled={full && !checked} variant="outline">
                    {dayLabel(days)}
                  </Chip>
                );
              })}
            </Group>
          </Chip.Group>
          {errors.reminderDays ? (
            <Text size="sm" c="red.9" mt="xs" id={daysErrorId}>
              {errors.reminderDays}
            </Text>
          ) : null}
        </Fieldset>
        <Radio.Group
          label={t('notificationSettings.digest')}
          description={t('notificationSettings.digestHint')}
          value={draft.digest}
          onChange={(value) => change({ digest: value as Digest })}
          error={errors.digest}
        >
          <Group gap="lg" mt="xs">
            {DIGESTS.map((digest) => (
              <Radio key={digest} value={digest} label={t(`notificationSettings.digestValue.${digest}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Fieldset legend={t('notificationSettings.quietHours')} variant="unstyled" styles={LEGEND}>
          <Text size="xs" c="dimmed" mb="xs">
            {t('notificationSettings.quietHoursHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <NativeSelect
              label={t('notificationSettings.quietFrom')}
              data={hourOptions}
              value={draft.quietFrom === null ? '' : String(draft.quietFrom)}
              onChange={(event) =>
                change({ quietFrom: event.currentTarget.value === '' ? null : Number(event.currentTarget.value) })
              }
              error={errors.quietFrom}
            />
            <NativeSelect
              label={t('notificationSettings.quietTo')}
              data={hourOptions}
              value={draft.quietTo === null ? '' : String(draft.quietTo)}
              onChange={(event) =>
                change({ quietTo: event.currentTarget.value === '' ? null : Number(event.currentTarget.value) })
              }
              error={errors.quietTo}
            />
          </SimpleGrid>
        </Fieldset>
        <NativeSelect
          label={t('notificationSettings.timeZone')}
          description={
            fromBrowser && draft.timeZone === browserZone
              ? t('notificationSettings.timeZoneFromBrowser')
              : t('notificationSettings.timeZoneHint')
          }
          data={zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
          value={draft.timeZone}
          onChange={(event) => change({ timeZone: event.currentTarget.value })}
          error={errors.timeZone}
          maw={360}
        />
        <Switch
          label={t('notificationSettings.email')}
          description={t('notificationSettings.emailHint')}
          checked={draft.email}
          onChange={(event) => change({ email: event.currentTarget.checked })}
          error={errors.email}
        />
        {save.isError ? (
          <FormError error={save.error} message={fieldErrorsOnly ? t('notificationSettings.fixFields') : undefined} />
        ) : null}
        <div aria-live="polite">
          {done ? (
            <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
              {t('notificationSettings.saved')}
            </Alert>
          ) : null}
        </div>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('notificationSettings.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The secret calendar addresses the user handed out, each revocable. */
function CalendarFeeds() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const feeds = useQuery(calendarFeedsQuery);
  const [revoking, setRevoking] = useState<CalendarFeed>();
  const revoke = useMutation({
    mutationFn: (feed: CalendarFeed) => notificationsApi.revokeFeed(feed.id),
    onSuccess: (_answer, feed) => {
      queryClient.setQueryData<{ items: CalendarFeed[] }>(notificationKeys.feeds, (old) =>
        old ? { items: old.items.filter((other) => other.id !== feed.id) } : old,
      );
      setRevoking(undefined);
    },
  });
  const nameOf = (feed: CalendarFeed) => feed.planTitle ?? t('calendarFeeds.myItems');

  return (
    <Stack gap="sm" component="section" aria-labelledby="calendar-feeds-title">
      <Title order={2} size="h3" id="calendar-feeds-title">
        {t('calendarFeeds.title')}
      </Title>
      <Text size="sm" maw="48rem">
        {t('calendarFeeds.lead')}
      </Text>
      {feeds.isPending ? (
        <PageLoader label={t('calendarFeeds.loading')} />
      ) : feeds.isError ? (
        <QueryError error={feeds.error} onRetry={() => void feeds.refetch()} />
      ) : feeds.data.items.length === 0 ? (
        <Text c="dimmed">{t('calendarFeeds.none')}</Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Caption>{t('calendarFeeds.caption', { count: feeds.data.items.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('calendarFeeds.column.calendar')}</Table.Th>
                  <Table.Th scope="col">{t('calendarFeeds.column.created')}</Table.Th>
                  <Table.Th scope="col">{t('calendarFeeds.column.lastUsed')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('calendarFeeds.column.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {feeds.data.items.map((feed) => (
                  <Table.Tr key={feed.id} data-testid="calendar-feed">
                    <Table.Th scope="row" fw={500}>
                      {nameOf(feed)}
                    </Table.Th>
                    <Table.Td>{format.dateTime(feed.createdAt)}</Table.Td>
                    <Table.Td>
                      {feed.lastUsedAt ? format.dateTime(feed.lastUsedAt) : t('calendarFeeds.neverUsed')}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        variant="default"
                        size="compact-sm"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(feed);
                        }}
                        aria-label={t('calendarFeeds.revokeFor', {
                          name: nameOf(feed),
                          created: format.dateTime(feed.createdAt),
                        })}
                      >
                        {t('calendarFeeds.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <ConfirmDialog
        opened={revoking !== undefined}
        title={t('calendarFeeds.revokeTitle')}
        confirmLabel={t('calendarFeeds.revoke')}
        danger
        busy={revoke.isPending}
        error={revoke.isError ? <FormError error={revoke.error} /> : undefined}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(undefined)}
      >
        {revoking ? t('calendarFeeds.revokeBody', { name: nameOf(revoking) }) : ''}
      </ConfirmDialog>
    </Stack>
  );
}
