import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, outreachApi, outreachKeys, type Announcement } from '../api/outreach';
import { FormError } from '../components/form-error';

interface WithdrawDialogProps {
  opened: boolean;
  announcement: Announcement;
  onClose: () => void;
}

/** Takes an announcement back, with the reason its recipients will read. */
export function WithdrawDialog({ opened, announcement, onClose }: WithdrawDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('withdraw.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <WithdrawForm announcement={announcement} onClose={onClose} /> : null}
    </Modal>
  );
}

function WithdrawForm({ announcement, onClose }: Omit<WithdrawDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const withdraw = useMutation({
    mutationFn: () => outreachApi.withdraw(announcement.id, { version: announcement.version, reason: reason.trim() }),
    onSuccess: (done) => {
      queryClient.setQueryData(outreachKeys.announcement(done.id), done);
      void queryClient.invalidateQueries({ queryKey: outreachKeys.list });
      onClose();
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.announcement(announcement.id) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    withdraw.reset();
    if (!reason.trim()) return setError(t('withdraw.reasonRequired'));
    setError(undefined);
    withdraw.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>
          {announcement.status === 'scheduled'
            ? t('withdraw.explainScheduled')
            : announcement.event
              ? t('withdraw.explainEvent')
              : t('withdraw.explain')}
        </Text>
        <Textarea
          label={t('withdraw.reason')}
          description={t('withdraw.reasonHint')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={2}
          required
          error={error}
          data-autofocus
        />
        {withdraw.isError ? (
          <FormError
            message={errorCode(withdraw.error) === 'stale_version' ? t('withdraw.stale') : undefined}
            error={withdraw.error}
          />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red.9" loading={withdraw.isPending}>
            {t('withdraw.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
