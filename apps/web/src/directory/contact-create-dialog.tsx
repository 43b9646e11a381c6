import { Button, Group, Modal, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { createContact, VISIBILITIES, type ContactDetail, type Organisation, type Visibility } from '../api/directory';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { FormError } from '../components/form-error';
import {
  ExpertiseInput,
  fieldErrorsFrom,
  fromPhoneDrafts,
  LanguagesInput,
  PhonesEditor,
  TimeZoneSelect,
  type PhoneDraft,
} from './contact-fields';
import { FixedOrganisation, OrganisationPicker } from './organisation-picker';
import { useDirectoryLabels } from './use-labels';

interface ContactCreateDialogProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (contact: ContactDetail) => void;
}

/** Adds a contact: the secretariat to any organisation, an organisation's admins to their own. */
export function ContactCreateDialog({ opened, onClose, onCreated }: ContactCreateDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('contactCreate.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <CreateForm onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

type Field =
  | 'organisationId'
  | 'fullName'
  | 'position'
  | 'emails'
  | 'phones'
  | 'languages'
  | 'expertise'
  | 'timeZone'
  | 'visibility';
const FIELDS: Field[] = [
  'organisationId',
  'fullName',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'timeZone',
  'visibility',
];

function CreateForm({ onClose, onCreated }: Omit<ContactCreateDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const labels = useDirectoryLabels();
  const queryClient = useQueryClient();
  const isSecretariat = hasRole(user, 'secretariat');
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [fullName, setFullName] = useState('');
  const [position, setPosition] = useState('');
  const [emails, setEmails] = useState('');
  const [phones, setPhones] = useState<PhoneDraft[]>([]);
  const [languages, setLanguages] = useState<string[]>([]);
  const [expertise, setExpertise] = useState<string[]>([]);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [visibility, setVisibility] = useState<Visibility>('network');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [phoneErrors, setPhoneErrors] = useState<Record<number, string>>({});
  const [duplicate, setDuplicate] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  const organisationId = isSecretariat ? organisation?.id : (user.organisationId ?? undefined);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setFailure(undefined);
    setDuplicate(false);
    const emailList = emails
      .split(/[\s,;]+/)
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean);
    const found: Partial<Record<Field, string>> = {};
    if (!organisationId) found.organisationId = t('contactCreate.organisationRequired');
    if (!fullName.trim()) found.fullName = t('contactEdit.fullNameRequired');
    if (emailList.length === 0) found.emails = t('contactEdit.emailRequired');
    setErrors(found);
    setPhoneErrors({});
    if (Object.keys(found).length > 0) {
      if (found.fullName) nameRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await createContact({
        organisationId: organisationId!,
        fullName: fullName.trim(),
        position: position.trim() || undefined,
        emails: emailList,
        phones: fromPhoneDrafts(phones),
        languages,
        expertise: expertise.map((item) => item.trim()).filter(Boolean),
        timeZone: timeZone ?? undefined,
        visibility,
      });
      await queryClient.invalidateQueries({ queryKey: ['directory', 'contacts', 'search'] });
      onCreated(created);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'duplicate_contact') {
        setErrors({ emails: t('contactCreate.duplicateEmail') });
        setDuplicate(true);
        return;
      }
      // Held by an entry of another organisation or one hidden from this admin: the server does not say which.
      if (error instanceof ApiError && error.code === 'address_unavailable') {
        setErrors({ emails: t('contactCreate.addressUnavailable') });
        return;
      }
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped = fieldErrorsFrom(error.details);
        const shown: Partial<Record<Field, string>> = {};
        for (const field of FIELDS) if (mapped.fields[field]) shown[field] = mapped.fields[field];
        if (Object.keys(shown).length > 0 || Object.keys(mapped.phoneRows).length > 0) {
          setErrors(shown);
          setPhoneErrors(mapped.phoneRows);
          return;
        }
      }
      setFailure(error);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <Stack gap="md">
        {isSecretariat ? (
          <OrganisationPicker
            label={t('contactCreate.organisation')}
            description={t('organisationPicker.hint')}
            required
            value={organisation}
            onChange={setOrganisation}
            error={errors.organisationId}
          />
        ) : user.organisationId ? (
          <FixedOrganisation
            label={t('contactCreate.organisation')}
            description={t('contactCreate.ownOrganisation')}
            organisationId={user.organisationId}
            error={errors.organisationId}
          />
        ) : null}
        <TextInput
          ref={nameRef}
          label={t('contactEdit.fullName')}
          required
          autoComplete="off"
          value={fullName}
          error={errors.fullName}
          onChange={(event) => setFullName(event.currentTarget.value)}
          data-autofocus
        />
        <TextInput
          label={t('contactEdit.position')}
          autoComplete="off"
          value={position}
          error={errors.position}
          onChange={(event) => setPosition(event.currentTarget.value)}
        />
        <Textarea
          label={t('contactEdit.emails')}
          description={t('contactEdit.emailsHint')}
          required
          autosize
          minRows={2}
          spellCheck={false}
          value={emails}
          error={errors.emails}
          onChange={(event) => setEmails(event.currentTarget.value)}
        />
        <PhonesEditor value={phones} onChange={setPhones} error={errors.phones} rowErrors={phoneErrors} />
        <LanguagesInput value={languages} onChange={setLanguages} error={errors.languages} />
        <ExpertiseInput value={expertise} onChange={setExpertise} error={errors.expertise} />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} error={errors.timeZone} />
        <NativeSelect
          label={t('contactEdit.visibility')}
          description={t('contactEdit.visibilityHint')}
          value={visibility}
          error={errors.visibility}
          onChange={(event) => setVisibility(event.currentTarget.value as Visibility)}
          data={VISIBILITIES.filter((value) => value !== 'secretariat' || isSecretariat).map((value) => ({
            value,
            label: labels.visibility(value),
          }))}
        />
        <div aria-live="assertive">
          {duplicate ? <FormError message={t('contactCreate.duplicate')} /> : null}
          {failure ? <FormError error={failure} /> : null}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('contactCreate.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
