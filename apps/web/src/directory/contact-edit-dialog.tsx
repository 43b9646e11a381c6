import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  CONTACT_STATUSES,
  contactQuery,
  updateContact,
  VISIBILITIES,
  type ContactDetail,
  type ContactInput,
  type ContactStatus,
  type Visibility,
} from '../api/directory';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { FormError } from '../components/form-error';
import { WarningIcon } from '../components/icons';
import {
  ExpertiseInput,
  fieldErrorsFrom,
  fromPhoneDrafts,
  LanguagesInput,
  PhonesEditor,
  TimeZoneSelect,
  toPhoneDrafts,
  type PhoneDraft,
} from './contact-fields';
import { useDirectoryLabels } from './use-labels';

interface ContactEditDialogProps {
  contact: ContactDetail;
  opened: boolean;
  onClose: () => void;
  onSaved: (contact: ContactDetail) => void;
}

/** Edits a contact: every field for admins, only the self-editable ones for the contact themself. */
export function ContactEditDialog({ contact, opened, onClose, onSaved }: ContactEditDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('contactEdit.title', { name: contact.fullName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Re-mounted on every opening, so the form starts from the entry as it is now. */}
      {opened ? <EditForm contact={contact} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

interface Values {
  fullName: string;
  position: string;
  emails: string;
  phones: PhoneDraft[];
  languages: string[];
  expertise: string[];
  timeZone: string | null;
  status: ContactStatus;
  visibility: Visibility;
}

type Field = keyof Values;

const ALL_FIELDS: Field[] = [
  'fullName',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'timeZone',
  'status',
  'visibility',
];
const SELF_FIELDS: Field[] = ['position', 'phones', 'languages', 'expertise', 'timeZone', 'status'];

function valuesOf(contact: ContactDetail): Values {
  return {
    fullName: contact.fullName,
    position: contact.position ?? '',
    emails: contact.emails.join('\n'),
    phones: toPhoneDrafts(contact.phones),
    languages: [...contact.languages],
    expertise: [...contact.expertise],
    timeZone: contact.timeZone,
    status: contact.status,
    visibility: contact.visibility,
  };
}

/** Each field as the API takes it. */
function inputOf(values: Values): Required<Omit<ContactInput, 'organisationId'>> {
  return {
    fullName: values.fullName.trim(),
    position: values.position.trim() || null,
    emails: values.emails
      .split(/[\s,;]+/)
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
    phones: fromPhoneDrafts(values.phones),
    languages: values.languages,
    expertise: values.expertise.map((item) => item.trim()).filter(Boolean),
    timeZone: values.timeZone,
    status: values.status,
    visibility: values.visibility,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function EditForm({ contact, onClose, onSaved }: Omit<ContactEditDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const labels = useDirectoryLabels();
  const queryClient = useQueryClient();
  const fields = contact.rights.editAll ? ALL_FIELDS : SELF_FIELDS;
  // The entry the form's changes are computed against; replaced when someone else saved first.
  const [base, setBase] = useState(contact);
  const [values, setValues] = useState(() => valuesOf(contact));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [phoneErrors, setPhoneErrors] = useState<Record<number, string>>({});
  // Fields someone else changed while the form was open and this form changed too.
  const [conflicts, setConflicts] = useState<Field[]>([]);
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [nothingChanged, setNothingChanged] = useState(false);
  const firstFieldRef = useRef<HTMLInputElement>(null);

  const set = <K extends Field>(field: K, value: Values[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setNothingChanged(false);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setFailure(undefined);
    const now = inputOf(values);
    const before = inputOf(valuesOf(base));
    const changes: ContactInput = {};
    for (const field of fields) {
      if (!same(now[field], before[field])) Object.assign(changes, { [field]: now[field] });
    }
    const found: Partial<Record<Field, string>> = {};
    if (fields.includes('fullName') && !now.fullName) found.fullName = t('contactEdit.fullNameRequired');
    if (fields.includes('emails') && now.emails.length === 0) found.emails = t('contactEdit.emailRequired');
    setErrors(found);
    setPhoneErrors({});
    if (Object.keys(found).length > 0) return;
    if (Object.keys(changes).length === 0) {
      setNothingChanged(true);
      return;
    }
    setBusy(true);
    try {
      const saved = await updateContact(contact.id, { version: base.version, ...changes });
      queryClient.setQueryData(contactQuery(contact.id).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'search'] });
      void queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'history', contact.id] });
      onSaved(saved);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'stale_version') {
        // Someone saved first: load their version. Fields this form did not touch take the new
        // values; fields both changed keep what was typed, with the saved value shown beside them.
        try {
          const current = await queryClient.fetchQuery({ ...contactQuery(contact.id), staleTime: 0 });
          const typed = inputOf(values);
          const previous = inputOf(valuesOf(base));
          const latest = inputOf(valuesOf(current));
          const fresh = valuesOf(current);
          const moved = fields.filter((field) => !same(previous[field], latest[field]));
          const touched = (field: Field) => !same(typed[field], previous[field]);
          setValues((now) => {
            const merged = { ...now };
            for (const field of moved) if (!touched(field)) Object.assign(merged, { [field]: fresh[field] });
            return merged;
          });
          setConflicts(moved.filter(touched));
          setStale(true);
          setBase(current);
        } catch (reloadError) {
          setFailure(reloadError);
        }
        return;
      }
      if (error instanceof ApiError && error.code === 'duplicate_contact') {
        setErrors({ emails: t('contactEdit.duplicateEmail') });
        return;
      }
      // Held by an entry of another organisation or one hidden from this admin: the server does not say which.
      if (error instanceof ApiError && error.code === 'address_unavailable') {
        setErrors({ emails: t('contactEdit.addressUnavailable') });
        return;
      }
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped = fieldErrorsFrom(error.details);
        const shown: Partial<Record<Field, string>> = {};
        for (const field of ALL_FIELDS) if (mapped.fields[field]) shown[field] = mapped.fields[field];
        const rows = mapped.phoneRows;
        if (Object.keys(shown).length > 0 || Object.keys(rows).length > 0) {
          setErrors(shown);
          setPhoneErrors(rows);
          return;
        }
      }
      setFailure(error);
    }
  };

  /** Under a field that someone else changed while this form was open: what it says now. */
  const savedNow = (field: Field): string | undefined => {
    if (!conflicts.includes(field)) return undefined;
    const latest = inputOf(valuesOf(base))[field];
    const shown = Array.isArray(latest)
      ? latest.map((item) => (typeof item === 'string' ? item : item.number)).join(', ')
      : field === 'status'
        ? labels.status(String(latest))
        : field === 'visibility'
          ? labels.visibility(String(latest))
          : (latest ?? '');
    return t('contactEdit.savedNow', { value: shown === '' ? t('contactEdit.emptyValue') : shown });
  };

  const canSecret = hasRole(user, 'secretariat');

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <Stack gap="md">
        {!contact.rights.editAll ? <Text size="sm">{t('contactEdit.selfNote')}</Text> : null}
        <div aria-live="assertive">
          {stale ? (
            <Alert role="alert" color="orange" variant="light" icon={<WarningIcon />}>
              <Text size="sm" fw={700}>
                {t('contactEdit.staleTitle')}
              </Text>
              <Text size="sm">
                {conflicts.length > 0 ? t('contactEdit.staleBody') : t('contactEdit.staleBodyNoOverlap')}
              </Text>
            </Alert>
          ) : null}
        </div>
        {fields.includes('fullName') ? (
          <TextInput
            ref={firstFieldRef}
            label={t('contactEdit.fullName')}
            required
            value={values.fullName}
            error={errors.fullName}
            description={savedNow('fullName')}
            onChange={(event) => set('fullName', event.currentTarget.value)}
            data-autofocus
          />
        ) : null}
        <TextInput
          label={t('contactEdit.position')}
          value={values.position}
          error={errors.position}
          description={savedNow('position')}
          onChange={(event) => set('position', event.currentTarget.value)}
          data-autofocus={fields.includes('fullName') ? undefined : true}
        />
        {fields.includes('emails') ? (
          <Textarea
            label={t('contactEdit.emails')}
            description={savedNow('emails') ?? t('contactEdit.emailsHint')}
            required
            autosize
            minRows={2}
            spellCheck={false}
            value={values.emails}
            error={errors.emails}
            onChange={(event) => set('emails', event.currentTarget.value)}
          />
        ) : null}
        <PhonesEditor
          value={values.phones}
          onChange={(phones) => set('phones', phones)}
          error={errors.phones}
          rowErrors={phoneErrors}
          description={savedNow('phones')}
        />
        <LanguagesInput
          value={values.languages}
          onChange={(languages) => set('languages', languages)}
          error={errors.languages}
          description={savedNow('languages')}
        />
        <ExpertiseInput
          value={values.expertise}
          onChange={(expertise) => set('expertise', expertise)}
          error={errors.expertise}
        />
        {savedNow('expertise') ? <Text size="sm">{savedNow('expertise')}</Text> : null}
        <TimeZoneSelect value={values.timeZone} onChange={(zone) => set('timeZone', zone)} error={errors.timeZone} />
        {savedNow('timeZone') ? <Text size="sm">{savedNow('timeZone')}</Text> : null}
        <NativeSelect
          label={t('contactEdit.status')}
          value={values.status}
          error={errors.status}
          description={savedNow('status')}
          onChange={(event) => set('status', event.currentTarget.value as ContactStatus)}
          data={CONTACT_STATUSES.map((value) => ({ value, label: labels.status(value) }))}
        />
        {fields.includes('visibility') ? (
          <NativeSelect
            label={t('contactEdit.visibility')}
            value={values.visibility}
            error={errors.visibility}
            description={savedNow('visibility') ?? t('contactEdit.visibilityHint')}
            onChange={(event) => set('visibility', event.currentTarget.value as Visibility)}
            data={VISIBILITIES.filter(
              (value) => value !== 'secretariat' || canSecret || values.visibility === value,
            ).map((value) => ({ value, label: labels.visibility(value) }))}
          />
        ) : null}
        <div aria-live="polite">
          {nothingChanged ? <Text size="sm">{t('contactEdit.nothingChanged')}</Text> : null}
          {failure ? <FormError error={failure} /> : null}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('contactEdit.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
