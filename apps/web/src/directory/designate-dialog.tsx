import { Alert, Button, Group, Modal, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { designate, mandatesQuery, type ContactDetail, type Designation } from '../api/directory';
import { FormError } from '../components/form-error';
import { InfoIcon, WarningIcon } from '../components/icons';
import { fieldErrorsFrom } from './contact-fields';
import { useDisplayNames } from './use-display-names';

interface DesignateDialogProps {
  contact: ContactDetail;
  /** False for an organisation's admins: what they send is a proposal for the secretariat to approve. */
  decides: boolean;
  opened: boolean;
  onClose: () => void;
  onDone: (designation: Designation) => void;
}

/** Designates (the secretariat) or proposes (an organisation's admins) the contact as a point of contact. */
export function DesignateDialog({ contact, decides, opened, onClose, onDone }: DesignateDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(decides ? 'designate.title' : 'designate.titlePropose', { name: contact.fullName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <DesignateForm contact={contact} decides={decides} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

type Field = 'mandateCode' | 'role' | 'scope' | 'validFrom' | 'validTo' | 'nominatingAuthority' | 'note';

/** Today in the browser's time zone, as YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const OVERLAP_ID = /designation is ([0-9a-f-]{36})/i;

function DesignateForm({ contact, decides, onClose, onDone }: Omit<DesignateDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const mandates = useQuery(mandatesQuery);
  const [mandateCode, setMandateCode] = useState('');
  const [role, setRole] = useState<'primary' | 'deputy'>('primary');
  const [scope, setScope] = useState<'national' | 'organisational'>(
    contact.countryCode ? 'national' : 'organisational',
  );
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const [nominatingAuthority, setNominatingAuthority] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [overlapId, setOverlapId] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const send = async (replacesId?: string) => {
    setFailure(undefined);
    const found: Partial<Record<Field, string>> = {};
    if (!mandateCode) found.mandateCode = t('designate.mandateRequired');
    if (nominatingAuthority.trim().length < 3) found.nominatingAuthority = t('designate.authorityRequired');
    if (validTo && validFrom && validTo < validFrom) found.validTo = t('designate.validToBeforeFrom');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await designate({
        contactId: contact.id,
        mandateCode,
        role,
        scope,
        countryCode: scope === 'national' ? (contact.countryCode ?? undefined) : undefined,
        organisationId: scope === 'organisational' ? contact.organisation.id : undefined,
        validFrom: validFrom || undefined,
        validTo: validTo || undefined,
        nominatingAuthority: nominatingAuthority.trim(),
        note: note.trim() || undefined,
        replacesId,
      });
      onDone(created);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'designation_overlap') {
        const reason = error.details[0]?.reasons[0] ?? '';
        setOverlapId(OVERLAP_ID.exec(reason)?.[1]);
        if (!OVERLAP_ID.test(reason)) setFailure(error);
        return;
      }
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped = fieldErrorsFrom(error.details);
        const shown: Partial<Record<Field, string>> = {};
        for (const field of [
          'mandateCode',
          'role',
          'scope',
          'validFrom',
          'validTo',
          'nominatingAuthority',
          'note',
        ] as const)
          if (mapped.fields[field]) shown[field] = mapped.fields[field];
        const scopeReasons = [mapped.fields.countryCode, mapped.fields.organisationId].filter(Boolean).join(' ');
        if (scopeReasons) shown.scope = scopeReasons;
        if (Object.keys(shown).length > 0) {
          setErrors(shown);
          return;
        }
      }
      setFailure(error);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setOverlapId(undefined);
    void send();
  };

  const mandateOptions = (mandates.data ?? []).filter((mandate) => mandate.active);

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="md">
        {!decides ? (
          <Alert color="blue" variant="light" icon={<InfoIcon />}>
            <Text size="sm">{t('designate.proposalNote')}</Text>
          </Alert>
        ) : null}
        <NativeSelect
          label={t('designate.mandate')}
          required
          value={mandateCode}
          error={errors.mandateCode}
          onChange={(event) => setMandateCode(event.currentTarget.value)}
          data={[
            { value: '', label: t('designate.chooseMandate') },
            ...mandateOptions.map((mandate) => ({ value: mandate.code, label: mandate.name })),
          ]}
          data-autofocus
        />
        <Radio.Group
          label={t('designate.role')}
          value={role}
          error={errors.role}
          onChange={(value) => setRole(value === 'deputy' ? 'deputy' : 'primary')}
        >
          <Group gap="lg" mt="xs">
            <Radio value="primary" label={t('directoryValues.role.primary')} />
            <Radio value="deputy" label={t('directoryValues.role.deputy')} />
          </Group>
        </Radio.Group>
        <Radio.Group
          label={t('designate.scope')}
          value={scope}
          error={errors.scope}
          onChange={(value) => setScope(value === 'organisational' ? 'organisational' : 'national')}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="national"
              disabled={!contact.countryCode}
              label={t('designate.scopeNational', { country: names.country(contact.countryCode) })}
            />
            <Radio
              value="organisational"
              label={t('designate.scopeOrganisational', { organisation: contact.organisation.name })}
            />
          </Stack>
        </Radio.Group>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('designate.validFrom')}
            value={validFrom}
            error={errors.validFrom}
            onChange={(event) => setValidFrom(event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('designate.validTo')}
            description={t('designate.validToHint')}
            value={validTo}
            error={errors.validTo}
            onChange={(event) => setValidTo(event.currentTarget.value)}
          />
        </Group>
        <TextInput
          label={t('designate.nominatingAuthority')}
          description={t('designate.nominatingAuthorityHint')}
          required
          autoComplete="off"
          value={nominatingAuthority}
          error={errors.nominatingAuthority}
          onChange={(event) => setNominatingAuthority(event.currentTarget.value)}
        />
        <Textarea
          label={t('designate.note')}
          autosize
          minRows={2}
          value={note}
          error={errors.note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <div aria-live="assertive">
          {overlapId ? (
            <Alert role="alert" color="orange" variant="light" icon={<WarningIcon />}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm" fw={700}>
                  {t('designate.overlapTitle')}
                </Text>
                <Text size="sm">{t('designate.overlapBody')}</Text>
                <Button size="sm" loading={busy} onClick={() => void send(overlapId)}>
                  {t('designate.replace')}
                </Button>
              </Stack>
            </Alert>
          ) : null}
          {failure ? <FormError error={failure} /> : null}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy && !overlapId}>
            {t(decides ? 'designate.submit' : 'designate.submitPropose')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
