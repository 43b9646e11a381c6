import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { revokeSession, sessionsQuery, type SessionInfo } from '../api/identity';
import { paths } from '../app/paths';
import { forgetSession, signOut } from '../auth/session';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormError } from '../components/form-error';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';

/** /account/sessions: where the account is signed in, and a way to end any of it. */
export function SessionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const format = useDateFormat();
  const [target, setTarget] = useState<SessionInfo>();

  const revoke = useMutation({
    mutationFn: (session: SessionInfo) => revokeSession(session.id),
    onSuccess: async (_data, session) => {
      setTarget(undefined);
      if (session.current) {
        // Revoking this device's session is signing out here.
        forgetSession('signedOut');
        queryClient.clear();
        await navigate(paths.signIn, { replace: true });
        return;
      }
      await queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });

  const onSignOut = async () => {
    await signOut();
    queryClient.clear();
    await navigate(paths.signIn, { replace: true });
  };

  return (
    <Page title={t('sessions.title')} lead={t('sessions.lead')}>
      <Group>
        <Button variant="default" onClick={() => void onSignOut()}>
          {t('sessions.signOut')}
        </Button>
      </Group>
      {sessions.isPending ? (
        <PageLoader label={t('sessions.loading')} />
      ) : sessions.isError ? (
        <QueryError error={sessions.error} retrying={sessions.isFetching} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <Text>{t('sessions.empty')}</Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Caption>{t('sessions.caption', { count: sessions.data.items.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sessions.device')}</Table.Th>
                  <Table.Th scope="col">{t('sessions.ip')}</Table.Th>
                  <Table.Th scope="col">{t('sessions.signedIn')}</Table.Th>
                  <Table.Th scope="col">{t('sessions.lastUsed')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('sessions.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.items.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Th scope="row" fw={500}>
                      <Stack gap={4} align="flex-start">
                        <span>{session.device || t('sessions.unknownDevice')}</span>
                        {session.current ? (
                          <Badge color="liaison" variant="light">
                            {t('sessions.thisDevice')}
                          </Badge>
                        ) : null}
                      </Stack>
                    </Table.Th>
                    <Table.Td>{session.ip ?? '—'}</Table.Td>
                    <Table.Td>{format.dateTime(session.createdAt)}</Table.Td>
                    <Table.Td>{format.dateTime(session.lastUsedAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        onClick={() => {
                          revoke.reset();
                          setTarget(session);
                        }}
                        aria-label={t(session.current ? 'sessions.revokeCurrentLabel' : 'sessions.revokeLabel', {
                          device: session.device || t('sessions.unknownDevice'),
                        })}
                      >
                        {t('sessions.revoke')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <ConfirmDialog
        opened={target !== undefined}
        title={t('sessions.confirmTitle')}
        confirmLabel={t('sessions.revoke')}
        danger
        busy={revoke.isPending}
        error={revoke.isError ? <FormError error={revoke.error} /> : undefined}
        onConfirm={() => target && revoke.mutate(target)}
        onClose={() => setTarget(undefined)}
      >
        {target?.current
          ? t('sessions.confirmCurrent')
          : t('sessions.confirmOther', { device: target?.device || t('sessions.unknownDevice') })}
      </ConfirmDialog>
    </Page>
  );
}
