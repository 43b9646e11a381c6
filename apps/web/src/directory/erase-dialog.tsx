import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { erasePerson, previewErasure, type ContextCounts, type Erasure } from '../api/privacy';
import { ConfirmItIsYou } from '../auth/confirm-it-is-you';
import { useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { PageLoader } from '../components/page-loader';

interface EraseDialogProps {
  contact: { id: string; fullName: string };
  opened: boolean;
  onClose: () => void;
  onErased: (erasure: Erasure) => void;
}

/** The parts of Liaison an export or an erasure covers, in the order people read them. */
export const CONTEXTS = ['directory', 'identity', 'messaging', 'planning', 'notices', 'outreach', 'audit'] as const;
export type DataContext = (typeof CONTEXTS)[number];

const total = (counts: Record<string, number> | undefined) =>
  Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);

/** The records an erasure changes, per part of Liaison, in words. */
export function ErasureCounts({ counts }: { counts: ContextCounts }) {
  const { t } = useTranslation();
  const parts = CONTEXTS.filter((context) => total(counts[context]) > 0);
  return (
    <List size="sm" spacing={2}>
      {parts.map((context) => (
        <List.Item key={context}>
          {t(`privacy.contexts.${context}`)}: {t('privacy.records', { count: total(counts[context]) })}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * The secretariat erases a departed person (GDPR article 17): what will change first, a reason
 * that stays with the erasure, the password again, then the act, which cannot be undone.
 */
export function EraseDialog({ contact, opened, onClose, onErased }: EraseDialogProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [proving, setProving] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const preview = useQuery({
    queryKey: ['privacy', 'erasure-preview', contact.id],
    queryFn: () => previewErasure(contact.id),
    enabled: opened,
    staleTime: 0,
    gcTime: 0,
  });
  const erase = useMutation({
    mutationFn: () => erasePerson(contact.id, reason.trim()),
    onSuccess: (erasure) => onErased(erasure),
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'reauthentication_required') setProving(true);
      const reasons = err instanceof ApiError ? err.reasonsFor('reason') : [];
      if (reasons.length > 0) {
        setReasonError(reasons.join(' '));
        reasonRef.current?.focus();
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setReasonError(t('privacy.erase.reasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    setReasonError(undefined);
    erase.mutate();
  };
  const needsProof = erase.error instanceof ApiError && erase.error.code === 'reauthentication_required';

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('privacy.erase.title', { name: contact.fullName })}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {proving ? (
        <ConfirmItIsYou
          intro={t('privacy.erase.confirmIntro')}
          submitLabel={t('privacy.erase.confirmAndErase')}
          withCode={user.mfaEnabled}
          busy={erase.isPending}
          onConfirmed={() => {
            setProving(false);
            erase.mutate();
          }}
        />
      ) : (
        <form noValidate onSubmit={submit}>
          <Stack gap="sm">
            <Text size="sm">{t('privacy.erase.intro')}</Text>
            {preview.isPending ? <PageLoader label={t('privacy.erase.counting')} /> : null}
            {preview.isError ? <FormError error={preview.error} /> : null}
            {preview.data ? (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('privacy.erase.willChange')}
                </Text>
                <ErasureCounts counts={preview.data.counts} />
                {preview.data.hasAccount ? <Text size="sm">{t('privacy.erase.account')}</Text> : null}
              </Stack>
            ) : null}
            <Alert color="orange" variant="light">
              <Text size="sm">{t('privacy.erase.irreversible')}</Text>
            </Alert>
            <Textarea
              ref={reasonRef}
              name="reason"
              label={t('privacy.erase.reason')}
              description={t('privacy.erase.reasonHint')}
              required
              autosize
              minRows={2}
              maxLength={500}
              value={reason}
              error={reasonError}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            {erase.error instanceof ApiError && erase.error.code === 'account_active' ? (
              <Alert color="red" variant="light" role="alert">
                <Text size="sm">{t('privacy.erase.accountActive')}</Text>
              </Alert>
            ) : erase.isError && !needsProof && !reasonError ? (
              <FormError error={erase.error} />
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red.8" loading={erase.isPending} disabled={!preview.data}>
                {t('privacy.erase.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
