import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  FileButton,
  Group,
  MultiSelect,
  Paper,
  Pill,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type AttachmentDescriptor, decryptAttachment, E2eeError, encryptAttachment } from '@liaison/e2ee';
import { ApiError } from '../api/client';
import { messagingApi } from '../api/messaging';
import { paths } from '../app/paths';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormError } from '../components/form-error';
import { CheckIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { saveFile } from '../directory/save-file';
import {
  acceptKeyChange,
  addPeople,
  leaveThread,
  type LogEntry,
  markVerified,
  ownIdentityKey,
  refreshMembers,
  removePeople,
  send,
  syncThread,
  type ThreadMember,
  type ThreadState,
  useThreadState,
  watchThread,
} from '../e2ee/device';
import { EncryptionGate, type ReadyDevice } from '../e2ee/encryption-gate';
import { MakeItemDialog } from '../threads/make-item-dialog';
import { PersonPill } from '../threads/person-pill';
import { SafetyNumberDialog } from '../threads/safety-number-dialog';
import { usePeople } from '../threads/use-people';

export function ThreadPage() {
  const { id = '' } = useParams();
  return <EncryptionGate>{(device) => <ThreadScreen key={id} threadId={id} device={device} />}</EncryptionGate>;
}

/** Encrypted attachments are limited to 25 MB (the server's default ATTACHMENT_MAX_BYTES). */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

function ThreadScreen({ threadId, device }: { threadId: string; device: ReadyDevice }) {
  const { t } = useTranslation();
  const { userId } = device;
  const state = useThreadState(threadId);
  const queryClient = useQueryClient();
  const [loadError, setLoadError] = useState<unknown>();
  const detail = useQuery({ queryKey: ['mls-thread', threadId], queryFn: () => messagingApi.thread(threadId) });
  const myKey = useQuery({ queryKey: ['own-identity-key', userId], queryFn: () => ownIdentityKey(userId) });

  useEffect(() => {
    const stop = watchThread(threadId);
    syncThread(userId, threadId).catch(setLoadError);
    return stop;
  }, [threadId, userId]);

  // Key changes of members show at once; a member's new browser (a restored device) joins the
  // thread through any member's browser that opens it.
  const leftKey = detail.data?.members.flatMap((m) => m.leftDevices.map((d) => `${m.userId}/${d}`)).join(',');
  const added = useRef(false);
  useEffect(() => {
    if (leftKey === undefined || !state || state.log.gone || added.current) return;
    added.current = true;
    void refreshMembers(userId, threadId, new Set(leftKey ? leftKey.split(',') : []))
      .then((n) => (n ? queryClient.invalidateQueries({ queryKey: ['mls-thread', threadId] }) : undefined))
      .catch((err: unknown) => {
        // A browser not in the thread yet has nothing to refresh; anything else is worth a warning.
        if (!(err instanceof E2eeError && err.reason === 'not_a_member'))
          console.warn('refreshing the members failed', err);
      });
  }, [leftKey, state, userId, threadId, queryClient]);

  const lastSeq = state?.log.entries.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (lastSeq > 0) void messagingApi.markRead(threadId, lastSeq).catch(() => undefined);
  }, [lastSeq, threadId]);

  if (detail.isError && !(detail.error instanceof ApiError && detail.error.statusCode === 404))
    return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (loadError) return <QueryError error={loadError} onRetry={() => void syncThread(userId, threadId)} />;
  if (!state || !myKey.data) return <PageLoader label={t('threads.loading')} />;
  return (
    <ThreadView
      threadId={threadId}
      userId={userId}
      state={state}
      myKey={myKey.data}
      admin={detail.data?.role === 'admin'}
      roles={Object.fromEntries((detail.data?.members ?? []).map((m) => [m.userId, m.role]))}
      onChanged={() => void queryClient.invalidateQueries({ queryKey: ['mls-thread', threadId] })}
    />
  );
}

function ThreadView({
  threadId,
  userId,
  state,
  myKey,
  admin,
  roles,
  onChanged,
}: {
  threadId: string;
  userId: string;
  state: ThreadState;
  myKey: string;
  admin: boolean;
  /** Who is admin, as the server records it. */
  roles: Record<string, 'admin' | 'member'>;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const { log, members } = state;
  const people = usePeople([
    ...members.map((m) => m.userId),
    ...log.entries.flatMap((e) =>
      e.kind === 'message'
        ? [e.senderUserId]
        : e.kind === 'change'
          ? [...(e.by ? [e.by] : []), ...e.added, ...e.removed]
          : e.kind === 'leaving' || e.kind === 'not_added'
            ? e.userIds
            : [],
    ),
  ]);
  const nameOf = (id: string) =>
    id === userId ? t('threads.you') : (people.get(id)?.displayName ?? t('threads.someone'));
  const namesOf = (ids: string[]) => ids.map(nameOf).join(', ');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState<string>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>();
  const [membersOpen, setMembersOpen] = useState(false);
  const [safetyFor, setSafetyFor] = useState<string>();
  const [makingItem, setMakingItem] = useState<{ id: string; text: string }>();

  const changed = members.filter((m) => m.userId !== userId && m.pendingKey);
  const blocked = changed.length > 0;
  const canWrite = !log.gone && members.some((m) => m.userId === userId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((!text.trim() && files.length === 0) || blocked || sending) return;
    setSending(true);
    setSendError(undefined);
    try {
      // Each file is encrypted here under its own key; only the message (itself encrypted) carries the keys.
      const attachments: AttachmentDescriptor[] = [];
      for (const file of files) {
        const id = crypto.randomUUID();
        const { descriptor, ciphertext } = encryptAttachment(new Uint8Array(await file.arrayBuffer()), {
          id,
          name: file.name,
          type: file.type || 'application/octet-stream',
        });
        await messagingApi.uploadAttachment(threadId, id, ciphertext);
        attachments.push(descriptor);
      }
      await send(userId, threadId, { text: text.trim(), ...(attachments.length ? { attachments } : {}) });
      setText('');
      setFiles([]);
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
    }
  };

  const safetyPerson = members.find((m) => m.userId === safetyFor);
  // The subject in force before each entry: a subject sent again (for newcomers) is not shown twice.
  const subjectBefore: (string | null)[] = [];
  let subjectSoFar: string | null = null;
  for (const entry of log.entries) {
    subjectBefore.push(subjectSoFar);
    if (entry.kind === 'message' && entry.subject) subjectSoFar = entry.subject;
  }
  return (
    <Page title={log.subject ?? t('threads.untitled')}>
      <Group justify="space-between">
        <Anchor component={Link} to={paths.threads}>
          {t('threads.back')}
        </Anchor>
        <Button variant="default" onClick={() => setMembersOpen(true)}>
          {t('threads.membersButton', { count: members.filter((m) => m.devices.length > 0).length })}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('threads.encryptedNote', { epoch: state.epoch ?? 0 })}
      </Text>
      {log.fork ? (
        <Alert color="red" variant="filled" icon={<WarningIcon />} role="alert" title={t('threads.forkTitle')}>
          {t('threads.forkBody')}
        </Alert>
      ) : null}
      {log.blocked && !blocked ? (
        <Alert color="red" variant="light" icon={<WarningIcon />} role="alert" title={t('threads.blockedTitle')}>
          {t(`e2ee.failure.${log.blocked.reason}`)}
        </Alert>
      ) : null}
      {blocked ? (
        <Alert color="red" variant="light" icon={<WarningIcon />} role="alert" title={t('safety.blockedTitle')}>
          <Stack gap="xs">
            <Text size="sm">{t('safety.blockedBody', { names: namesOf(changed.map((m) => m.userId)) })}</Text>
            <Group>
              {changed.map((m) => (
                <Button key={m.userId} size="xs" color="red" variant="light" onClick={() => setSafetyFor(m.userId)}>
                  {t('safety.review', { name: nameOf(m.userId) })}
                </Button>
              ))}
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {log.entries.length === 0 ? <Text c="dimmed">{t('threads.noMessages')}</Text> : null}
      <Stack
        gap="xs"
        component="ol"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('threads.messagesLabel')}
        aria-live="polite"
      >
        {log.entries.map((entry, i) => (
          <Entry
            previousSubject={subjectBefore[i] ?? null}
            key={`${entry.kind}:${entry.seq}`}
            entry={entry}
            threadId={threadId}
            userId={userId}
            nameOf={nameOf}
            namesOf={namesOf}
            at={(iso) => format.dateTime(iso)}
            onMakeItem={setMakingItem}
          />
        ))}
      </Stack>
      {log.gone ? (
        <Alert color="gray" variant="light">
          {t(log.gone === 'left' ? 'threads.youLeft' : 'threads.youWereRemoved')}
        </Alert>
      ) : canWrite ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="xs">
            <Textarea
              label={t('threads.compose')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
              }}
              autosize
              minRows={2}
              disabled={blocked}
              maxLength={20000}
            />
            {files.length > 0 ? (
              <Group gap="xs" aria-label={t('threads.toAttach')} role="list">
                {files.map((f, i) => (
                  <Pill
                    key={`${f.name}-${i}`}
                    role="listitem"
                    withRemoveButton
                    onRemove={() => setFiles(files.filter((_, j) => j !== i))}
                    removeButtonProps={{ 'aria-label': t('threads.unattach', { name: f.name }) }}
                  >
                    {f.name} ({formatBytes(f.size)})
                  </Pill>
                ))}
              </Group>
            ) : null}
            {fileProblem ? <FormError message={fileProblem} /> : null}
            {sendError ? (
              <FormError
                error={sendError}
                message={sendError instanceof E2eeError ? t(`e2ee.failure.${sendError.reason}`) : undefined}
              />
            ) : null}
            <Group justify="space-between">
              <FileButton
                multiple
                onChange={(picked) => {
                  const tooBig = picked.filter((f) => f.size > MAX_ATTACHMENT_BYTES);
                  setFileProblem(
                    tooBig.length
                      ? t('threads.tooBig', {
                          names: tooBig.map((f) => f.name).join(', '),
                          max: formatBytes(MAX_ATTACHMENT_BYTES),
                        })
                      : undefined,
                  );
                  setFiles([...files, ...picked.filter((f) => f.size <= MAX_ATTACHMENT_BYTES)]);
                }}
              >
                {(props) => (
                  <Button variant="default" disabled={blocked} {...props}>
                    {t('threads.attach')}
                  </Button>
                )}
              </FileButton>
              <Button type="submit" loading={sending} disabled={blocked || (!text.trim() && files.length === 0)}>
                {t('threads.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Alert color="gray" variant="light">
          {t('threads.notYetHere')}
        </Alert>
      )}
      <MembersDrawer
        opened={membersOpen}
        onClose={() => setMembersOpen(false)}
        threadId={threadId}
        userId={userId}
        members={members}
        roles={roles}
        admin={admin && !log.gone}
        nameOf={nameOf}
        onSafety={setSafetyFor}
        onChanged={onChanged}
      />
      {makingItem ? (
        <MakeItemDialog threadId={threadId} message={makingItem} onClose={() => setMakingItem(undefined)} />
      ) : null}
      {safetyPerson ? (
        <SafetyNumberDialog
          person={safetyPerson}
          name={nameOf(safetyPerson.userId)}
          myKey={myKey}
          onClose={() => setSafetyFor(undefined)}
          onVerify={(key) => markVerified(userId, threadId, safetyPerson.userId, key)}
          onAccept={(key) => acceptKeyChange(userId, threadId, safetyPerson.userId, key)}
        />
      ) : null}
    </Page>
  );
}

function Entry({
  entry,
  previousSubject,
  threadId,
  userId,
  nameOf,
  namesOf,
  at,
  onMakeItem,
}: {
  entry: LogEntry;
  previousSubject: string | null;
  threadId: string;
  userId: string;
  nameOf: (id: string) => string;
  namesOf: (ids: string[]) => string;
  at: (iso: string) => string;
  onMakeItem: (message: { id: string; text: string }) => void;
}) {
  const { t } = useTranslation();
  const note = (text: string, danger = false) => (
    <Text component="li" size="sm" c={danger ? 'red.9' : 'dimmed'} ta="center" data-testid="thread-event">
      {danger ? <WarningIcon /> : null} {text}
    </Text>
  );
  switch (entry.kind) {
    case 'message':
      if (!entry.text && !entry.attachments?.length && entry.subject) {
        if (entry.subject === previousSubject) return null;
        return note(
          t(previousSubject ? 'threads.renamed' : 'threads.named', {
            name: nameOf(entry.senderUserId),
            subject: entry.subject,
          }),
        );
      }
      return (
        <Paper
          component="li"
          withBorder
          p="sm"
          data-testid="message"
          bg={entry.senderUserId === userId ? 'var(--mantine-color-blue-light)' : undefined}
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>
              {nameOf(entry.senderUserId)}
            </Text>
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {at(entry.at)}
              </Text>
              {entry.text ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={t('threads.makeItem.actionFor', { name: nameOf(entry.senderUserId) })}
                  onClick={() => onMakeItem({ id: entry.id, text: entry.text })}
                >
                  {t('threads.makeItem.action')}
                </Button>
              ) : null}
            </Group>
          </Group>
          {entry.order !== 'in_order' ? (
            <Text size="xs" c="orange.9">
              {t(entry.order === 'gap' ? 'threads.orderGap' : 'threads.orderLate')}
            </Text>
          ) : null}
          {entry.text ? <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{entry.text}</Text> : null}
          {entry.attachments?.length ? (
            <Group gap="xs" mt={4}>
              {entry.attachments.map((a) => (
                <AttachmentButton key={a.id} threadId={threadId} descriptor={a} />
              ))}
            </Group>
          ) : null}
        </Paper>
      );
    case 'change': {
      const by = entry.by ? nameOf(entry.by) : t('threads.someone');
      // Someone in both lists had their devices swapped (a key change); the committer adding
      // themselves brought in another of their own devices.
      const renewed = entry.added.filter((id) => entry.removed.includes(id));
      const ownDevice = entry.by !== null && entry.added.includes(entry.by) && !renewed.includes(entry.by);
      const added = entry.added.filter((id) => !renewed.includes(id) && id !== entry.by);
      const removed = entry.removed.filter((id) => !renewed.includes(id));
      const parts = [
        ...(added.length ? [t('threads.addedEvent', { by, names: namesOf(added) })] : []),
        ...(ownDevice
          ? [entry.by === userId ? t('threads.yourDeviceEvent') : t('threads.ownDeviceEvent', { by })]
          : []),
        ...(renewed.length ? [t('threads.renewedEvent', { by, names: namesOf(renewed) })] : []),
        ...(removed.length ? [t('threads.removedEvent', { by, names: namesOf(removed) })] : []),
      ];
      if (entry.fork) return note(t('threads.forkEvent', { by }), true);
      return parts.length ? note(parts.join(' ')) : null;
    }
    case 'leaving':
      return note(t('threads.leavingEvent', { names: namesOf(entry.userIds) }));
    case 'refused':
      return note(t(`e2ee.failure.${entry.reason}`), true);
    case 'removed':
      return note(t('threads.youWereRemoved'));
    case 'not_added':
      return note(t('threads.withoutKeys', { names: namesOf(entry.userIds) }), true);
  }
}

/** Downloads an attachment's ciphertext, checks and decrypts it here, and saves the file. */
function AttachmentButton({ threadId, descriptor }: { threadId: string; descriptor: AttachmentDescriptor }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const open = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const file = await messagingApi.downloadAttachment(threadId, descriptor.id);
      const data = decryptAttachment(new Uint8Array(await file.blob.arrayBuffer()), descriptor);
      saveFile(
        { blob: new Blob([data as BlobPart], { type: descriptor.type }), filename: descriptor.name },
        descriptor.name,
      );
    } catch (err) {
      setProblem(err instanceof E2eeError ? t(`e2ee.failure.${err.reason}`) : t('threads.downloadFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={2}>
      <Button size="xs" variant="light" loading={busy} onClick={() => void open()}>
        {t('threads.download', { name: descriptor.name, size: formatBytes(descriptor.size) })}
      </Button>
      {problem ? (
        <Text size="xs" c="red" role="alert">
          {problem}
        </Text>
      ) : null}
    </Stack>
  );
}

function MembersDrawer({
  opened,
  onClose,
  threadId,
  userId,
  members,
  roles,
  admin,
  nameOf,
  onSafety,
  onChanged,
}: {
  opened: boolean;
  onClose: () => void;
  threadId: string;
  userId: string;
  members: ThreadMember[];
  roles: Record<string, 'admin' | 'member'>;
  admin: boolean;
  nameOf: (id: string) => string;
  onSafety: (id: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [adding, setAdding] = useState<string[]>([]);
  const [removing, setRemoving] = useState<string>();
  const [leaving, setLeaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const inThread = members.filter((m) => m.devices.length > 0);
  const found = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => messagingApi.people({ q: debounced }),
    enabled: debounced.trim().length >= 2,
  });
  const candidates = (found.data?.items ?? []).filter((p) => !inThread.some((m) => m.userId === p.id));
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const failure =
    error instanceof E2eeError
      ? t(`e2ee.failure.${error.reason}`)
      : error instanceof ApiError && error.code === 'last_admin'
        ? t('threads.lastAdmin')
        : undefined;
  const admins = inThread.filter((m) => roles[m.userId] === 'admin').length;

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      title={t('threads.membersTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {inThread.map((m) => (
            <Group key={m.userId} component="li" justify="space-between" wrap="nowrap">
              <Stack gap={0}>
                <Text fw={500}>{nameOf(m.userId)}</Text>
                <Group gap={4}>
                  <Text size="xs" c="dimmed">
                    {t('threads.devices', { count: m.devices.length })}
                  </Text>
                  {m.trust === 'verified' ? (
                    <Badge size="xs" color="#1b5e20" leftSection={<CheckIcon />}>
                      {t('safety.verified')}
                    </Badge>
                  ) : null}
                  {m.pendingKey ? (
                    <Badge size="xs" color="red.9">
                      {t('safety.keyChanged')}
                    </Badge>
                  ) : null}
                  {roles[m.userId] === 'admin' ? (
                    <Badge size="xs" variant="outline" color="dark">
                      {t('threads.adminBadge')}
                    </Badge>
                  ) : null}
                </Group>
              </Stack>
              <Group gap={4} wrap="nowrap">
                {admin && roles[m.userId] && !(roles[m.userId] === 'admin' && admins === 1) ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    disabled={busy}
                    aria-label={t(roles[m.userId] === 'admin' ? 'threads.unmakeAdminFor' : 'threads.makeAdminFor', {
                      name: nameOf(m.userId),
                    })}
                    onClick={() =>
                      void run(async () => {
                        await messagingApi.setRole(
                          threadId,
                          m.userId,
                          roles[m.userId] === 'admin' ? 'member' : 'admin',
                        );
                      })
                    }
                  >
                    {t(roles[m.userId] === 'admin' ? 'threads.unmakeAdmin' : 'threads.makeAdmin')}
                  </Button>
                ) : null}
                {m.userId !== userId ? (
                  <Button size="xs" variant="subtle" onClick={() => onSafety(m.userId)}>
                    {t('safety.button')}
                  </Button>
                ) : null}
                {admin && m.userId !== userId ? (
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={t('threads.remove', { name: nameOf(m.userId) })}
                    onClick={() => setRemoving(m.userId)}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Group>
            </Group>
          ))}
        </Stack>
        {admin ? (
          <Stack gap="xs">
            <MultiSelect
              label={t('threads.addPeople')}
              searchable
              renderPill={(pill) => <PersonPill {...pill} />}
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options }) => options}
              data={candidates.map((p) => ({ value: p.id, label: p.displayName }))}
              value={adding}
              onChange={setAdding}
              nothingFoundMessage={debounced.trim().length >= 2 ? t('threads.nobodyFound') : t('threads.typeToSearch')}
            />
            <Group justify="flex-end">
              <Button
                disabled={adding.length === 0}
                loading={busy}
                onClick={() =>
                  void run(async () => {
                    const without = await addPeople(userId, threadId, adding);
                    setAdding([]);
                    if (without.length) setNotice(t('threads.withoutKeys', { names: without.map(nameOf).join(', ') }));
                  })
                }
              >
                {t('threads.add')}
              </Button>
            </Group>
          </Stack>
        ) : null}
        {notice ? (
          <Alert color="orange" variant="light" role="status">
            {notice}
          </Alert>
        ) : null}
        {error ? <FormError error={error} message={failure} /> : null}
        <Group>
          <Button variant="light" color="red.9" onClick={() => setLeaving(true)}>
            {t('threads.leave')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={removing !== undefined}
        title={t('threads.removeTitle')}
        confirmLabel={t('threads.removeConfirm')}
        danger
        busy={busy}
        onClose={() => setRemoving(undefined)}
        onConfirm={() =>
          void run(async () => {
            await removePeople(userId, threadId, [removing!]);
            setRemoving(undefined);
          })
        }
      >
        {t('threads.removeBody', { name: removing ? nameOf(removing) : '' })}
      </ConfirmDialog>
      <ConfirmDialog
        opened={leaving}
        title={t('threads.leaveTitle')}
        confirmLabel={t('threads.leaveConfirm')}
        danger
        busy={busy}
        onClose={() => setLeaving(false)}
        onConfirm={() =>
          void run(async () => {
            await leaveThread(userId, threadId);
            setLeaving(false);
            void navigate(paths.threads);
          })
        }
      >
        {t('threads.leaveBody')}
      </ConfirmDialog>
    </Drawer>
  );
}
