import {
  Alert,
  Button,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { E2eeError, type IdentityKeys, newRecoveryKey } from '@liaison/e2ee';
import { useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { KeyIcon } from '../components/icons';
import { PageLoader } from '../components/page-loader';
import { finishSetup, loadVault, prepareSetup, restore, useVault } from './vault';
import type { LocalKeys } from './key-store';

/**
 * Shows its children only once this browser holds the user's keys; otherwise walks the user
 * through setting them up (with the recovery words, checked) or restoring them from the backup.
 */
export function EncryptionGate({ children }: { children: (keys: LocalKeys) => ReactNode }) {
  const user = useCurrentUser();
  const vault = useVault();
  const { t } = useTranslation();
  const [resetting, setResetting] = useState(false);
  useEffect(() => {
    void loadVault(user.id);
  }, [user.id]);

  if (vault.status === 'loading') return <PageLoader label={t('e2ee.loading')} />;
  if (vault.status === 'error')
    return (
      <Stack>
        <FormError message={t('e2ee.loadFailed')} />
        <Group>
          <Button onClick={() => void loadVault(user.id, true)}>{t('e2ee.retry')}</Button>
        </Group>
      </Stack>
    );
  if (vault.status === 'setup' || (resetting && vault.status !== 'ready'))
    return <SetUp userId={user.id} reset={resetting} />;
  if (vault.status === 'restore')
    return <Restore userId={user.id} reason={vault.reason} onReset={() => setResetting(true)} />;
  return <>{children(vault.keys)}</>;
}

type Step =
  | { at: 'intro' }
  | { at: 'words'; identity: IdentityKeys; key: Uint8Array; words: string[] }
  | {
      at: 'check';
      identity: IdentityKeys;
      key: Uint8Array;
      words: string[];
      asked: number[];
    }
  | { at: 'passphrase'; identity: IdentityKeys; key: Uint8Array };

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

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const identity = await prepareSetup(userId);
      const { key, words } = newRecoveryKey();
      setStep({ at: 'words', identity, key, words });
    } catch (err) {
      setError(err);
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
            {error ? <FormError error={error} /> : null}
            <Group>
              <Button onClick={() => void start()} loading={busy}>
                {t('e2ee.createKeys')}
              </Button>
            </Group>
          </>
        ) : null}
        {step.at === 'words' ? (
          <>
            <Text>{t('e2ee.wordsIntro')}</Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }} component="ol" aria-label={t('e2ee.wordsLabel')} p={0} m={0}>
              {step.words.map((word, i) => (
                <Text key={i} component="li" ff="monospace" style={{ listStyle: 'none' }} data-testid="recovery-word">
                  {i + 1}. {word}
                </Text>
              ))}
            </SimpleGrid>
            <Alert color="blue" variant="light">
              {t('e2ee.wordsWarning')}
            </Alert>
            <Group>
              <Button onClick={() => setStep({ ...step, at: 'check', asked: pickThree() })}>
                {t('e2ee.wroteThemDown')}
              </Button>
            </Group>
          </>
        ) : null}
        {step.at === 'check' ? (
          <CheckWords
            words={step.words}
            asked={step.asked}
            onBack={() => setStep({ at: 'words', identity: step.identity, key: step.key, words: step.words })}
            onDone={() => setStep({ at: 'passphrase', identity: step.identity, key: step.key })}
          />
        ) : null}
        {step.at === 'passphrase' ? <Passphrase identity={step.identity} recoveryKey={step.key} /> : null}
      </Stack>
    </Paper>
  );
}

function CheckWords({
  words,
  asked,
  onBack,
  onDone,
}: {
  words: string[];
  asked: number[];
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
          <Button type="submit">{t('e2ee.checkWords')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function Passphrase({ identity, recoveryKey }: { identity: IdentityKeys; recoveryKey: Uint8Array }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const mismatch = passphrase !== '' && repeat !== '' && passphrase !== repeat;
  const tooShort = passphrase !== '' && passphrase.length < 12;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch || tooShort) return;
    setBusy(true);
    setError(undefined);
    try {
      await finishSetup(identity, recoveryKey, passphrase || undefined);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <Text>{t('e2ee.passphraseIntro')}</Text>
        <PasswordInput
          label={t('e2ee.passphrase')}
          description={t('e2ee.passphraseHint')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={tooShort ? t('e2ee.passphraseTooShort') : undefined}
          autoComplete="new-password"
        />
        <PasswordInput
          label={t('e2ee.passphraseRepeat')}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={mismatch ? t('e2ee.passphraseMismatch') : undefined}
          autoComplete="new-password"
        />
        {error ? <FormError error={error} /> : null}
        <Group>
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
  const [mode, setMode] = useState<'words' | 'passphrase'>('words');
  const [words, setWords] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const count = useMemo(() => words.trim().split(/\s+/).filter(Boolean).length, [words]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await restore(userId, mode === 'words' ? { words } : { passphrase });
    } catch (err) {
      const reasonKey =
        err instanceof E2eeError
          ? err.reason === 'recovery_words_invalid'
            ? 'e2ee.wordsInvalid'
            : err.reason === 'backup_wrong_key'
              ? mode === 'words'
                ? 'e2ee.wordsDoNotOpen'
                : 'e2ee.passphraseDoesNotOpen'
              : 'e2ee.backupDamaged'
          : undefined;
      setError(reasonKey ? t(reasonKey) : err instanceof Error ? err.message : String(err));
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
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as 'words' | 'passphrase')}
            data={[
              { value: 'words', label: t('e2ee.withWords') },
              { value: 'passphrase', label: t('e2ee.withPassphrase') },
            ]}
          />
          {mode === 'words' ? (
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
          ) : (
            <PasswordInput
              label={t('e2ee.passphrase')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete="current-password"
            />
          )}
          {error ? <FormError message={error} /> : null}
          <Group>
            <Button type="submit" loading={busy}>
              {t('e2ee.restore')}
            </Button>
            <Button variant="subtle" color="red.9" onClick={onReset}>
              {t('e2ee.lostWords')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
