import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemStatus } from '../api/planning';

interface ReasonDialogProps {
  /** The move being asked about; the dialog is open while it is set. */
  target: { reference: string; to: ItemStatus } | undefined;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Blocking or cancelling an item says why (1-500 characters). */
export function ReasonDialog({ target, onConfirm, onClose }: ReasonDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={target !== undefined}
      onClose={onClose}
      title={
        target
          ? t(`planning.reasonTitle.${target.to === 'cancelled' ? 'cancelled' : 'blocked'}`, {
              reference: target.reference,
            })
          : ''
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {target ? <ReasonForm onConfirm={onConfirm} onClose={onClose} /> : null}
    </Modal>
  );
}

function ReasonForm({ onConfirm, onClose }: Omit<ReasonDialogProps, 'target'>) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const text = reason.trim();
    if (!text) return setProblem(t('planning.reasonRequired'));
    onConfirm(text);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Textarea
          label={t('planning.reason')}
          description={t('planning.reasonHint')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
          required
          error={problem}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit">{t('planning.move')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
