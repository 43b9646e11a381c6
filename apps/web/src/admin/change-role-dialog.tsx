import { Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateUser, type UserSummary } from '../api/identity';
import { ROLES, type Role } from '../auth/types';
import { FormError } from '../components/form-error';

interface ChangeRoleDialogProps {
  user: UserSummary | undefined;
  onClose: () => void;
  onChanged: () => void;
}

/** Gives a user one network role in place of the ones they hold. */
export function ChangeRoleDialog({ user, onClose, onChanged }: ChangeRoleDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={user !== undefined}
      onClose={onClose}
      title={t('changeRole.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {user ? <ChangeRoleForm user={user} onClose={onClose} onChanged={onChanged} /> : null}
    </Modal>
  );
}

function ChangeRoleForm({
  user,
  onClose,
  onChanged,
}: {
  user: UserSummary;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(user.roles[0] ?? 'member');
  const save = useMutation({ mutationFn: () => updateUser(user.id, { roles: [role] }), onSuccess: onChanged });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm">{t('changeRole.body', { name: user.displayName, email: user.email })}</Text>
        <NativeSelect
          name="role"
          label={t('invite.role')}
          value={role}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
          data={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
          data-autofocus
        />
        {save.isError ? <FormError error={save.error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('changeRole.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
