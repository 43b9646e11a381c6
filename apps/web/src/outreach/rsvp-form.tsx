import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  DELEGATE_LEVELS,
  DELEGATE_ROLES,
  errorCode,
  errorContext,
  outreachApi,
  outreachKeys,
  RSVP_RESPONSES,
  type Announcement,
  type DelegateLevel,
  type DelegateRole,
  type OutreachEvent,
  type RsvpResponse,
  type SeatsContext,
} from '../api/outreach';
import { FormError } from '../components/form-error';
import { CheckIcon, WarningIcon } from '../components/icons';
import { useDisplayNames } from '../directory/use-display-names';
import { READABLE_ALERT } from '../planning/alert-styles';
import { TrashIcon, PlusIcon } from './icons';
import { useZonedFormat, zoneLabel } from './dates';

interface Row {
  key: number;
  name: string;
  role: DelegateRole;
  level: DelegateLevel;
}

interface Errors {
  response?: string;
  delegation?: string;
  rows: Record<number, Partial<Record<'name' | 'role' | 'level', string>>>;
  nominatingAuthority?: string;
  accessibility?: string;
  dietary?: string;
  notes?: string;
}

const NO_ERRORS: Errors = { rows: {} };
const hasErrors = (e: Errors) =>
  Boolean(e.response || e.delegation || e.nominatingAuthority || e.accessibility || e.dietary || e.notes) ||
  Object.keys(e.rows).length > 0;

/**
 * The invitee's answer: accepted, tentative or declined; the delegation (name, role, level) within
 * the seats left for their country; who nominated it; accessibility and dietary needs. Refusals are
 * shown at the fields they concern, and nothing typed is lost; after the deadline it only shows.
 */
export function RsvpForm({ announcement, event }: { announcement: Announcement; event: OutreachEvent }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const format = useZonedFormat();
  const queryClient = useQueryClient();
  const me = announcement.me!;
  const initial = me.rsvp;
  const nextKey = useRef(0);
  const row = (name = '', role: DelegateRole = 'delegate', level: DelegateLevel = 'expert'): Row => ({
    key: nextKey.current++,
    name,
    role,
    level,
  });
  const [response, setResponse] = useState<RsvpResponse | ''>(initial?.response ?? '');
  const [rows, setRows] = useState<Row[]>(() =>
    initial && initial.delegation.length > 0
      ? initial.delegation.map((d) => row(d.name, d.role, d.level))
      : [row('', 'head_of_delegation', 'senior_official')],
  );
  const [nominatingAuthority, setNominatingAuthority] = useState(initial?.nominatingAuthority ?? '');
  const [accessibility, setAccessibility] = useState(initial?.accessibility ?? '');
  const [dietary, setDietary] = useState(initial?.dietary ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [closedByServer, setClosedByServer] = useState(false);

  const deadlinePassed = event.rsvpDeadline !== null && new Date(event.rsvpDeadline).getTime() <= Date.now();
  const cancelled = announcement.status === 'withdrawn' || event.cancelledAt !== null;
  const closed = deadlinePassed || closedByServer || cancelled;
  const attending = response !== '' && response !== 'declined';
  const seats = me.seats;
  const country = seats?.countryCode ? names.country(seats.countryCode) : undefined;
  const left = seats?.limit ? Math.max(0, seats.limit - seats.takenByOthers) : undefined;
  const named = rows.filter((r) => r.name.trim()).length;

  const save = useMutation({
    mutationFn: () =>
      outreachApi.rsvp(event.id, {
        response: response as RsvpResponse,
        // Every row goes, so the server's reasons (`delegation.1.name`) point at the rows shown.
        delegation: attending ? rows.map((r) => ({ name: r.name.trim(), role: r.role, level: r.level })) : [],
        nominatingAuthority: nominatingAuthority.trim() || undefined,
        accessibility: accessibility.trim() || undefined,
        dietary: dietary.trim() || undefined,
        notes: notes.trim() || undefined,
      }),
    onSuccess: (rsvp) => {
      setSaved(true);
      queryClient.setQueryData<Announcement>(outreachKeys.announcement(announcement.id), (old) =>
        old?.me ? { ...old, me: { ...old.me, rsvp } } : old,
      );
      void queryClient.invalidateQueries({ queryKey: outreachKeys.inbox });
    },
    onError: (error) => {
      // Seats or the deadline may have moved: read them again (what was typed stays in the form).
      void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcement.id) });
      const code = errorCode(error);
      if (code === 'rsvp_closed') {
        setClosedByServer(true);
        return;
      }
      if (code === 'seats_exceeded') {
        const context = errorContext<SeatsContext>(error);
        const reason =
          context && typeof context.limit === 'number'
            ? t('rsvp.seatsExceeded', {
                count: Math.max(0, context.limit - context.taken),
                limit: context.limit,
                taken: context.taken,
                country: country ?? '',
              })
            : (error as ApiError).reasonsFor('delegation').join(' ') || (error as ApiError).message;
        setErrors({ ...NO_ERRORS, delegation: reason });
        return;
      }
      if (error instanceof ApiError) setErrors(errorsFrom(error));
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.reset();
    const found: Errors = { rows: {} };
    if (!response) found.response = t('rsvp.chooseResponse');
    if (attending) {
      rows.forEach((r, index) => {
        if (!r.name.trim() && rows.length > 1) found.rows[index] = { name: t('rsvp.nameRequired') };
      });
      if (named === 0) found.delegation = t('rsvp.nameSomeone');
      if (rows.filter((r) => r.name.trim() && r.role === 'head_of_delegation').length > 1)
        found.delegation = t('rsvp.oneHead');
    }
    setErrors(found);
    if (hasErrors(found)) return;
    save.mutate();
  };

  const setRow = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  const closedMessage = event.rsvpDeadline
    ? t('rsvp.closedOn', { date: format.at(event.rsvpDeadline, event.timeZone), zone: zoneLabel(event.timeZone) })
    : t('rsvp.closed');

  return (
    <section aria-labelledby="rsvp-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="rsvp-heading">
            {t('rsvp.title')}
          </Title>
          {cancelled ? (
            <Text>{t('rsvp.cancelled')}</Text>
          ) : closed ? (
            <Alert
              color="yellow"
              variant="light"
              icon={<WarningIcon />}
              styles={READABLE_ALERT}
              data-testid="rsvp-closed"
            >
              {closedMessage}
            </Alert>
          ) : event.rsvpDeadline ? (
            <Text size="sm">
              {t('rsvp.deadline', {
                date: format.at(event.rsvpDeadline, event.timeZone),
                zone: zoneLabel(event.timeZone),
              })}
            </Text>
          ) : null}
          {initial ? (
            <Text size="sm" data-testid="rsvp-current">
              {t('rsvp.current', { response: t(`outreach.rsvp.${initial.response}`) })}
            </Text>
          ) : null}
          <fieldset disabled={closed} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="md">
              <Radio.Group
                label={t('rsvp.response')}
                value={response}
                onChange={(value) => {
                  setSaved(false);
                  setResponse(value as RsvpResponse);
                }}
                error={errors.response}
                required
              >
                <Group mt="xs">
                  {RSVP_RESPONSES.map((value) => (
                    <Radio key={value} value={value} label={t(`rsvp.answer.${value}`)} />
                  ))}
                </Group>
              </Radio.Group>
              {attending ? (
                <Fieldset
                  legend={t('rsvp.delegation')}
                  aria-describedby={errors.delegation ? 'delegation-error' : 'delegation-seats'}
                  aria-invalid={errors.delegation ? true : undefined}
                  data-testid="delegation"
                >
                  <Stack gap="sm">
                    {seats?.limit ? (
                      <Text size="sm" id="delegation-seats" data-testid="delegation-seats">
                        {t('rsvp.seats', {
                          count: seats.limit,
                          country: country ?? '',
                          taken: seats.takenByOthers,
                          left: left ?? 0,
                        })}
                      </Text>
                    ) : (
                      <Text size="sm" id="delegation-seats">
                        {t('rsvp.noSeatLimit')}
                      </Text>
                    )}
                    {rows.map((r, index) => (
                      <Fieldset
                        key={r.key}
                        legend={t('rsvp.delegate', { n: index + 1 })}
                        variant="filled"
                        data-testid="delegate-row"
                      >
                        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                          <TextInput
                            label={t('rsvp.name')}
                            value={r.name}
                            onChange={(e) => setRow(r.key, { name: e.currentTarget.value })}
                            maxLength={200}
                            error={errors.rows[index]?.name}
                          />
                          <NativeSelect
                            label={t('rsvp.role')}
                            value={r.role}
                            onChange={(e) => setRow(r.key, { role: e.currentTarget.value as DelegateRole })}
                            data={DELEGATE_ROLES.map((value) => ({ value, label: t(`rsvp.roles.${value}`) }))}
                            error={errors.rows[index]?.role}
                          />
                          <NativeSelect
                            label={t('rsvp.level')}
                            value={r.level}
                            onChange={(e) => setRow(r.key, { level: e.currentTarget.value as DelegateLevel })}
                            data={DELEGATE_LEVELS.map((value) => ({ value, label: t(`rsvp.levels.${value}`) }))}
                            error={errors.rows[index]?.level}
                          />
                        </SimpleGrid>
                        {rows.length > 1 ? (
                          <Button
                            variant="default"
                            c="red.9"
                            size="compact-sm"
                            mt="xs"
                            leftSection={<TrashIcon />}
                            onClick={() => {
                              setSaved(false);
                              setRows((current) => current.filter((other) => other.key !== r.key));
                            }}
                          >
                            {t('rsvp.removeDelegate', { n: index + 1 })}
                          </Button>
                        ) : null}
                      </Fieldset>
                    ))}
                    {errors.delegation ? (
                      <Text
                        size="sm"
                        c="red.9"
                        fw={600}
                        id="delegation-error"
                        role="alert"
                        data-testid="delegation-error"
                      >
                        {errors.delegation}
                      </Text>
                    ) : null}
                    <Group>
                      <Button
                        variant="default"
                        leftSection={<PlusIcon />}
                        onClick={() => {
                          setSaved(false);
                          setRows((current) => [...current, row()]);
                        }}
                        disabled={rows.length >= 50}
                      >
                        {t('rsvp.addDelegate')}
                      </Button>
                      {left !== undefined && named > left ? (
                        <Text size="sm" c="red.9">
                          {t('rsvp.overSeats', { count: left })}
                        </Text>
                      ) : null}
                    </Group>
                  </Stack>
                </Fieldset>
              ) : null}
              {attending ? (
                <TextInput
                  label={t('rsvp.nominatingAuthority')}
                  description={t('rsvp.nominatingAuthorityHint')}
                  value={nominatingAuthority}
                  onChange={(e) => setNominatingAuthority(e.currentTarget.value)}
                  maxLength={300}
                  error={errors.nominatingAuthority}
                />
              ) : null}
              {attending ? (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Textarea
                    label={t('rsvp.accessibility')}
                    description={t('rsvp.accessibilityHint')}
                    value={accessibility}
                    onChange={(e) => setAccessibility(e.currentTarget.value)}
                    maxLength={1000}
                    autosize
                    minRows={2}
                    error={errors.accessibility}
                  />
                  <Textarea
                    label={t('rsvp.dietary')}
                    description={t('rsvp.dietaryHint')}
                    value={dietary}
                    onChange={(e) => setDietary(e.currentTarget.value)}
                    maxLength={1000}
                    autosize
                    minRows={2}
                    error={errors.dietary}
                  />
                </SimpleGrid>
              ) : null}
              <Textarea
                label={t('rsvp.notes')}
                value={notes}
                onChange={(e) => setNotes(e.currentTarget.value)}
                maxLength={2000}
                autosize
                minRows={2}
                error={errors.notes}
              />
            </Stack>
          </fieldset>
          <div aria-live="polite">
            {saved ? (
              <Alert color="green" variant="light" icon={<CheckIcon />} styles={READABLE_ALERT} role="status">
                {t('rsvp.saved')}
              </Alert>
            ) : null}
          </div>
          {save.isError && errorCode(save.error) !== 'rsvp_closed' ? (
            <FormError
              message={
                errorCode(save.error) === 'invalid_state'
                  ? t('rsvp.cancelled')
                  : hasErrors(errors)
                    ? t('rsvp.notSaved')
                    : undefined
              }
              error={save.error}
            />
          ) : null}
          {closed ? null : (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {initial ? t('rsvp.change') : t('rsvp.send')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </section>
  );
}

/** A 400's field reasons where they belong: `delegation.1.name` on the second row's name. */
function errorsFrom(error: ApiError): Errors {
  const found: Errors = { rows: {} };
  for (const detail of error.details) {
    const message = detail.reasons.join(' ');
    const rowMatch = /^delegation(?:\[(\d+)\]|\.(\d+))\.(name|role|level)$/.exec(detail.field);
    if (rowMatch) {
      const index = Number(rowMatch[1] ?? rowMatch[2]);
      const field = rowMatch[3] as 'name' | 'role' | 'level';
      found.rows[index] = { ...found.rows[index], [field]: message };
      continue;
    }
    const root = /^[A-Za-z]+/.exec(detail.field)?.[0];
    if (
      root === 'response' ||
      root === 'delegation' ||
      root === 'nominatingAuthority' ||
      root === 'accessibility' ||
      root === 'dietary' ||
      root === 'notes'
    )
      found[root] = found[root] ? `${found[root]} ${message}` : message;
  }
  return found;
}
