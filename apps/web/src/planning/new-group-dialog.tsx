import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { planningApi, planningKeys, type GroupDetail } from '../api/planning';
import { FormError } from '../components/form-error';

interface NewGroupDialogProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (group: GroupDetail) => void;
}

/** The secretariat and organisation administrators start working groups; the creator chairs it. */
export function NewGroupDialog({ opened, onClose, onCreated }: NewGroupDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('planning.newGroupTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <NewGroupForm onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

function NewGroupForm({ onClose, onCreated }: Omit<NewGroupDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<{ name?: string; purpose?: string }>({});
  const create = useMutation({
    mutationFn: () => planningApi.createGroup({ name: name.trim(), purpose: purpose.trim() || undefined }),
    onSuccess: (group) => {
      void queryClient.invalidateQueries({ queryKey: planningKeys.groups });
      onCreated(group);
    },
    onError: (error) => {
      if (error instanceof ApiError)
        setErrors({
          name: error.reasonsFor('name').join(' ') || undefined,
          purpose: error.reasonsFor('purpose').join(' ') || undefined,
        });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!name.trim()) return setErrors({ name: t('planning.nameRequired') });
    setErrors({});
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('planning.field.groupName')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={200}
          required
          error={errors.name}
          data-autofocus
        />
        <Textarea
          label={t('planning.field.purpose')}
          description={t('planning.field.purposeHint')}
          value={purpose}
          onChange={(event) => setPurpose(event.currentTarget.value)}
          autosize
          minRows={3}
          error={errors.purpose}
        />
        {create.isError && !errors.name && !errors.purpose ? <FormError error={create.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('planning.createGroup')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
