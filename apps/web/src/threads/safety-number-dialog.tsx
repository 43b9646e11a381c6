import { Alert, Button, Code, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fromB64, identityFingerprint, safetyNumber } from '@liaison/e2ee';
import type { ThreadMember } from '../e2ee/device';

interface SafetyNumberDialogProps {
  person: ThreadMember;
  name: string;
  /** This person's own identity key (base64url). */
  myKey: string;
  onClose: () => void;
  onVerify: (key: string) => Promise<void>;
  /** Accepts exactly the changed key shown here. */
  onAccept: (key: string) => Promise<void>;
}

function SafetyDigits({ groups, label }: { groups: string[]; label: string }) {
  return (
    <SimpleGrid cols={6} spacing={4} aria-label={label} role="group">
      {groups.map((g, i) => (
        <Code key={i} fz="md" ta="center">
          {g}
        </Code>
      ))}
    </SimpleGrid>
  );
}

const numberOf = (key: string) => safetyNumber(identityFingerprint(fromB64(key)));

/**
 * Compares safety numbers out of band: theirs and mine, each the identity key's fingerprint as
 * 12 groups of 5 digits. A changed key shows the new number, and only that key can be accepted.
 * Marking a key verified, or accepting a change, is kept in this browser (and its backup).
 */
export function SafetyNumberDialog({ person, name, myKey, onClose, onVerify, onAccept }: SafetyNumberDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const shown = person.pendingKey ?? person.currentKey;
  if (!shown) return null;
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('safety.title', { name })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        {person.pendingKey ? (
          <Alert color="red" variant="light" title={t('safety.changedTitle', { name })}>
            {t('safety.changedBody', { name })}
          </Alert>
        ) : null}
        <Text size="sm">{t('safety.explain', { name })}</Text>
        <Title order={3} size="h5">
          {t('safety.theirs', { name })}
        </Title>
        <SafetyDigits groups={numberOf(shown)} label={t('safety.theirs', { name })} />
        <Title order={3} size="h5">
          {t('safety.mine')}
        </Title>
        <SafetyDigits groups={numberOf(myKey)} label={t('safety.mine')} />
        <Group justify="flex-end">
          {person.pendingKey ? (
            <Button color="red.9" loading={busy} onClick={() => void act(() => onAccept(person.pendingKey!))}>
              {t('safety.acceptChange')}
            </Button>
          ) : person.trust === 'verified' ? (
            <Text size="sm" fw={600}>
              {t('safety.verified')}
            </Text>
          ) : (
            <Button loading={busy} onClick={() => void act(() => onVerify(shown))}>
              {t('safety.verify')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
