import { Alert, Anchor, Button, List, Paper, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { ParseKeys, TFunction } from 'i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { errorMessageKey } from '../api/error-message';
import { useSystemInfo, type SystemInfo } from '../api/system';
import { SessionLoader } from '../app/require-session';
import { landingPath, safeNextPath } from '../auth/next-path';
import { signIn, useSession, verifyMfa, type SignedOutReason } from '../auth/session';
import { FormError } from '../components/form-error';
import { InfoIcon } from '../components/icons';
import { Page } from '../components/page';

interface FieldErrors {
  email?: ParseKeys;
  password?: ParseKeys;
}

// Deliberately loose: the server decides what an address is; this only catches obvious typos.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Other pages (the invitation) may hand over an MFA challenge they started. */
export interface SignInLocationState {
  mfaToken?: string;
}

export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const location = useLocation();
  const next = safeNextPath(params.get('next'));
  const handedOver = (location.state as SignInLocationState | null)?.mfaToken;
  const [mfaToken, setMfaToken] = useState<string | undefined>(handedOver);
  const [expiredChallenge, setExpiredChallenge] = useState(false);

  if (session.status === 'loading') return <SessionLoader />;
  if (session.status === 'signedIn') return <Navigate to={landingPath(session.user, next)} replace />;
  if (mfaToken) {
    return (
      <MfaChallengeStep
        mfaToken={mfaToken}
        onExpired={() => {
          setMfaToken(undefined);
          setExpiredChallenge(true);
        }}
        onBack={() => setMfaToken(undefined)}
      />
    );
  }
  return <PasswordStep reason={session.reason} expiredChallenge={expiredChallenge} onMfa={setMfaToken} />;
}

const NOTICES: Partial<Record<SignedOutReason, ParseKeys>> = {
  expired: 'signIn.notice.expired',
  passwordChanged: 'signIn.notice.passwordChanged',
  signedOut: 'signIn.notice.signedOut',
};

function PasswordStep({
  reason,
  expiredChallenge,
  onMfa,
}: {
  reason: SignedOutReason;
  expiredChallenge: boolean;
  onMfa: (token: string) => void;
}) {
  const { t } = useTranslation();
  const { data: systemInfo } = useSystemInfo();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const notice = expiredChallenge ? 'signIn.notice.challengeExpired' : NOTICES[reason];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(email, password);
    setErrors(found);
    setFailure(undefined);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    setBusy(true);
    try {
      const result = await signIn(email.trim(), password);
      // A signed-in session re-renders this page into a redirect; only the challenge needs us.
      if (result.kind === 'mfa') onMfa(result.mfaToken);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <Page title={t('signIn.title')} lead={t('signIn.lead')}>
      {notice ? (
        <Alert role="status" variant="light" icon={<InfoIcon />}>
          {t(notice)}
        </Alert>
      ) : null}
      {systemInfo?.demo ? (
        <DemoNotice
          systemInfo={systemInfo}
          onPick={(account) => {
            setEmail(account);
            if (systemInfo.demoSignIn) setPassword(systemInfo.demoSignIn.password);
            setErrors({});
          }}
        />
      ) : null}
      <Paper withBorder radius="md" p="lg">
        {/* noValidate: the browser's own messages would ignore the language chosen here.
            No asterisks: both fields of a sign-in form are obviously needed, and `required`
            already tells assistive technology. */}
        <form noValidate onSubmit={(event) => void onSubmit(event)}>
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
              value={email}
              error={errors.email ? t(errors.email) : undefined}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <PasswordInput
              ref={passwordRef}
              name="password"
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={password}
              error={errors.password ? t(errors.password) : undefined}
              onChange={(event) => setPassword(event.currentTarget.value)}
              visibilityToggleFocusable
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <Button type="submit" fullWidth loading={busy}>
              {t('signIn.submit')}
            </Button>
            {failure ? <FormError error={failure} message={signInFailureMessage(t, failure)} /> : null}
          </Stack>
        </form>
      </Paper>
      <Text size="sm">{t('signIn.invitationOnly')}</Text>
    </Page>
  );
}

function DemoNotice({ systemInfo, onPick }: { systemInfo: SystemInfo; onPick: (email: string) => void }) {
  const { t } = useTranslation();
  const demo = systemInfo.demoSignIn;
  return (
    <Alert role="note" variant="light" icon={<InfoIcon />} title={t('system.demo.title')}>
      <Stack gap="xs">
        <Text size="sm">{t('system.demo.body')}</Text>
        {demo && demo.accounts.length > 0 ? (
          <>
            <Text size="sm">{t('signIn.demo.accounts', { password: demo.password })}</Text>
            <List size="sm" spacing={4}>
              {demo.accounts.map((account) => (
                <List.Item key={account.email}>
                  <Anchor component="button" type="button" size="sm" onClick={() => onPick(account.email)}>
                    {account.email}
                  </Anchor>{' '}
                  ({account.displayName}, {roleLabel(t, account.role)})
                </List.Item>
              ))}
            </List>
          </>
        ) : null}
        {systemInfo.mfaRelaxedInDemo ? <Text size="sm">{t('signIn.demo.mfaRelaxed')}</Text> : null}
      </Stack>
    </Alert>
  );
}

function roleLabel(t: TFunction, role: string): string {
  if (role === 'secretariat' || role === 'org_admin' || role === 'member') return t(`roles.${role}`);
  return role;
}

function MfaChallengeStep({
  mfaToken,
  onExpired,
  onBack,
}: {
  mfaToken: string;
  onExpired: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    codeRef.current?.focus();
  }, [useRecovery]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const value = useRecovery ? code.trim().toLowerCase() : code.replace(/\s/g, '');
    const shapeOk = useRecovery ? value.length >= 6 : /^\d{6}$/.test(value);
    if (!shapeOk) {
      setFieldError(t(useRecovery ? 'mfaChallenge.recoveryShape' : 'mfaChallenge.codeShape'));
      codeRef.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await verifyMfa(mfaToken, value);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'mfa_token_expired') return onExpired();
      if (error instanceof ApiError && error.code === 'invalid_code') {
        setFieldError(t(useRecovery ? 'mfaChallenge.invalidRecovery' : 'mfaChallenge.invalidCode'));
        codeRef.current?.focus();
        return;
      }
      setFailure(error);
    }
  };

  return (
    <Page title={t('mfaChallenge.title')} lead={t(useRecovery ? 'mfaChallenge.leadRecovery' : 'mfaChallenge.lead')}>
      <Paper withBorder radius="md" p="lg">
        <form noValidate onSubmit={(event) => void onSubmit(event)}>
          <Stack gap="md">
            {useRecovery ? (
              <TextInput
                key="recovery"
                ref={codeRef}
                name="recoveryCode"
                label={t('mfaChallenge.recoveryLabel')}
                description={t('mfaChallenge.recoveryHint')}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="none"
                required
                withAsterisk={false}
                value={code}
                error={fieldError}
                onChange={(event) => setCode(event.currentTarget.value)}
              />
            ) : (
              <TextInput
                key="totp"
                ref={codeRef}
                name="code"
                label={t('mfaChallenge.codeLabel')}
                autoComplete="one-time-code"
                inputMode="numeric"
                pattern="[0-9]*"
                maxLength={6}
                required
                withAsterisk={false}
                value={code}
                error={fieldError}
                onChange={(event) => setCode(event.currentTarget.value)}
              />
            )}
            <Switch
              label={t('mfaChallenge.useRecovery')}
              checked={useRecovery}
              onChange={(event) => {
                setUseRecovery(event.currentTarget.checked);
                setCode('');
                setFieldError(undefined);
              }}
            />
            <Button type="submit" fullWidth loading={busy}>
              {t('mfaChallenge.submit')}
            </Button>
            {failure ? <FormError error={failure} message={signInFailureMessage(t, failure)} /> : null}
            <Anchor component="button" type="button" size="sm" onClick={onBack}>
              {t('mfaChallenge.back')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}

function signInFailureMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return t('signIn.invalidCredentials');
    if (error.statusCode === 429) {
      const seconds = error.retryAfterSeconds;
      return seconds === undefined
        ? t('signIn.tooManyAttemptsLater')
        : t('signIn.tooManyAttempts', { count: Math.max(1, Math.ceil(seconds / 60)) });
    }
  }
  return t(errorMessageKey(error));
}

function validate(email: string, password: string): FieldErrors {
  const trimmed = email.trim();
  return {
    email: !trimmed ? 'signIn.emailRequired' : EMAIL_SHAPE.test(trimmed) ? undefined : 'signIn.emailInvalid',
    password: password ? undefined : 'signIn.passwordRequired',
  };
}
