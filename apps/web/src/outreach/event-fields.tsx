import { NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventInput } from '../api/outreach';
import { timeZones, zoneLabel } from './dates';

/** The event as typed: wall-clock times in its own zone. */
export interface EventDraft {
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location: string;
  onlineUrl: string;
  rsvpDeadline: string;
  seatsPerCountry: number | '';
}

export const eventToInput = (draft: EventDraft): EventInput => ({
  title: draft.title.trim() || undefined,
  startsAt: draft.startsAt,
  endsAt: draft.endsAt,
  timeZone: draft.timeZone,
  location: draft.location.trim() || null,
  onlineUrl: draft.onlineUrl.trim() || null,
  rsvpDeadline: draft.rsvpDeadline || null,
  seatsPerCountry: draft.seatsPerCountry === '' ? null : draft.seatsPerCountry,
});

/** What is wrong before asking the server, keyed like the server's fields (`event.endsAt`). */
export function eventProblems(
  draft: EventDraft,
  t: (
    key:
      | 'compose.event.required'
      | 'compose.event.endBeforeStart'
      | 'compose.event.placeRequired'
      | 'compose.event.deadlineAfterStart',
  ) => string,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!draft.startsAt) problems['event.startsAt'] = t('compose.event.required');
  if (!draft.endsAt) problems['event.endsAt'] = t('compose.event.required');
  if (draft.startsAt && draft.endsAt && draft.endsAt <= draft.startsAt)
    problems['event.endsAt'] = t('compose.event.endBeforeStart');
  if (!draft.location.trim() && !draft.onlineUrl.trim()) problems['event.location'] = t('compose.event.placeRequired');
  if (draft.rsvpDeadline && draft.startsAt && draft.rsvpDeadline > draft.startsAt)
    problems['event.rsvpDeadline'] = t('compose.event.deadlineAfterStart');
  return problems;
}

interface EventFieldsProps {
  value: EventDraft;
  onChange: (value: EventDraft) => void;
  errors: Record<string, string>;
  defaultTitle: string;
}

export function EventFields({ value, onChange, errors, defaultTitle }: EventFieldsProps) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZones(value.timeZone), [value.timeZone]);
  const set = <K extends keyof EventDraft>(key: K, v: EventDraft[K]) => onChange({ ...value, [key]: v });
  const error = (field: string) => errors[`event.${field}`];
  return (
    <Stack gap="sm">
      <TextInput
        label={t('compose.event.title')}
        description={t('compose.event.titleHint')}
        placeholder={defaultTitle}
        value={value.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        maxLength={200}
        error={error('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          type="datetime-local"
          label={t('compose.event.startsAt')}
          value={value.startsAt}
          onChange={(e) => set('startsAt', e.currentTarget.value)}
          required
          error={error('startsAt')}
        />
        <TextInput
          type="datetime-local"
          label={t('compose.event.endsAt')}
          value={value.endsAt}
          onChange={(e) => set('endsAt', e.currentTarget.value)}
          required
          error={error('endsAt')}
        />
        <NativeSelect
          label={t('compose.event.timeZone')}
          description={t('compose.event.timeZoneHint')}
          value={value.timeZone}
          onChange={(e) => set('timeZone', e.currentTarget.value)}
          data={zones.map((zone) => ({ value: zone, label: zoneLabel(zone) }))}
          error={error('timeZone')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('compose.event.location')}
          description={t('compose.event.locationHint')}
          value={value.location}
          onChange={(e) => set('location', e.currentTarget.value)}
          maxLength={500}
          error={error('location')}
        />
        <TextInput
          type="url"
          label={t('compose.event.onlineUrl')}
          placeholder="https://"
          value={value.onlineUrl}
          onChange={(e) => set('onlineUrl', e.currentTarget.value)}
          error={error('onlineUrl')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          type="datetime-local"
          label={t('compose.event.rsvpDeadline')}
          description={t('compose.event.rsvpDeadlineHint')}
          value={value.rsvpDeadline}
          onChange={(e) => set('rsvpDeadline', e.currentTarget.value)}
          error={error('rsvpDeadline')}
        />
        <NumberInput
          label={t('compose.event.seats')}
          description={t('compose.event.seatsHint')}
          value={value.seatsPerCountry}
          onChange={(v) => set('seatsPerCountry', typeof v === 'number' ? v : v === '' ? '' : Number(v) || '')}
          min={1}
          max={500}
          allowDecimal={false}
          allowNegative={false}
          error={error('seatsPerCountry')}
        />
      </SimpleGrid>
    </Stack>
  );
}
