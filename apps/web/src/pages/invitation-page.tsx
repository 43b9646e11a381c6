import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ParseKeys } from 'i18next';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { acceptInvitation, inspectInvitationQuery, type InvitationSummary } from '../api/identity';
import { paths } from '../app/paths';
import { landingPath } from '../auth/next-path';
import { signIn } from '../auth/session';
import { FormError } from '../components/form-error';
import { InfoIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { PasswordStrength } from '../components/password-strength';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import type { SignInLocationState } from './sign-in-page';

// New accounts have no second factor yet, so the stricter length applies.
const NEW_USER_MIN_LENGTH = 15;

/** The token travels in the fragment (#token=…), which browsers never send to a server. */
function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token || undefined;
}

export function InvitationPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const inspection = useQuery({ ...inspectInvitationQuery(token ?? ''), enabled: token !== undefined });

  if (!token) return <InvitationProblem kind="invitation_not_found" />;
  if (inspection.isPending) return <PageLoader label={t('invitation.checking')} />;
  if (inspection.isError) {
    const error = inspection.error;
    if (error instanceof ApiError && (error.statusCode === 404 || error.statusCode === 410)) {
      return <InvitationProblem kind={error.code ?? (error.statusCode === 404 ? 'invitation_not_found' : '')} />;
    }
    return (
      <Page title={t('invitation.title')}>
        <QueryError error={error} retrying={inspection.isFetching} onRetry={() => void inspection.refetch()} />
      </Page>
    );
  }
  return <AcceptForm token={token} invitation={inspection.data} />;
}

const PROBLEMS: Record<string, { title: ParseKeys; body: ParseKeys }> = {
  invitation_not_found: { title: 'invitation.notFound.title', body: 'invitation.notFound.body' },
  invitation_expired: { title: 'invitation.expired.title', body: 'invitation.expired.body' },
  invitation_used: { title: 'invitation.used.title', body: 'invitation.used.body' },
};

function InvitationProblem({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const problem = PROBLEMS[kind] ?? { title: 'invitation.gone.title', body: 'invitation.gone.body' };
  return (
    <Page title={t(problem.title)}>
      <Alert color="orange" variant="light" icon={<WarningIcon />}>
        {t(problem.body)}
      </Alert>
      <Text size="sm">{t('invitation.whoToAsk')}</Text>
      <Anchor component={Link} to={paths.signIn}>
        {t('invitation.toSignIn')}
      </Anchor>
    </Page>
  );
}

interface FieldErrors {
  displayName?: string;
  password?: string;
  confirmation?: string;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useDateFormat();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const found: FieldErrors = {
      displayName: displayName.trim() ? undefined : t('invitation.displayNameRequired'),
      password:
        [...password].length >= NEW_USER_MIN_LENGTH
          ? undefined
          : t('password.reason.tooShort', { min: NEW_USER_MIN_LENGTH }),
      confirmation: confirmation === password ? undefined : t('invitation.confirmationMismatch'),
    };
    setErrors(found);
    if (found.displayName) return nameRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    if (found.confirmation) return confirmationRef.current?.focus();

    setBusy(true);
    try {
      await acceptInvitation({ token, password, displayName: displayName.trim() });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.statusCode === 400 && error.details.length > 0) {
        const fromServer: FieldErrors = {
          displayName: error.reasonsFor('displayName').join(' ') || undefined,
          password: error.reasonsFor('password').join(' ') || undefined,
        };
        setErrors(fromServer);
        if (fromServer.displayName) nameRef.current?.focus();
        else if (fromServer.password) passwordRef.current?.focus();
        if (fromServer.displayName || fromServer.password) return;
      }
      setFailure(error);
      return;
    }
    // The account exists; signing in with what was just typed saves the user a step.
    try {
      const result = await signIn(invitation.email, password);
      if (result.kind === 'mfa') {
        const state: SignInLocationState = { mfaToken: result.mfaToken };
        await navigate(paths.signIn, { replace: true, state });
      } else {
        await navigate(landingPath(result.user, undefined), { replace: true });
      }
    } catch {
      await navigate(paths.signIn, { replace: true });
    }
  };

  return (
    <Page title={t('invitation.title')} lead={t('invitation.lead')}>
      <Alert role="note" variant="light" icon={<InfoIcon />}>
        <Text size="sm">{t('invitation.for', { email: invitation.email })}</Text>
        <Text size="sm">
          {t('invitation.roleAndExpiry', {
            role: t(`roles.${invitation.role}`),
            date: format.dateTime(invitation.expiresAt),
          })}
        </Text>
      </Alert>
      <Paper withBorder radius="md" p="lg">
        <form noValidate onSubmit={(event) => void onSubmit(event)}>
          <Stack gap="md">
            {/* Lets password managers store the new password under the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={invitation.email} readOnly />
            <TextInput
              ref={nameRef}
              name="displayName"
              label={t('invitation.displayName')}
              description={t('invitation.displayNameHint')}
              autoComplete="name"
              required
              value={displayName}
              error={errors.displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
            />
            <PasswordInput
              ref={passwordRef}
              name="password"
              label={t('invitation.password')}
              autoComplete="new-password"
              required
              value={password}
              error={errors.password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              visibilityToggleFocusable
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <PasswordStrength
              id="password-strength"
              password={password}
              email={invitation.email}
              minLength={NEW_USER_MIN_LENGTH}
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
            <Button type="submit" fullWidth loading={busy}>
              {t('invitation.submit')}
            </Button>
            {failure ? <FormError error={failure} /> : null}
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
