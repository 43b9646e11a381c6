import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { E2eeError, newRecoveryKey } from '@liaison/e2ee';
import { ApiError } from '../api/client';
import { ConfirmItIsYou } from '../auth/confirm-it-is-you';
import { useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { KeyIcon, WarningIcon } from '../components/icons';
import { PageLoader } from '../components/page-loader';
import { type DeviceStatus, freshlyAuthenticated, loadDevice, restoreDevice, setUpDevice, useDevice } from './device';

export type ReadyDevice = Extract<DeviceStatus, { status: 'ready' }>;

/**
 * Shows its children only once this browser is one of the person's devices; otherwise walks
 * them through setting up (the 24 recovery words, checked, then their password again before the
 * identity key is published) or restoring this browser from the backup with the words.
 */
export function EncryptionGate({ children }: { children: (device: ReadyDevice) => ReactNode }) {
  const user = useCurrentUser();
  const device = useDevice();
  const { t } = useTranslation();
  const [resetting, setResetting] = useState(false);
  useEffect(() => {
    void loadDevice(user.id);
  }, [user.id]);

  if (device.status === 'loading') return <PageLoader label={t('e2ee.loading')} />;
  if (device.status === 'error')
    return (
      <Stack>
        <FormError message={t('e2ee.loadFailed')} />
        <Group>
          <Button onClick={() => void loadDevice(user.id, true)}>{t('e2ee.retry')}</Button>
        </Group>
      </Stack>
    );
  if (device.status === 'setup' || (resetting && device.status !== 'ready'))
    return <SetUp userId={user.id} reset={resetting} />;
  if (device.status === 'restore')
    return <Restore userId={user.id} reason={device.reason} onReset={() => setResetting(true)} />;
  return (
    <>
      {device.foreign > 0 ? (
        <Alert color="red" variant="light" icon={<WarningIcon />} role="alert" title={t('e2ee.foreignTitle')} mb="md">
          {t('e2ee.foreignBody', { count: device.foreign })}
        </Alert>
      ) : null}
      {children(device)}
    </>
  );
}

type Step =
  | { at: 'intro' }
  | { at: 'words'; recovery: { key: Uint8Array; words: string[] } }
  | { at: 'check'; recovery: { key: Uint8Array; words: string[] }; asked: number[] }
  | { at: 'confirm'; recovery: { key: Uint8Array; words: string[] } };

function pickThree(): number[] {
  const picked = new Set<number>();
  const random = new Uint32Array(8);
  crypto.getRandomValues(random);
  for (const r of random) {
    if (picked.size === 3) break;
    picked.add(r % 24);
  }
  while (picked.size < 3) picked.add(picked.size * 7);
  return [...picked].sort((a, b) => a - b);
}

function SetUp({ userId, reset }: { userId: string; reset: boolean }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ at: 'intro' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  /** Publishes the keys: the password is asked first unless the session proved it minutes ago. */
  const finish = async (recovery: { key: Uint8Array; words: string[] }) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!(await freshlyAuthenticated())) return setStep({ at: 'confirm', recovery });
      await setUpDevice(userId, recovery);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'reauthentication_required') setStep({ at: 'confirm', recovery });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw="48rem">
      <Stack>
        <Group gap="xs">
          <KeyIcon />
          <Title order={2}>{t(reset ? 'e2ee.resetTitle' : 'e2ee.setupTitle')}</Title>
        </Group>
        {step.at === 'intro' ? (
          <>
            <Text>{t('e2ee.setupIntro')}</Text>
            {reset ? (
              <Alert color="orange" variant="light">
                {t('e2ee.resetWarning')}
              </Alert>
            ) : null}
            <Group>
              <Button onClick={() => setStep({ at: 'words', recovery: newRecoveryKey() })}>
                {t('e2ee.createKeys')}
              </Button>
            </Group>
          </>
        ) : null}
        {step.at === 'words' ? (
          <>
            <Text>{t('e2ee.wordsIntro')}</Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }} component="ol" aria-label={t('e2ee.wordsLabel')} p={0} m={0}>
              {step.recovery.words.map((word, i) => (
                <Text key={i} component="li" ff="monospace" style={{ listStyle: 'none' }} data-testid="recovery-word">
                  {i + 1}. {word}
                </Text>
              ))}
            </SimpleGrid>
            <Alert color="blue" variant="light">
              {t('e2ee.wordsWarning')}
            </Alert>
            <Group>
              <Button onClick={() => setStep({ at: 'check', recovery: step.recovery, asked: pickThree() })}>
                {t('e2ee.wroteThemDown')}
              </Button>
            </Group>
          </>
        ) : null}
        {step.at === 'check' ? (
          <CheckWords
            words={step.recovery.words}
            asked={step.asked}
            busy={busy}
            onBack={() => setStep({ at: 'words', recovery: step.recovery })}
            onDone={() => void finish(step.recovery)}
          />
        ) : null}
        {step.at === 'confirm' ? (
          <ConfirmItIsYou
            intro={t('e2ee.confirmIntro')}
            submitLabel={t('e2ee.confirmAndFinish')}
            withCode
            busy={busy}
            onConfirmed={() => void finish(step.recovery)}
          />
        ) : null}
        {error ? <FormError error={error} /> : null}
      </Stack>
    </Paper>
  );
}

function CheckWords({
  words,
  asked,
  busy,
  onBack,
  onDone,
}: {
  words: string[];
  asked: number[];
  busy: boolean;
  onBack: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [wrong, setWrong] = useState<number[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const mistakes = asked.filter((i) => (answers[i] ?? '').trim().toLowerCase() !== words[i]);
    setWrong(mistakes);
    if (mistakes.length === 0) onDone();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('e2ee.checkIntro')}</Text>
        {asked.map((i) => (
          <TextInput
            key={i}
            label={t('e2ee.wordNumber', { number: i + 1 })}
            value={answers[i] ?? ''}
            onChange={(e) => setAnswers({ ...answers, [i]: e.currentTarget.value })}
            error={wrong.includes(i) ? t('e2ee.wordWrong') : undefined}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        ))}
        <Group>
          <Button variant="default" onClick={onBack}>
            {t('e2ee.showWordsAgain')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('e2ee.finishSetup')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Restore({
  userId,
  reason,
  onReset,
}: {
  userId: string;
  reason: 'new_device' | 'changed_elsewhere';
  onReset: () => void;
}) {
  const { t } = useTranslation();
  const [words, setWords] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const count = useMemo(() => words.trim().split(/\s+/).filter(Boolean).length, [words]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFailure(undefined);
    try {
      await restoreDevice(userId, words);
    } catch (err) {
      if (err instanceof E2eeError)
        setError(
          t(
            err.reason === 'recovery_words_invalid'
              ? 'e2ee.wordsInvalid'
              : err.reason === 'backup_wrong_key'
                ? 'e2ee.wordsDoNotOpen'
                : 'e2ee.backupDamaged',
          ),
        );
      else setFailure(err);
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="lg" maw="48rem">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Group gap="xs">
            <KeyIcon />
            <Title order={2}>{t('e2ee.restoreTitle')}</Title>
          </Group>
          <Text>{t(reason === 'new_device' ? 'e2ee.restoreNewDevice' : 'e2ee.restoreChanged')}</Text>
          <Textarea
            label={t('e2ee.recoveryWords')}
            description={t('e2ee.wordsCount', { count })}
            value={words}
            onChange={(e) => setWords(e.currentTarget.value)}
            autosize
            minRows={3}
            autoComplete="off"
            spellCheck={false}
          />
          {error ? <FormError message={error} /> : null}
          {failure ? <FormError error={failure} /> : null}
          <Group>
            <Button type="submit" loading={busy}>
              {t('e2ee.restore')}
            </Button>
            <Button variant="default" onClick={onReset}>
              {t('e2ee.lostWords')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
