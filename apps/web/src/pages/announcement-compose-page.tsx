import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import {
  announcementQuery,
  errorCode,
  errorContext,
  outreachApi,
  outreachKeys,
  type Announcement,
  type AnnouncementInput,
} from '../api/outreach';
import { announcementPath, paths } from '../app/paths';
import { FormError } from '../components/form-error';
import { InfoIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { READABLE_ALERT } from '../planning/alert-styles';
import { AudienceBuilder } from '../outreach/audience-builder';
import { audienceFromApi, audienceToApi, isCountable, type AudienceDraft } from '../outreach/audience-model';
import { AudiencePreviewPanel } from '../outreach/audience-preview';
import { AudienceSummary } from '../outreach/audience-summary';
import { fromLocalInput, readerTimeZone, toLocalInput } from '../outreach/dates';
import { EventFields, eventProblems, eventToInput, type EventDraft } from '../outreach/event-fields';
import { MarkdownPreview } from '../outreach/markdown-preview';

/** /announcements/new: a new draft. */
export function AnnouncementNewPage() {
  return <ComposeForm />;
}

/** /announcements/:id/edit: a draft or scheduled announcement entirely; a published one's text and event. */
export function AnnouncementEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const announcement = useQuery(announcementQuery(id));
  if (announcement.isPending) return <PageLoader label={t('announcement.loading')} />;
  if (announcement.isError)
    return (
      <Page title={t('compose.editTitle')}>
        <QueryError error={announcement.error} onRetry={() => void announcement.refetch()} />
      </Page>
    );
  if (announcement.data.status === 'withdrawn')
    return (
      <Page title={t('compose.editTitle')}>
        <Text>{t('compose.withdrawnCannotChange')}</Text>
        <Anchor component={Link} to={announcementPath(id)} underline="always">
          {t('compose.backToAnnouncement')}
        </Anchor>
      </Page>
    );
  return <ComposeForm key={announcement.data.id} announcement={announcement.data} />;
}

interface Draft {
  title: string;
  body: string;
  audience: AudienceDraft;
  requiresAcknowledgement: boolean;
  acknowledgeBy: string;
  remindDaysBefore: number | '';
  withEvent: boolean;
  event: EventDraft;
}

const draftOf = (a: Announcement | undefined): Draft => ({
  title: a?.title ?? '',
  body: a?.body ?? '',
  audience: audienceFromApi(a?.audience),
  requiresAcknowledgement: a?.requiresAcknowledgement ?? false,
  acknowledgeBy: toLocalInput(a?.acknowledgeBy),
  remindDaysBefore: a?.remindDaysBefore ?? 3,
  withEvent: a?.event != null,
  event: {
    title: a?.event && a.event.title !== a.title ? a.event.title : '',
    startsAt: a?.event?.localStartsAt ?? '',
    endsAt: a?.event?.localEndsAt ?? '',
    timeZone: a?.event?.timeZone ?? readerTimeZone(),
    location: a?.event?.location ?? '',
    onlineUrl: a?.event?.onlineUrl ?? '',
    rsvpDeadline: a?.event?.localRsvpDeadline ?? '',
    seatsPerCountry: a?.event?.seatsPerCountry ?? '',
  },
});

function ComposeForm({ announcement }: { announcement?: Announcement }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(announcement));
  const [version, setVersion] = useState(announcement?.version ?? 0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const published = announcement?.status === 'published';
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const input: AnnouncementInput = {
        title: draft.title.trim(),
        body: draft.body,
        requiresAcknowledgement: draft.requiresAcknowledgement,
        acknowledgeBy: draft.requiresAcknowledgement ? (fromLocalInput(draft.acknowledgeBy) ?? null) : null,
        remindDaysBefore: draft.remindDaysBefore === '' ? undefined : draft.remindDaysBefore,
      };
      if (!published) input.audience = audienceToApi(draft.audience);
      if (draft.withEvent) input.event = eventToInput(draft.event);
      else if (announcement?.event && !published) input.event = null;
      return announcement
        ? outreachApi.update(announcement.id, { ...input, version })
        : outreachApi.create({ ...input, title: input.title!, audience: input.audience! });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(outreachKeys.announcement(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: outreachKeys.list });
      void navigate(announcementPath(saved.id));
    },
    onError: (error) => {
      if (errorCode(error) === 'stale_version') {
        // What was typed stays; the next save is based on what is there now.
        const current = errorContext<{ current?: Announcement }>(error)?.current;
        if (current) setVersion(current.version);
        setConflict(true);
        return;
      }
      if (error instanceof ApiError) {
        const found: Record<string, string> = {};
        for (const detail of error.details) {
          const field = detail.field
            .replace(/\.(\d+)(?=\.|$)/g, '[$1]')
            .replace(/^audience\.(include|exclude)\[(\d+)\].*$/, 'audience.$1[$2]');
          found[field] = found[field] ? `${found[field]} ${detail.reasons.join(' ')}` : detail.reasons.join(' ');
        }
        setErrors(found);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    setConflict(false);
    const found: Record<string, string> = {};
    if (!draft.title.trim()) found.title = t('compose.titleRequired');
    if (!published && !isCountable(draft.audience)) found.audience = t('audience.completeGroups');
    if (draft.requiresAcknowledgement && draft.acknowledgeBy) {
      const at = fromLocalInput(draft.acknowledgeBy);
      if (!at || new Date(at).getTime() <= Date.now()) found.acknowledgeBy = t('compose.acknowledgeByFuture');
    }
    if (draft.withEvent) Object.assign(found, eventProblems(draft.event, t));
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate();
  };

  const title = announcement ? t('compose.editTitle') : t('compose.newTitle');
  const failedFields = Object.keys(errors).length;
  return (
    <Page title={title} lead={announcement ? announcement.title : t('compose.lead')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xl">
          {published ? (
            <Alert
              color="blue"
              variant="light"
              icon={<InfoIcon />}
              styles={READABLE_ALERT}
              data-testid="published-note"
            >
              {announcement?.event ? t('compose.publishedEventNote') : t('compose.publishedNote')}
            </Alert>
          ) : null}
          <Stack gap="sm" component="section" aria-labelledby="compose-message">
            <Title order={2} size="h3" id="compose-message">
              {t('compose.message')}
            </Title>
            <TextInput
              label={t('compose.title')}
              value={draft.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              maxLength={300}
              required
              error={errors.title}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Textarea
                label={t('compose.body')}
                description={t('compose.bodyHint')}
                value={draft.body}
                onChange={(e) => set('body', e.currentTarget.value)}
                autosize
                minRows={8}
                maxRows={24}
                maxLength={50000}
                error={errors.body}
              />
              <MarkdownPreview source={draft.body} id="compose-preview" />
            </SimpleGrid>
          </Stack>

          <Stack gap="sm" component="section" aria-labelledby="compose-audience">
            <Title order={2} size="h3" id="compose-audience">
              {t('compose.audience')}
            </Title>
            {published && announcement?.audience ? (
              <Paper withBorder p="md">
                <Text size="sm" mb="xs">
                  {t('compose.audienceFixed', { count: announcement.recipientCount ?? 0 })}
                </Text>
                <AudienceSummary audience={announcement.audience} />
              </Paper>
            ) : (
              <Grid gap="md">
                <Grid.Col span={{ base: 12, lg: 8 }}>
                  <AudienceBuilder
                    value={draft.audience}
                    onChange={(audience) => set('audience', audience)}
                    errors={errors}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, lg: 4 }}>
                  <div style={{ position: 'sticky', top: 76 }}>
                    <AudiencePreviewPanel audience={draft.audience} />
                  </div>
                </Grid.Col>
              </Grid>
            )}
          </Stack>

          <Stack gap="sm" component="section" aria-labelledby="compose-acknowledgement">
            <Title order={2} size="h3" id="compose-acknowledgement">
              {t('compose.acknowledgement')}
            </Title>
            <Switch
              label={t('compose.requiresAcknowledgement')}
              description={t('compose.requiresAcknowledgementHint')}
              checked={draft.requiresAcknowledgement}
              onChange={(e) => set('requiresAcknowledgement', e.currentTarget.checked)}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {draft.requiresAcknowledgement ? (
                <TextInput
                  type="datetime-local"
                  label={t('compose.acknowledgeBy')}
                  description={t('compose.acknowledgeByHint')}
                  value={draft.acknowledgeBy}
                  onChange={(e) => set('acknowledgeBy', e.currentTarget.value)}
                  error={errors.acknowledgeBy}
                />
              ) : null}
              {draft.requiresAcknowledgement || draft.withEvent ? (
                <NumberInput
                  label={t('compose.remindDaysBefore')}
                  description={t('compose.remindDaysBeforeHint')}
                  value={draft.remindDaysBefore}
                  onChange={(v) => set('remindDaysBefore', typeof v === 'number' ? v : v === '' ? '' : Number(v) || 0)}
                  min={0}
                  max={60}
                  allowDecimal={false}
                  allowNegative={false}
                  error={errors.remindDaysBefore}
                />
              ) : null}
            </SimpleGrid>
          </Stack>

          <Stack gap="sm" component="section" aria-labelledby="compose-event">
            <Title order={2} size="h3" id="compose-event">
              {t('compose.event.section')}
            </Title>
            <Switch
              label={t('compose.withEvent')}
              description={
                published
                  ? announcement?.event
                    ? t('compose.eventFixed')
                    : t('compose.eventCannotAdd')
                  : t('compose.withEventHint')
              }
              checked={draft.withEvent}
              disabled={published}
              onChange={(e) => set('withEvent', e.currentTarget.checked)}
            />
            {errors.event ? (
              <Text size="sm" c="red.9">
                {errors.event}
              </Text>
            ) : null}
            {draft.withEvent ? (
              <EventFields
                value={draft.event}
                onChange={(event) => set('event', event)}
                errors={errors}
                defaultTitle={draft.title}
              />
            ) : null}
          </Stack>

          {conflict ? <FormError message={t('compose.stale')} /> : null}
          {save.isError && !conflict ? (
            <FormError
              message={
                failedFields > 0
                  ? t('compose.fieldErrors', { count: failedFields })
                  : errorCode(save.error) === 'invalid_state'
                    ? t('compose.invalidState')
                    : undefined
              }
              error={save.error}
            />
          ) : !save.isError && failedFields > 0 ? (
            <FormError message={t('compose.fieldErrors', { count: failedFields })} />
          ) : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {announcement ? t('compose.save') : t('compose.saveDraft')}
            </Button>
            <Button
              component={Link}
              to={announcement ? announcementPath(announcement.id) : paths.announcements}
              variant="default"
            >
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Page>
  );
}
