import { Alert, Anchor, Button, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { E2eeError } from '@liaison/e2ee';
import { api, ApiError } from '../api/client';
import { type GroupDetail, planningApi, planningKeys } from '../api/planning';
import { paths, threadPath } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { FormError } from '../components/form-error';
import { addPeople, loadDevice, removePeople, startThread, useDevice } from '../e2ee/device';

/** The thread as the delivery service lists it (`GET /threads/:id`): who is in it, with which devices. */
interface ThreadMembers {
  id: string;
  role: 'admin' | 'member';
  linkedType: string | null;
  linkedId: string | null;
  members: { userId: string; role: 'admin' | 'member'; devices: string[] }[];
}

interface ThreadOfMine {
  id: string;
  role: 'admin' | 'member';
  linkedType: string | null;
  linkedId: string | null;
}

const threadRoute = (id: string) => `/threads/${encodeURIComponent(id)}` as const;

/** The thread's members, or null when the caller is not in it (the server answers 404). */
async function readThread(threadId: string): Promise<ThreadMembers | null> {
  try {
    return await api.get<ThreadMembers>(threadRoute(threadId));
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) return null;
    throw err;
  }
}

/**
 * Which of these people have set up encryption: an unrevoked device in the key log. This only
 * decides what the chair is shown; adding someone goes through the device client, which checks
 * every device against the log's proofs and the trust store, and reports who could not be added.
 */
async function withEncryption(userIds: string[]): Promise<string[]> {
  const answers = await Promise.all(
    userIds.map(async (userId) => {
      try {
        const { items } = await api.get<{ items: { kind: string; deviceId: string | null }[] }>(
          `/transparency/users/${encodeURIComponent(userId)}`,
        );
        const revoked = new Set(items.filter((i) => i.kind === 'revocation').map((i) => i.deviceId));
        return items.some((i) => i.kind === 'device' && !revoked.has(i.deviceId)) ? [userId] : [];
      } catch {
        return [];
      }
    }),
  );
  return answers.flat();
}

type Change = { kind: 'add' | 'remove'; userId: string; name: string };

/**
 * The group's end-to-end encrypted thread (protocol v2, MLS). A chair whose browser is set up
 * starts it, linked to the group, with everyone in the group who has set up encryption. After
 * that the thread does not follow the group by itself: the group's member list comes from the
 * server, and a server that listed a stranger would otherwise get them added silently. Each
 * difference between the group and the thread is shown as a change the chair approves with a
 * click; only then does the chair's device commit it.
 */
export function GroupThread({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const device = useDevice();
  const queryClient = useQueryClient();
  const chair = group.myRole === 'chair';
  const ready = device.status === 'ready' && device.userId === me.id;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notAdded, setNotAdded] = useState<string[]>([]);

  useEffect(() => {
    if (chair) void loadDevice(me.id);
  }, [chair, me.id]);

  const threadKey = ['planning', 'group-thread', group.id, group.threadId] as const;
  const thread = useQuery({
    queryKey: threadKey,
    queryFn: () => readThread(group.threadId!),
    enabled: !!group.threadId,
    staleTime: 0,
    refetchOnMount: 'always',
  });

  const inThread = useMemo(() => new Set((thread.data?.members ?? []).map((m) => m.userId)), [thread.data]);
  // Group members the chair may bring in: everyone but the chair before the thread exists, then those not in it.
  const candidates = useMemo(
    () =>
      group.members
        .filter((m) => m.userId !== me.id && (!group.threadId || (thread.data && !inThread.has(m.userId))))
        .map((m) => m.userId),
    [group.members, group.threadId, me.id, thread.data, inThread],
  );
  const encryption = useQuery({
    queryKey: ['planning', 'group-thread-encryption', [...candidates].sort()],
    queryFn: async () => new Set(await withEncryption(candidates)),
    enabled: chair && ready && candidates.length > 0,
    staleTime: 0,
    refetchOnMount: 'always',
  });

  // Thread members no longer in the group, with their names (the group no longer lists them).
  const inGroup = useMemo(() => new Set(group.members.map((m) => m.userId)), [group.members]);
  const leaving = useMemo(
    () =>
      (thread.data?.members ?? [])
        .map((m) => m.userId)
        .filter((id) => id !== me.id && !inGroup.has(id))
        .sort(),
    [thread.data, inGroup, me.id],
  );
  const names = useQuery({
    queryKey: ['planning', 'group-thread-people', leaving],
    queryFn: () =>
      api.get<{ items: { id: string; displayName: string }[] }>('/people', { query: { ids: leaving.join(',') } }),
    enabled: leaving.length > 0,
    staleTime: 60_000,
  });
  const nameOf = (userId: string) =>
    group.members.find((m) => m.userId === userId)?.displayName ??
    names.data?.items.find((p) => p.id === userId)?.displayName ??
    t('planning.groupThread.formerMember');

  const checked = candidates.length === 0 || encryption.isSuccess;
  const withKeys = candidates.filter((id) => encryption.data?.has(id));
  const withoutKeys = checked ? candidates.filter((id) => !encryption.data?.has(id)) : [];
  // People the chair's device could not add (no device or KeyPackage yet), while they are still out.
  const missed = notAdded.filter((id) => inGroup.has(id) && !inThread.has(id));
  const changes: Change[] = [
    ...withKeys.map((userId) => ({ kind: 'add' as const, userId, name: nameOf(userId) })),
    ...leaving.map((userId) => ({ kind: 'remove' as const, userId, name: nameOf(userId) })),
  ];

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: ['planning', 'group-thread', group.id] });
      void queryClient.invalidateQueries({ queryKey: ['planning', 'group-thread-encryption'] });
    }
  };

  const start = () =>
    run(async () => {
      // A thread this chair started for the group earlier but could not record is recorded now.
      const { items } = await api.get<{ items: ThreadOfMine[] }>('/threads');
      const earlier = items.find(
        (x) => x.role === 'admin' && x.linkedType === 'working_group' && x.linkedId === group.id,
      );
      let threadId = earlier?.id;
      if (!threadId) {
        // Exactly the people shown to the chair, and the chair's own other devices.
        const started = await startThread(me.id, {
          userIds: [me.id, ...withKeys],
          subject: group.name,
          linkedTo: { type: 'working_group', id: group.id },
        });
        threadId = started.threadId;
        setNotAdded(started.notAdded.filter((id) => id !== me.id));
      }
      queryClient.setQueryData(planningKeys.group(group.id), await planningApi.setGroupThread(group.id, threadId));
      void queryClient.invalidateQueries({ queryKey: planningKeys.groups });
    });

  const apply = (chosen: Change[]) =>
    run(async () => {
      const threadId = group.threadId!;
      const adds = chosen.filter((c) => c.kind === 'add').map((c) => c.userId);
      const removes = chosen.filter((c) => c.kind === 'remove').map((c) => c.userId);
      let missed: string[] = [];
      if (adds.length > 0) missed = await addPeople(me.id, threadId, adds);
      if (removes.length > 0) await removePeople(me.id, threadId, removes);
      setNotAdded(missed);
    });

  const failure =
    error instanceof E2eeError ? t(`e2ee.failure.${error.reason}`, { defaultValue: error.message }) : undefined;
  const admin = thread.data?.role === 'admin';
  const openLink =
    group.threadId && thread.data ? (
      <Group gap="sm">
        <Anchor component={Link} to={threadPath(group.threadId)} fw={600} underline="always">
          {t('planning.groupThread.open')}
        </Anchor>
        <Text size="sm">{t('planning.groupThread.e2ee')}</Text>
      </Group>
    ) : null;

  return (
    <Stack gap="xs" component="section" aria-labelledby="group-thread">
      <Title order={2} size="h3" id="group-thread">
        {t('planning.groupThread.title')}
      </Title>
      {!group.threadId ? (
        <Text size="sm">{t('planning.groupThread.none')}</Text>
      ) : thread.isPending ? (
        <Loader size="xs" aria-label={t('planning.groupThread.loading')} />
      ) : thread.isError ? (
        <FormError error={thread.error} />
      ) : thread.data ? (
        openLink
      ) : (
        <Text size="sm">{t('planning.groupThread.notYetIn')}</Text>
      )}

      {chair && !ready && device.status !== 'loading' && (!group.threadId || thread.data) ? (
        <Text size="sm">
          {t(group.threadId ? 'planning.groupThread.setUpToChange' : 'planning.groupThread.setUpFirst')}{' '}
          <Anchor component={Link} to={paths.threads} underline="always">
            {t('planning.groupThread.setUpLink')}
          </Anchor>
        </Text>
      ) : null}

      {chair && ready && !checked ? (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">{t('planning.groupThread.checking')}</Text>
        </Group>
      ) : null}

      {chair && ready && !group.threadId && checked ? (
        <Stack gap="xs">
          <Text size="sm">
            {withKeys.length > 0
              ? t('planning.groupThread.willInclude', { names: withKeys.map(nameOf).join(', ') })
              : t('planning.groupThread.onlyYou')}
          </Text>
          <Group>
            <Button onClick={() => void start()} loading={busy}>
              {t('planning.groupThread.start')}
            </Button>
          </Group>
        </Stack>
      ) : null}

      {chair && ready && thread.data && !admin ? <Text size="sm">{t('planning.groupThread.notAdmin')}</Text> : null}

      {chair && ready && thread.data && admin && checked && changes.length > 0 ? (
        <Paper withBorder p="md" component="section" aria-labelledby="group-thread-changes">
          <Stack gap="xs">
            <Title order={3} size="h5" id="group-thread-changes">
              {t('planning.groupThread.changesTitle')}
            </Title>
            <Text size="sm">{t('planning.groupThread.changesBody')}</Text>
            <List listStyleType="none" spacing="xs" p={0} m={0}>
              {changes.map((change) => (
                <List.Item key={`${change.kind}:${change.userId}`}>
                  <Button
                    size="xs"
                    variant={change.kind === 'add' ? 'light' : 'default'}
                    disabled={busy}
                    onClick={() => void apply([change])}
                  >
                    {t(change.kind === 'add' ? 'planning.groupThread.add' : 'planning.groupThread.remove', {
                      name: change.name,
                    })}
                  </Button>
                </List.Item>
              ))}
            </List>
            {changes.length > 1 ? (
              <Group>
                <Button size="xs" disabled={busy} onClick={() => void apply(changes)}>
                  {t('planning.groupThread.applyAll')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Paper>
      ) : null}

      {chair && ready && busy && group.threadId ? (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">{t('planning.groupThread.updating')}</Text>
        </Group>
      ) : null}

      {chair && ready && thread.data && admin && checked && !busy && !thread.isFetching && changes.length === 0 ? (
        <Text size="sm" role="status">
          {t('planning.groupThread.upToDate')}
        </Text>
      ) : null}

      {chair && ready && (!group.threadId || admin) && (withoutKeys.length > 0 || missed.length > 0) ? (
        <Alert color="gray" variant="light" title={t('planning.groupThread.withoutKeysTitle')}>
          {t('planning.groupThread.withoutKeys', {
            names: [...new Set([...withoutKeys, ...missed])].map(nameOf).join(', '),
          })}
        </Alert>
      ) : null}

      {error ? <FormError error={error} message={failure} /> : null}
    </Stack>
  );
}
