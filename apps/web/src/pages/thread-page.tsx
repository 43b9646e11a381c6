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
  NativeSelect,
  Paper,
  Pill,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonPill } from '../threads/person-pill';
import { Link, useParams } from 'react-router';
import { type AttachmentDescriptor, decryptAttachment, E2eeError, encryptAttachment } from '@liaison/e2ee';
import { messagingApi } from '../api/messaging';
import { paths } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { ConfirmDialog } from '../components/confirm-dialog';
import { FormError } from '../components/form-error';
import { CheckIcon, WarningIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { saveFile } from '../directory/save-file';
import { EncryptionGate } from '../e2ee/encryption-gate';
import type { LocalKeys } from '../e2ee/key-store';
import { MakeItemDialog } from '../threads/make-item-dialog';
import { SafetyNumberDialog } from '../threads/safety-number-dialog';
import { changeRoster, WithoutKeysError } from '../threads/thread-ops';
import { usePeople } from '../threads/use-people';
import { useThread } from '../threads/use-thread';

export function ThreadPage() {
  const { id = '' } = useParams();
  return <EncryptionGate>{(keys) => <ThreadScreen threadId={id} keys={keys} />}</EncryptionGate>;
}

function ThreadScreen({ threadId, keys }: { threadId: string; keys: LocalKeys }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const format = useDateFormat();
  const { view, error, reload, send, rotate, markRead, sendTyping, typing } = useThread(threadId, keys);
  const names = usePeople(
    view ? [...view.detail.members.map((m) => m.userId), ...view.messages.map((m) => m.senderUserId)] : [],
  );
  const nameOf = (id: string) =>
    id === user.id ? t('threads.you') : (names.get(id)?.displayName ?? t('threads.someone'));
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState<string>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>();
  const [membersOpen, setMembersOpen] = useState(false);
  const [safetyFor, setSafetyFor] = useState<string>();
  const [makingItem, setMakingItem] = useState<{ id: string; text: string }>();
  const [, force] = useState(0);
  const lastTyping = useRef(0);

  const lastSeq = view?.messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (lastSeq > 0) markRead(lastSeq);
  }, [lastSeq, markRead]);

  if (error) return <QueryError error={error} onRetry={() => void reload()} />;
  if (!view) return <PageLoader label={t('threads.loading')} />;

  const me = view.detail.members.find((m) => m.userId === user.id);
  const changed = view.detail.members.filter((m) => m.userId !== user.id && view.people.get(m.userId)?.changed);
  const blocked = changed.length > 0;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((!text.trim() && files.length === 0) || blocked) return;
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
      await send({ v: 1, kind: 'text', text: text.trim(), ...(attachments.length ? { attachments } : {}) });
      setText('');
      setFiles([]);
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <Page title={view.subject ?? t('threads.untitled')}>
      <Group justify="space-between">
        <Anchor component={Link} to={paths.threads}>
          {t('threads.back')}
        </Anchor>
        <Button variant="default" onClick={() => setMembersOpen(true)}>
          {t('threads.membersButton', { count: view.detail.members.length })}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('threads.encryptedNote', { epoch: view.crypto.epoch })}
      </Text>
      {view.crypto.refused.length > 0 ? (
        <Alert color="red" variant="light" icon={<WarningIcon />} role="alert">
          {view.crypto.refused.map((r) => t(`e2ee.failure.${r.reason}`)).join(' ')}
        </Alert>
      ) : null}
      {blocked ? (
        <Alert color="red" variant="light" icon={<WarningIcon />} role="alert" title={t('safety.blockedTitle')}>
          <Stack gap="xs">
            <Text size="sm">{t('safety.blockedBody', { names: changed.map((m) => nameOf(m.userId)).join(', ') })}</Text>
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
      <Stack
        gap="xs"
        component="ol"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('threads.messagesLabel')}
        aria-live="polite"
      >
        {view.messages.length === 0 ? <Text c="dimmed">{t('threads.noMessages')}</Text> : null}
        {view.messages.map((m) => (
          <Paper
            key={m.seq}
            component="li"
            withBorder
            p="sm"
            data-testid="message"
            bg={m.senderUserId === user.id ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {nameOf(m.senderUserId)}
              </Text>
              <Group gap="xs">
                <Text size="xs" c="dimmed">
                  {format.dateTime(m.sentAt)}
                </Text>
                {m.body?.text ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={t('threads.makeItem.actionFor', { name: nameOf(m.senderUserId) })}
                    onClick={() => setMakingItem({ id: m.id, text: m.body!.text! })}
                  >
                    {t('threads.makeItem.action')}
                  </Button>
                ) : null}
              </Group>
            </Group>
            {m.body ? (
              <>
                {m.body.text ? (
                  <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body.text}</Text>
                ) : null}
                {m.body.attachments?.length ? (
                  <Group gap="xs" mt={4}>
                    {m.body.attachments.map((a) => (
                      <AttachmentButton key={a.id} threadId={threadId} descriptor={a} />
                    ))}
                  </Group>
                ) : null}
              </>
            ) : (
              <Text c="red" size="sm" role="note">
                <WarningIcon /> {t(`e2ee.failure.${m.failure ?? 'malformed'}`)}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
      {typing.length > 0 ? (
        <Text size="sm" c="dimmed">
          {t('threads.typing', { names: typing.map(nameOf).join(', ') })}
        </Text>
      ) : null}
      {me && view.crypto.canSend ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="xs">
            <Textarea
              label={t('threads.compose')}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                if (Date.now() - lastTyping.current > 3000) {
                  lastTyping.current = Date.now();
                  sendTyping();
                }
              }}
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
            {sendError ? <FormError error={sendError} /> : null}
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
          {t('threads.cannotSend')}
        </Alert>
      )}
      <MembersDrawer
        opened={membersOpen}
        onClose={() => setMembersOpen(false)}
        view={view}
        keys={keys}
        nameOf={nameOf}
        onSafety={setSafetyFor}
        reload={reload}
      />
      {makingItem ? (
        <MakeItemDialog threadId={threadId} message={makingItem} onClose={() => setMakingItem(undefined)} />
      ) : null}
      {safetyFor ? (
        <SafetyNumberDialog
          person={view.people.get(safetyFor)}
          name={nameOf(safetyFor)}
          me={keys.identity}
          onClose={() => setSafetyFor(undefined)}
          onChanged={() => {
            force((n) => n + 1);
            void reload();
          }}
          onAccepted={rotate}
        />
      ) : null}
    </Page>
  );
}

/** Encrypted attachments are limited to 25 MB (the server's default ATTACHMENT_MAX_BYTES). */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

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
  view,
  keys,
  nameOf,
  onSafety,
  reload,
}: {
  opened: boolean;
  onClose: () => void;
  view: NonNullable<ReturnType<typeof useThread>['view']>;
  keys: LocalKeys;
  nameOf: (id: string) => string;
  onSafety: (id: string) => void;
  reload: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const me = keys.identity.userId;
  const admin = view.detail.members.find((m) => m.userId === me)?.role === 'admin';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [adding, setAdding] = useState<string[]>([]);
  const [removing, setRemoving] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const found = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => messagingApi.people({ q: debounced }),
    enabled: debounced.trim().length >= 2,
  });
  const candidates = (found.data?.items ?? []).filter((p) => !view.detail.members.some((m) => m.userId === p.id));

  /** Signs the change and sends it with the keys it needs (see changeRoster). */
  const change = async (kind: 'add' | 'remove' | 'admin', subject: string) => {
    try {
      await changeRoster(
        keys,
        view.crypto,
        view.detail,
        kind === 'admin'
          ? { kind: 'role', subject, role: 'admin' }
          : kind === 'add'
            ? { kind, subject }
            : { kind, subject },
      );
    } catch (err) {
      if (err instanceof WithoutKeysError)
        throw new Error(t('threads.withoutKeys', { names: nameOf(subject) }), { cause: err });
      throw err;
    }
    await reload();
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

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
          {view.detail.members.map((m) => {
            const person = view.people.get(m.userId);
            return (
              <Group key={m.userId} component="li" justify="space-between" wrap="nowrap">
                <Stack gap={0}>
                  <Text fw={500}>{nameOf(m.userId)}</Text>
                  <Group gap={4}>
                    {m.role === 'admin' ? <Badge size="xs">{t('threads.admin')}</Badge> : null}
                    {person?.pin.verified ? (
                      <Badge size="xs" color="green" leftSection={<CheckIcon />}>
                        {t('safety.verified')}
                      </Badge>
                    ) : null}
                    {person?.changed ? (
                      <Badge size="xs" color="red.9">
                        {t('safety.keyChanged')}
                      </Badge>
                    ) : null}
                  </Group>
                </Stack>
                <Group gap={4} wrap="nowrap">
                  {m.userId !== me ? (
                    <Button size="xs" variant="subtle" onClick={() => onSafety(m.userId)}>
                      {t('safety.button')}
                    </Button>
                  ) : null}
                  {admin && m.role !== 'admin' ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      loading={busy}
                      onClick={() => void run(() => change('admin', m.userId))}
                    >
                      {t('threads.makeAdmin')}
                    </Button>
                  ) : null}
                  {admin && m.userId !== me ? (
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
            );
          })}
        </Stack>
        <NativeSelect
          label={t('threads.retention')}
          description={t('threads.retentionHint')}
          disabled={!admin || busy}
          value={String(view.detail.retentionDays ?? '')}
          onChange={(e) => {
            const value = e.currentTarget.value;
            void run(async () => {
              await messagingApi.setRetention(view.detail.id, value ? Number(value) : null);
              await reload();
            });
          }}
          data={[
            { value: '', label: t('threads.keepForever') },
            ...[30, 90, 365].map((days) => ({ value: String(days), label: t('threads.keepDays', { count: days }) })),
            ...(view.detail.retentionDays && ![30, 90, 365].includes(view.detail.retentionDays)
              ? [
                  {
                    value: String(view.detail.retentionDays),
                    label: t('threads.keepDays', { count: view.detail.retentionDays }),
                  },
                ]
              : []),
          ]}
        />
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
                    for (const id of adding) await change('add', id);
                    setAdding([]);
                  })
                }
              >
                {t('threads.add')}
              </Button>
            </Group>
          </Stack>
        ) : null}
        {error ? (
          <FormError
            error={error}
            message={error instanceof Error && !('statusCode' in error) ? error.message : undefined}
          />
        ) : null}
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
            await change('remove', removing!);
            setRemoving(undefined);
          })
        }
      >
        {t('threads.removeBody', { name: removing ? nameOf(removing) : '' })}
      </ConfirmDialog>
    </Drawer>
  );
}
