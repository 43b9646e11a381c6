import { Select, type SelectProps, Textarea, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Successor } from '../api/directory';
import { fieldErrorsFrom } from './contact-fields';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What a handover names: a colleague already in the directory, or a new person. */
export interface HandoverInput {
  successorContactId?: string;
  successor?: Successor;
  note?: string;
}

export interface Colleague {
  id: string;
  fullName: string;
  position: string | null;
}

/**
 * The state of a "hand over to…" form (the signed-in dialog and the e-mail link's page share it):
 * checks the fields, sends the handover, and shows the server's field reasons under the fields.
 */
export function useSuccessorForm(initialWho: 'colleague' | 'new', send: (input: HandoverInput) => Promise<void>) {
  const { t } = useTranslation();
  const [who, setWho] = useState(initialWho);
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
      await send(
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

  return {
    who,
    setWho,
    colleagueId,
    setColleagueId,
    fullName,
    setFullName,
    email,
    setEmail,
    position,
    setPosition,
    note,
    setNote,
    errors,
    failure,
    busy,
    nameRef,
    emailRef,
    onSubmit,
  };
}

export type SuccessorForm = ReturnType<typeof useSuccessorForm>;

/** The successor's fields: a colleague picker, or a new person's name, e-mail and position; then a note. */
export function SuccessorFields({
  form,
  colleagues,
  colleagueSelect,
  autoFocusName = false,
}: {
  form: SuccessorForm;
  colleagues: Colleague[];
  colleagueSelect?: Partial<SelectProps>;
  autoFocusName?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {form.who === 'colleague' ? (
        <Select
          label={t('confirm.colleague')}
          data={colleagues.map((colleague) => ({
            value: colleague.id,
            label: colleague.position
              ? t('confirm.colleagueOption', { name: colleague.fullName, position: colleague.position })
              : colleague.fullName,
          }))}
          value={form.colleagueId}
          onChange={form.setColleagueId}
          searchable
          error={form.errors.colleague}
          {...colleagueSelect}
        />
      ) : (
        <>
          <TextInput
            ref={form.nameRef}
            label={t('confirm.successorName')}
            required
            autoComplete="off"
            value={form.fullName}
            error={form.errors.fullName}
            onChange={(event) => form.setFullName(event.currentTarget.value)}
            data-autofocus={autoFocusName || undefined}
          />
          <TextInput
            ref={form.emailRef}
            label={t('confirm.successorEmail')}
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            required
            value={form.email}
            error={form.errors.email}
            onChange={(event) => form.setEmail(event.currentTarget.value)}
          />
          <TextInput
            label={t('confirm.successorPosition')}
            autoComplete="off"
            value={form.position}
            error={form.errors.position}
            onChange={(event) => form.setPosition(event.currentTarget.value)}
          />
        </>
      )}
      <Textarea
        label={t('confirm.note')}
        description={t('confirm.noteHint')}
        autosize
        minRows={2}
        value={form.note}
        error={form.errors.note}
        onChange={(event) => form.setNote(event.currentTarget.value)}
      />
    </>
  );
}
