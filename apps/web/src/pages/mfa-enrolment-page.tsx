import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Code,
  Group,
  Image,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { confirmMfa, enrolMfaQuery } from '../api/identity';
import { paths } from '../app/paths';
import { ConfirmItIsYouDialog } from '../auth/confirm-it-is-you';
import { renewSession, updateCurrentUser, useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { CheckIcon, InfoIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';

/** /account/mfa: sets up an authenticator app, then shows the recovery codes once. */
export function MfaEnrolmentPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  // Captured once: after confirming, the user object changes but the page should not.
  const [wasRequired] = useState(user.mfaEnrollmentRequired);

  if (recoveryCodes) {
    return (
      <Page title={t('mfa.title')} lead={t('mfa.codesLead')}>
        <RecoveryCodes
          codes={recoveryCodes}
          email={user.email}
          destination={wasRequired ? paths.directory : paths.account}
        />
      </Page>
    );
  }
  if (user.mfaEnabled) {
    return (
      <Page title={t('mfa.title')}>
        <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
          {t('mfa.alreadyOn')}
        </Alert>
        <Anchor component={Link} to={paths.account}>
          {t('mfa.backToAccount')}
        </Anchor>
      </Page>
    );
  }
  return (
    <Page title={t('mfa.title')} lead={t('mfa.lead')}>
      {wasRequired ? (
        <Alert role="status" variant="light" icon={<InfoIcon />}>
          {t('mfa.required')}
        </Alert>
      ) : null}
      <Enrolment userId={user.id} onConfirmed={setRecoveryCodes} />
    </Page>
  );
}

const needsPassword = (error: unknown) => error instanceof ApiError && error.code === 'reauthentication_required';

function Enrolment({ userId, onConfirmed }: { userId: string; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const enrolment = useQuery(enrolMfaQuery(userId));
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The server binds a second factor only after a recent proof of the password: asked here when
  // the session's is too old (a set-up started long after signing in), then the step is retried.
  const [awaitingProof, setAwaitingProof] = useState(false);
  const [dialogOpened, setDialogOpened] = useState(true);
  const codeRef = useRef<HTMLInputElement>(null);
  const proofDialog = (retry: () => void) => (
    <ConfirmItIsYouDialog
      opened={dialogOpened}
      onClose={() => setDialogOpened(false)}
      intro={t('mfa.confirmIntro')}
      submitLabel={t('mfa.confirmAndContinue')}
      withCode={false}
      onConfirmed={() => {
        setDialogOpened(false);
        retry();
      }}
    />
  );

  if (enrolment.isPending) return <PageLoader label={t('mfa.preparing')} />;
  if (enrolment.isError && needsPassword(enrolment.error)) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{t('mfa.confirmIntro')}</Text>
        <Button onClick={() => setDialogOpened(true)}>{t('reauth.title')}</Button>
        {proofDialog(() => void enrolment.refetch())}
      </Stack>
    );
  }
  if (enrolment.isError) {
    return (
      <QueryError error={enrolment.error} retrying={enrolment.isFetching} onRetry={() => void enrolment.refetch()} />
    );
  }
  const { secret, qrDataUrl } = enrolment.data;

  const onSubmit = async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    setFailure(undefined);
    const value = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(value)) {
      setCodeError(t('mfaChallenge.codeShape'));
      codeRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    setBusy(true);
    try {
      const { recoveryCodes } = await confirmMfa(value);
      onConfirmed(recoveryCodes);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'invalid_code') {
        setCodeError(t('mfa.invalidCode'));
        codeRef.current?.focus();
        return;
      }
      if (needsPassword(error)) {
        setAwaitingProof(true);
        setDialogOpened(true);
        return;
      }
      setFailure(error);
    }
  };

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('mfa.step1')}
          </Title>
          <Text size="sm">{t('mfa.scan')}</Text>
          <Image src={qrDataUrl} alt={t('mfa.qrAlt')} w={200} h={200} fit="contain" />
          <Text size="sm" id="mfa-secret-label">
            {t('mfa.manual')}
          </Text>
          <Code id="mfa-secret" block fz="md">
            {groupSecret(secret)}
          </Code>
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <form noValidate onSubmit={(event) => void onSubmit(event)}>
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('mfa.step2')}
            </Title>
            <TextInput
              ref={codeRef}
              name="code"
              label={t('mfaChallenge.codeLabel')}
              description={t('mfa.codeHint')}
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={6}
              required
              value={code}
              error={codeError}
              onChange={(event) => setCode(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('mfa.confirm')}
            </Button>
            {failure ? <FormError error={failure} /> : null}
          </Stack>
        </form>
      </Paper>
      {awaitingProof
        ? proofDialog(() => {
            setAwaitingProof(false);
            void onSubmit();
          })
        : null}
    </SimpleGrid>
  );
}

/** Groups of four are easier to type into an app by hand; apps ignore the spaces. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function RecoveryCodes({ codes, email, destination }: { codes: string[]; email: string; destination: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [saved, setSaved] = useState(false);
  const [savedError, setSavedError] = useState(false);
  const [copied, setCopied] = useState<'ok' | 'failed'>();
  const [busy, setBusy] = useState(false);
  const text = codes.join('\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };

  const download = () => {
    const content = `${t('mfa.fileHeading', { email })}\n\n${text}\n`;
    const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'liaison-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const finish = async () => {
    if (!saved) {
      setSavedError(true);
      return;
    }
    setBusy(true);
    updateCurrentUser({ mfaEnabled: true, mfaEnrollmentRequired: false });
    // A fresh token, in case the old one still said that enrolment was pending.
    await renewSession();
    await navigate(destination, { replace: true });
  };

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Alert color="green" variant="light" icon={<CheckIcon />} role="status">
          {t('mfa.enabled')}
        </Alert>
        <Title order={2} size="h3">
          {t('mfa.codesTitle')}
        </Title>
        <Text size="sm">{t('mfa.codesBody')}</Text>
        <List type="ordered" spacing={4} aria-label={t('mfa.codesTitle')} data-testid="recovery-codes">
          {codes.map((code) => (
            <List.Item key={code}>
              <Code fz="md">{code}</Code>
            </List.Item>
          ))}
        </List>
        <Group gap="sm">
          <Button variant="default" onClick={() => void copy()}>
            {t('mfa.copy')}
          </Button>
          <Button variant="default" onClick={download}>
            {t('mfa.download')}
          </Button>
        </Group>
        <div aria-live="polite">
          {copied ? (
            <Text size="sm" c={copied === 'ok' ? 'teal.9' : 'red.9'}>
              {t(copied === 'ok' ? 'mfa.copied' : 'mfa.copyFailed')}
            </Text>
          ) : null}
        </div>
        <Checkbox
          label={t('mfa.savedCheckbox')}
          checked={saved}
          error={savedError && !saved ? t('mfa.savedRequired') : undefined}
          onChange={(event) => {
            setSaved(event.currentTarget.checked);
            setSavedError(false);
          }}
        />
        <Group>
          <Button onClick={() => void finish()} loading={busy}>
            {t('mfa.continue')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
