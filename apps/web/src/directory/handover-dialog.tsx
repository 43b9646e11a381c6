import { Button, Group, Modal, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { colleaguesQuery, handoverContact, type ContactDetail, type HandoverResult } from '../api/directory';
import { FormError } from '../components/form-error';
import { fieldErrorsFrom } from './contact-fields';

interface HandoverDialogProps {
  contact: ContactDetail;
  /** The viewer is the contact themself (otherwise one of their organisation's admins). */
  own: boolean;
  opened: boolean;
  onClose: () => void;
  onDone: (result: HandoverResult) => void;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "I have left": the contact departs and their designations are proposed for a successor. */
export function HandoverDialog({ contact, own, opened, onClose, onDone }: HandoverDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={own ? t('handover.titleOwn') : t('handover.title', { name: contact.fullName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <HandoverForm contact={contact} own={own} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function HandoverForm({ contact, own, onClose, onDone }: Omit<HandoverDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const colleagues = useQuery(colleaguesQuery(contact));
  const [who, setWho] = useState<'colleague' | 'new'>('colleague');
  const [colleagueId, setColleagueId] = useState<string | null>(null);
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [position, setPosition] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setFailure(undefined);
    const found: Record<string, string> = {};
    if (who === 'colleague') {
      if (!colleagueId) found.colleague = t('confirm.colleagueRequired');
    } else {
      if (!fullName.trim()) found.fullName = t('confirm.successorNameRequired');
      if (!EMAIL_SHAPE.test(email.trim())) {
        found.email = t(email.trim() ? 'signIn.emailInvalid' : 'signIn.emailRequired');
      }
    }
    setErrors(found);
    if (found.fullName) return nameRef.current?.focus();
    if (found.email) return emailRef.current?.focus();
    if (found.colleague) return;
    setBusy(true);
    try {
      const result = await handoverContact(
        contact.id,
        who === 'colleague' && colleagueId
          ? { successorContactId: colleagueId, note: note.trim() || undefined }
          : {
              successor: {
                fullName: fullName.trim(),
                email: email.trim().toLowerCase(),
                position: position.trim() || undefined,
              },
              note: note.trim() || undefined,
            },
      );
      onDone(result);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped = fieldErrorsFrom(error.details, 'successor.');
        const shown: Record<string, string> = {};
        for (const field of ['fullName', 'email', 'position', 'note']) {
          if (mapped.fields[field]) shown[field] = mapped.fields[field];
        }
        if (mapped.fields.successorContactId) shown.colleague = mapped.fields.successorContactId;
        if (Object.keys(shown).length > 0) {
          setErrors(shown);
          return;
        }
      }
      setFailure(error);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <Stack gap="md">
        <Text size="sm">{own ? t('handover.bodyOwn') : t('handover.body', { name: contact.fullName })}</Text>
        <Radio.Group
          label={t('confirm.successorIs')}
          value={who}
          onChange={(value) => setWho(value === 'new' ? 'new' : 'colleague')}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="colleague" label={t('confirm.successorColleague')} />
            <Radio value="new" label={t('confirm.successorNew')} />
          </Stack>
        </Radio.Group>
        {who === 'colleague' ? (
          <Select
            label={t('confirm.colleague')}
            description={
              colleagues.data && colleagues.data.length === 0
                ? t('handover.noColleagues')
                : t('handover.colleagueHint', { organisation: contact.organisation.name })
            }
            placeholder={colleagues.isPending ? t('handover.colleaguesLoading') : undefined}
            data={(colleagues.data ?? []).map((colleague) => ({
              value: colleague.id,
              label: colleague.position
                ? t('confirm.colleagueOption', { name: colleague.fullName, position: colleague.position })
                : colleague.fullName,
            }))}
            value={colleagueId}
            onChange={setColleagueId}
            searchable
            required
            nothingFoundMessage={t('handover.noColleagueMatches')}
            error={errors.colleague}
          />
        ) : (
          <>
            <TextInput
              ref={nameRef}
              label={t('confirm.successorName')}
              required
              autoComplete="off"
              value={fullName}
              error={errors.fullName}
              onChange={(event) => setFullName(event.currentTarget.value)}
            />
            <TextInput
              ref={emailRef}
              label={t('confirm.successorEmail')}
              type="email"
              inputMode="email"
              autoComplete="off"
              spellCheck={false}
              required
              value={email}
              error={errors.email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <TextInput
              label={t('confirm.successorPosition')}
              autoComplete="off"
              value={position}
              error={errors.position}
              onChange={(event) => setPosition(event.currentTarget.value)}
            />
          </>
        )}
        <Textarea
          label={t('confirm.note')}
          description={t('confirm.noteHint')}
          autosize
          minRows={2}
          value={note}
          error={errors.note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <div aria-live="assertive">
          {failure ? <FormError error={failure} /> : null}
          {colleagues.isError ? <FormError error={colleagues.error} /> : null}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red.9" loading={busy}>
            {t('confirm.handover')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
