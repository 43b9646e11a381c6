import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSystemInfo } from '../api/system';
import { InfoIcon } from '../components/icons';
import { Page } from '../components/page';

interface FieldErrors {
  email?: ParseKeys;
  password?: ParseKeys;
}

// Deliberately loose: the server decides what an address is; this only catches obvious typos.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Placeholder until the identity feature: the real form, but nothing is sent anywhere. */
export function SignInPage() {
  const { t } = useTranslation();
  const { data: systemInfo } = useSystemInfo();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = validate(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    setErrors(next);
    setSubmitted(!next.email && !next.password);
    if (next.email) emailRef.current?.focus();
    else if (next.password) passwordRef.current?.focus();
  };

  return (
    <Page title={t('signIn.title')} lead={t('signIn.lead')}>
      {systemInfo?.demo ? (
        <Alert role="note" variant="light" icon={<InfoIcon />} title={t('system.demo.title')}>
          {t('system.demo.body')}
        </Alert>
      ) : null}
      <Paper withBorder radius="md" p="lg">
        {/* noValidate: the browser's own messages would ignore the language chosen here.
            No asterisks: both fields of a sign-in form are obviously needed, and `required`
            already tells assistive technology. */}
        <form noValidate onSubmit={onSubmit}>
          <Stack gap="md">
            <TextInput
              ref={emailRef}
              name="email"
              type="email"
              label={t('signIn.email')}
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              required
              withAsterisk={false}
              error={errors.email ? t(errors.email) : undefined}
              onChange={() => setSubmitted(false)}
            />
            <PasswordInput
              ref={passwordRef}
              name="password"
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              withAsterisk={false}
              error={errors.password ? t(errors.password) : undefined}
              onChange={() => setSubmitted(false)}
              visibilityToggleFocusable
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <Button type="submit" fullWidth>
              {t('signIn.submit')}
            </Button>
            {submitted ? (
              <Alert variant="light" icon={<InfoIcon />}>
                {t('signIn.notice')}
              </Alert>
            ) : null}
          </Stack>
        </form>
      </Paper>
      <Text size="sm">{t('signIn.invitationOnly')}</Text>
    </Page>
  );
}

function validate(email: string, password: string): FieldErrors {
  const trimmed = email.trim();
  return {
    email: !trimmed ? 'signIn.emailRequired' : EMAIL_SHAPE.test(trimmed) ? undefined : 'signIn.emailInvalid',
    password: password ? undefined : 'signIn.passwordRequired',
  };
}
