import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { reauthenticate } from '../api/identity';
import { FormError } from '../components/form-error';

interface ConfirmItIsYouProps {
  intro: string;
  submitLabel: string;
  /** Asks for the authenticator code too (an account with a second factor proves both). */
  withCode: boolean;
  busy?: boolean;
  onConfirmed: () => void;
}

/**
 * The password (and authenticator code) again, for a change the server takes only from a
 * session that proved them minutes ago (`reauthentication_required`).
 */
export function ConfirmItIsYou({ intro, submitLabel, withCode, busy = false, onConfirmed }: ConfirmItIsYouProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [wrong, setWrong] = useState<'password' | 'code'>();
  const [checking, setChecking] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setError(undefined);
    setWrong(undefined);
    try {
      await reauthenticate(password, (withCode && code.trim()) || undefined);
      onConfirmed();
    } catch (err) {
      // What the person typed is judged next to the field; anything else (a lock, the network) below.
      const field =
        err instanceof ApiError && err.code === 'wrong_password'
          ? 'password'
          : err instanceof ApiError && err.code === 'invalid_code'
            ? 'code'
            : undefined;
      if (field) {
        setWrong(field);
        (field === 'password' ? passwordRef : codeRef).current?.focus();
      } else setError(err);
    } finally {
      setChecking(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text>{intro}</Text>
        <PasswordInput
          ref={passwordRef}
          label={t('reauth.password')}
          error={wrong === 'password' ? t('reauth.passwordWrong') : undefined}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          data-autofocus
        />
        {withCode ? (
          <TextInput
            ref={codeRef}
            label={t('reauth.code')}
            error={wrong === 'code' ? t('reauth.codeWrong') : undefined}
            description={t('reauth.codeHint')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            autoComplete="one-time-code"
            inputMode="numeric"
          />
        ) : null}
        {error ? <FormError error={error} /> : null}
        <Group>
          <Button type="submit" loading={checking || busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** ConfirmItIsYou in a dialog, over a screen whose step the server refused for want of a fresh proof. */
export function ConfirmItIsYouDialog({
  opened,
  onClose,
  ...form
}: ConfirmItIsYouProps & { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('reauth.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <ConfirmItIsYou {...form} />
    </Modal>
  );
}
