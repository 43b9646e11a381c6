import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { changePassword, updateProfile } from '../api/identity';
import { paths } from '../app/paths';
import { forgetSession, updateCurrentUser, useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { CheckIcon } from '../components/icons';
import { Page } from '../components/page';
import { PasswordStrength } from '../components/password-strength';

/** /account: the user's name, password and two-step verification. */
export function AccountPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Page title={t('account.title')} lead={t('account.lead', { email: user.email })}>
      <ProfileForm />
      <PasswordForm />
      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h3">
            {t('account.mfaTitle')}
          </Title>
          <Group gap="sm">
            <Badge color={user.mfaEnabled ? 'teal.9' : 'gray.7'} variant="filled">
              {t(user.mfaEnabled ? 'account.mfaOn' : 'account.mfaOff')}
            </Badge>
          </Group>
          {user.mfaEnabled ? null : (
            <Anchor component={Link} to={paths.accountMfa}>
              {t('account.mfaSetUp')}
            </Anchor>
          )}
          <Anchor component={Link} to={paths.accountSessions}>
            {t('account.sessionsLink')}
          </Anchor>
          <Anchor component={Link} to={paths.privacy}>
            {t('account.privacyLink')}
          </Anchor>
        </Stack>
      </Paper>
    </Page>
  );
}

function ProfileForm() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    setFailure(undefined);
    const value = displayName.trim();
    if (!value) {
      setError(t('invitation.displayNameRequired'));
      inputRef.current?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const me = await updateProfile({ displayName: value });
      updateCurrentUser({ displayName: me?.displayName ?? value });
      setSaved(true);
    } catch (caught) {
      const reasons = caught instanceof ApiError ? caught.reasonsFor('displayName') : [];
      if (reasons.length > 0) {
        setError(reasons.join(' '));
        inputRef.current?.focus();
      } else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="lg">
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h3">
            {t('account.profileTitle')}
          </Title>
          <TextInput
            ref={inputRef}
            name="displayName"
            label={t('invitation.displayName')}
            description={t('invitation.displayNameHint')}
            autoComplete="name"
            required
            value={displayName}
            error={error}
            onChange={(event) => {
              setDisplayName(event.currentTarget.value);
              setSaved(false);
            }}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('account.saveProfile')}
            </Button>
          </Group>
          <div aria-live="polite">
            {saved ? (
              <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
                {t('account.profileSaved')}
              </Alert>
            ) : null}
          </div>
          {failure ? <FormError error={failure} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}

interface PasswordErrors {
  currentPassword?: string;
  newPassword?: string;
  confirmation?: string;
}

function PasswordForm() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);
  const minLength = user.mfaEnabled ? 8 : 15;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const found: PasswordErrors = {
      currentPassword: currentPassword ? undefined : t('signIn.passwordRequired'),
      newPassword: [...newPassword].length >= minLength ? undefined : t('password.reason.tooShort', { min: minLength }),
      confirmation: confirmation === newPassword ? undefined : t('invitation.confirmationMismatch'),
    };
    setErrors(found);
    if (found.currentPassword) return currentRef.current?.focus();
    if (found.newPassword) return newRef.current?.focus();
    if (found.confirmation) return confirmationRef.current?.focus();
    setBusy(true);
    try {
      await changePassword({ currentPassword, newPassword });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError) {
        const wrongCurrent = caught.code === 'wrong_password' || caught.code === 'invalid_credentials';
        const fromServer: PasswordErrors = {
          currentPassword: wrongCurrent
            ? t('account.currentPasswordWrong')
            : caught.reasonsFor('currentPassword').join(' ') || undefined,
          newPassword: caught.reasonsFor('newPassword').join(' ') || undefined,
        };
        if (fromServer.currentPassword || fromServer.newPassword) {
          setErrors(fromServer);
          (fromServer.currentPassword ? currentRef : newRef).current?.focus();
          return;
        }
      }
      setFailure(caught);
      return;
    }
    // Every session, this one included, has ended on the server.
    forgetSession('passwordChanged');
    queryClient.clear();
    await navigate(paths.signIn, { replace: true });
  };

  return (
    <Paper withBorder radius="md" p="lg">
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h3">
            {t('account.passwordTitle')}
          </Title>
          <Text size="sm">{t('account.passwordNote')}</Text>
          <input type="hidden" name="username" autoComplete="username" value={user.email} readOnly />
          <PasswordInput
            ref={currentRef}
            name="currentPassword"
            label={t('account.currentPassword')}
            autoComplete="current-password"
            required
            value={currentPassword}
            error={errors.currentPassword}
            onChange={(event) => setCurrentPassword(event.currentTarget.value)}
            visibilityToggleFocusable
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
          />
          <PasswordInput
            ref={newRef}
            name="newPassword"
            label={t('account.newPassword')}
            autoComplete="new-password"
            required
            value={newPassword}
            error={errors.newPassword}
            onChange={(event) => setNewPassword(event.currentTarget.value)}
            visibilityToggleFocusable
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
          />
          <PasswordStrength
            id="new-password-strength"
            password={newPassword}
            email={user.email}
            minLength={minLength}
          />
          <PasswordInput
            ref={confirmationRef}
            name="confirmation"
            label={t('invitation.confirmation')}
            autoComplete="new-password"
            required
            value={confirmation}
            error={errors.confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            visibilityToggleFocusable
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('account.changePassword')}
            </Button>
          </Group>
          {failure ? <FormError error={failure} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
