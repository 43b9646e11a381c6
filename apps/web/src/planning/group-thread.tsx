import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { ThreadRole } from '@liaison/e2ee';
import { ApiError } from '../api/client';
import { messagingApi } from '../api/messaging';
import { type GroupDetail, planningApi, planningKeys } from '../api/planning';
import { paths, threadPath } from '../app/paths';
import { FormError } from '../components/form-error';
import type { LocalKeys } from '../e2ee/key-store';
import { keysOfPeople, loadVault, useVault } from '../e2ee/vault';
import { useCurrentUser } from '../auth/session';
import { changeRoster, createEncryptedThread, openThreadCrypto } from '../threads/thread-ops';

type Step =
  | { kind: 'add'; subject: string; role: ThreadRole }
  | { kind: 'role'; subject: string; role: ThreadRole }
  | { kind: 'remove'; subject: string };

/** What the thread's roster must become for the group: everyone with keys in it, chairs as admins. */
async function plan(group: GroupDetail, keys: LocalKeys) {
  const me = keys.identity.userId;
  const people = await keysOfPeople(
    me,
    group.members.map((m) => m.userId),
  );
  const withoutKeys = group.members.filter((m) => m.userId !== me && !people.has(m.userId));
  if (!group.threadId) return { steps: [] as Step[], withoutKeys, inThread: false };
  let detail;
  try {
    detail = await messagingApi.thread(group.threadId);
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) return { steps: [] as Step[], withoutKeys, inThread: false };
    throw err;
  }
  const current = new Map(detail.members.map((m) => [m.userId, m.role]));
  const wanted = new Map(
    group.members
      .filter((m) => m.userId === me || people.has(m.userId))
      .map((m) => [m.userId, (m.role === 'chair' ? 'admin' : 'member') as ThreadRole]),
  );
  const steps: Step[] = [];
  for (const [userId, role] of wanted) {
    const now = current.get(userId);
    if (!now) steps.push({ kind: 'add', subject: userId, role });
    else if (role === 'admin' && now !== 'admin') steps.push({ kind: 'role', subject: userId, role });
  }
  for (const userId of current.keys()) if (!wanted.has(userId)) steps.push({ kind: 'remove', subject: userId });
  return { steps, withoutKeys, inThread: true };
}

/**
 * The group's end-to-end encrypted thread. The chair's browser creates it (linked to the group,
 * sharing history with newcomers) and keeps its roster following the group: people added to the
 * group join it once they have keys, people removed leave it (a new epoch), chairs are its admins.
 */
export function GroupThread({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const vault = useVault();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const chair = group.myRole === 'chair';
  const keys = vault.status === 'ready' ? vault.keys : undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const syncedFor = useRef<string>('');
  useEffect(() => {
    if (group.myRole === 'chair' || group.threadId) void loadVault(me.id);
  }, [group.myRole, group.threadId, me.id]);
  const drift = useQuery({
    queryKey: ['planning', 'group-thread', group.id, group.version, group.threadId],
    queryFn: () => plan(group, keys!),
    enabled: !!keys,
    // Someone may have set up keys since: always look again when the page opens.
    staleTime: 0,
    refetchOnMount: 'always',
  });

  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setError(undefined);
      try {
        await work();
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
        void queryClient.invalidateQueries({ queryKey: ['planning', 'group-thread', group.id] });
      }
    },
    [group.id, queryClient],
  );

  const start = () =>
    run(async () => {
      const me = keys!.identity.userId;
      const people = await keysOfPeople(
        me,
        group.members.map((m) => m.userId),
      );
      const threadId = await createEncryptedThread(keys!, {
        members: group.members
          .filter((m) => m.userId !== me && people.has(m.userId))
          .map((m) => ({ userId: m.userId, role: m.role === 'chair' ? 'admin' : 'member' })),
        subject: group.name,
        shareHistory: true,
        linkedTo: { type: 'working_group', id: group.id },
      });
      queryClient.setQueryData(planningKeys.group(group.id), await planningApi.setGroupThread(group.id, threadId));
    });

  const sync = useCallback(
    (steps: Step[]) =>
      run(async () => {
        const { crypto, detail } = await openThreadCrypto(group.threadId!, keys!);
        for (const step of steps) await changeRoster(keys!, crypto, detail, step);
      }),
    [group.threadId, keys, run],
  );

  // A group created in this browser gets its thread at once (when the chair has keys).
  const location = useLocation();
  const startedFor = useRef<string>('');
  const justCreated = (location.state as { startThread?: boolean } | null)?.startThread === true;
  useEffect(() => {
    if (!justCreated || !chair || !keys || group.threadId || busy || startedFor.current === group.id) return;
    startedFor.current = group.id;
    void start();
  });

  // Members follow the group: a chair's browser brings the roster up to date by itself, once per group version.
  const steps = drift.data?.steps ?? [];
  useEffect(() => {
    const key = `${group.id}:${group.version}`;
    if (!chair || !keys || busy || steps.length === 0 || syncedFor.current === key) return;
    syncedFor.current = key;
    void sync(steps);
  }, [chair, keys, busy, steps, group.id, group.version, sync]);

  return (
    <Stack gap="xs" component="section" aria-labelledby="group-thread">
      <Title order={2} size="h3" id="group-thread">
        {t('planning.groupThread.title')}
      </Title>
      {group.threadId && (drift.data?.inThread ?? true) ? (
        <Group gap="sm">
          <Anchor component={Link} to={threadPath(group.threadId)} fw={600} underline="always">
            {t('planning.groupThread.open')}
          </Anchor>
          <Text size="sm">{t('planning.groupThread.e2ee')}</Text>
        </Group>
      ) : group.threadId ? (
        <Text size="sm">{t('planning.groupThread.notYetIn')}</Text>
      ) : (
        <Text size="sm">{t('planning.groupThread.none')}</Text>
      )}
      {chair && vault.status !== 'ready' && vault.status !== 'loading' ? (
        <Text size="sm">
          {t('planning.groupThread.setUpFirst')}{' '}
          <Anchor component={Link} to={paths.threads} underline="always">
            {t('planning.groupThread.setUpLink')}
          </Anchor>
        </Text>
      ) : null}
      {chair && keys && !group.threadId ? (
        <Group>
          <Button onClick={() => void start()} loading={busy}>
            {t('planning.groupThread.start')}
          </Button>
        </Group>
      ) : null}
      {chair && keys && group.threadId && busy ? (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">{t('planning.groupThread.updating')}</Text>
        </Group>
      ) : null}
      {chair && keys && group.threadId && !busy && !drift.isFetching && drift.data?.inThread && steps.length === 0 ? (
        <Text size="sm" role="status">
          {t('planning.groupThread.upToDate')}
        </Text>
      ) : null}
      {chair && keys && !busy && steps.length > 0 && syncedFor.current === `${group.id}:${group.version}` ? (
        <Group>
          <Button variant="light" onClick={() => void sync(steps)}>
            {t('planning.groupThread.update', { count: steps.length })}
          </Button>
        </Group>
      ) : null}
      {chair && drift.data && drift.data.withoutKeys.length > 0 ? (
        <Alert color="gray" variant="light" title={t('planning.groupThread.withoutKeysTitle')}>
          {t('planning.groupThread.withoutKeys', {
            names: drift.data.withoutKeys.map((m) => m.displayName).join(', '),
          })}
        </Alert>
      ) : null}
      {error ? <FormError error={error} /> : null}
    </Stack>
  );
}
