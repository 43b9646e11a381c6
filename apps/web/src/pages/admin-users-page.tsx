import { Alert, Badge, Button, Group, Paper, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateUser, usersQuery, type CreatedInvitation, type UserSummary } from '../api/identity';
import { ChangeRoleDialog } from '../admin/change-role-dialog';
import { InviteDialog } from '../admin/invite-dialog';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { AdminIcon, CheckIcon, InfoIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';

/** /admin/users: the secretariat's list of accounts, and invitations for administrators. */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const format = useDateFormat();
  const isSecretariat = hasRole(me, 'secretariat');
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<CreatedInvitation>();

  return (
    <Page title={t('adminUsers.title')} lead={t(isSecretariat ? 'adminUsers.lead' : 'adminUsers.leadOrgAdmin')}>
      <Group>
        <Button
          onClick={() => {
            setInvited(undefined);
            setInviting(true);
          }}
        >
          {t('adminUsers.invite')}
        </Button>
      </Group>
      <div aria-live="polite">
        {invited ? (
          <Alert role="status" color="green" variant="light" icon={<CheckIcon />}>
            {t('adminUsers.invited', { email: invited.email, date: format.dateTime(invited.expiresAt) })}
          </Alert>
        ) : null}
      </div>
      {isSecretariat ? (
        <UserList />
      ) : (
        <Alert role="note" variant="light" icon={<InfoIcon />}>
          {t('adminUsers.orgAdminNote')}
        </Alert>
      )}
      <InviteDialog
        opened={inviting}
        onClose={() => setInviting(false)}
        onInvited={(invitation) => {
          setInviting(false);
          setInvited(invitation);
        }}
      />
    </Page>
  );
}

function UserList() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const users = useInfiniteQuery(usersQuery(q));
  const [roleTarget, setRoleTarget] = useState<UserSummary>();
  const [statusTarget, setStatusTarget] = useState<UserSummary>();

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const toggleStatus = useMutation({
    mutationFn: (user: UserSummary) =>
      updateUser(user.id, { status: user.status === 'active' ? 'disabled' : 'active' }),
    onSuccess: async () => {
      setStatusTarget(undefined);
      await refresh();
    },
  });

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <TextInput
        type="search"
        label={t('adminUsers.search')}
        description={t('adminUsers.searchHint')}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={480}
      />
      {users.isPending ? (
        <PageLoader label={t('adminUsers.loading')} />
      ) : users.isError ? (
        <QueryError error={users.error} retrying={users.isFetching} onRetry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<AdminIcon />}
          title={t(q ? 'adminUsers.noMatchTitle' : 'adminUsers.emptyTitle')}
          description={t(q ? 'adminUsers.noMatchBody' : 'adminUsers.emptyBody')}
        />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" horizontalSpacing="md" striped>
              <Table.Caption>{t('adminUsers.caption', { count: items.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('adminUsers.name')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.email')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.role')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.status')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.mfa')}</Table.Th>
                  <Table.Th scope="col">{t('adminUsers.lastSignIn')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('adminUsers.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Th scope="row" fw={500}>
                      {user.displayName}
                    </Table.Th>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>{user.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={user.status === 'active' ? 'teal.9' : 'red.9'}
                        variant="filled"
                        styles={{
                          root: { flexShrink: 0, width: 'auto', maxWidth: 'none' },
                          label: { overflow: 'visible' },
                        }}
                      >
                        {t(`adminUsers.statusValue.${user.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t(user.mfaEnabled ? 'adminUsers.mfaOn' : 'adminUsers.mfaOff')}</Table.Td>
                    <Table.Td>
                      {user.lastSignInAt ? format.dateTime(user.lastSignInAt) : t('adminUsers.never')}
                    </Table.Td>
                    <Table.Td>
                      {user.id === me.id ? (
                        <Text size="sm" c="dimmed">
                          {t('adminUsers.you')}
                        </Text>
                      ) : (
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setRoleTarget(user)}
                            aria-label={t('adminUsers.changeRoleFor', { name: user.displayName })}
                          >
                            {t('adminUsers.changeRole')}
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => {
                              toggleStatus.reset();
                              setStatusTarget(user);
                            }}
                            aria-label={t(user.status === 'active' ? 'adminUsers.disableFor' : 'adminUsers.enableFor', {
                              name: user.displayName,
                            })}
                          >
                            {t(user.status === 'active' ? 'adminUsers.disable' : 'adminUsers.enable')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {users.hasNextPage ? (
        <Group>
          <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
      <ChangeRoleDialog
        user={roleTarget}
        onClose={() => setRoleTarget(undefined)}
        onChanged={() => {
          setRoleTarget(undefined);
          void refresh();
        }}
      />
      <ConfirmDialog
        opened={statusTarget !== undefined}
        title={t(statusTarget?.status === 'active' ? 'adminUsers.disableTitle' : 'adminUsers.enableTitle')}
        confirmLabel={t(statusTarget?.status === 'active' ? 'adminUsers.disable' : 'adminUsers.enable')}
        danger={statusTarget?.status === 'active'}
        busy={toggleStatus.isPending}
        error={toggleStatus.isError ? <FormError error={toggleStatus.error} /> : undefined}
        onConfirm={() => statusTarget && toggleStatus.mutate(statusTarget)}
        onClose={() => setStatusTarget(undefined)}
      >
        {t(statusTarget?.status === 'active' ? 'adminUsers.disableBody' : 'adminUsers.enableBody', {
          name: statusTarget?.displayName ?? '',
        })}
      </ConfirmDialog>
    </>
  );
}
