import { Alert, Button, Code, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fingerprint, type IdentityKeys, safetyNumber } from '@liaison/e2ee';
import { acceptKeyChange, markVerified, type PersonKeys } from '../e2ee/vault';

interface SafetyNumberDialogProps {
  person: PersonKeys | undefined;
  name: string;
  me: IdentityKeys;
  onClose: () => void;
  onChanged: () => void;
  /** After a changed key is accepted (the thread then rotates to a key the new one can open). */
  onAccepted?: () => Promise<void>;
}

function Number({ groups, label }: { groups: string[]; label: string }) {
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

/**
 * Compares safety numbers out of band: theirs and mine, as 12 groups of 5 digits. Marking them
 * verified (or accepting a changed key) is stored in this browser only.
 */
export function SafetyNumberDialog({ person, name, me, onClose, onChanged, onAccepted }: SafetyNumberDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  if (!person) return null;
  const theirs = safetyNumber(person.fingerprint);
  const mine = safetyNumber(fingerprint(me.signPublicKey, me.kemPublicKey));
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      onChanged();
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
        {person.changed ? (
          <Alert color="red" variant="light" title={t('safety.changedTitle', { name })}>
            {t('safety.changedBody', { name })}
          </Alert>
        ) : null}
        <Text size="sm">{t('safety.explain', { name })}</Text>
        <Title order={3} size="h5">
          {t('safety.theirs', { name })}
        </Title>
        <Number groups={theirs} label={t('safety.theirs', { name })} />
        <Title order={3} size="h5">
          {t('safety.mine')}
        </Title>
        <Number groups={mine} label={t('safety.mine')} />
        <Group justify="flex-end">
          {person.changed ? (
            <Button
              color="red.9"
              loading={busy}
              onClick={() =>
                void act(async () => {
                  await acceptKeyChange(me.userId, person.userId, person.fingerprint);
                  await onAccepted?.();
                })
              }
            >
              {t('safety.acceptChange')}
            </Button>
          ) : person.pin.verified ? (
            <Button
              variant="default"
              loading={busy}
              onClick={() => void act(() => markVerified(me.userId, person.userId, person.fingerprint, false))}
            >
              {t('safety.unverify')}
            </Button>
          ) : (
            <Button
              loading={busy}
              onClick={() => void act(() => markVerified(me.userId, person.userId, person.fingerprint, true))}
            >
              {t('safety.verify')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
