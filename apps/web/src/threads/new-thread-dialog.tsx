import { Button, Checkbox, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonPill } from './person-pill';
import { useNavigate } from 'react-router';
import { messagingApi, type Person } from '../api/messaging';
import { threadPath } from '../app/paths';
import { FormError } from '../components/form-error';
import type { LocalKeys } from '../e2ee/key-store';
import { createEncryptedThread, WithoutKeysError } from './thread-ops';

interface NewThreadDialogProps {
  opened: boolean;
  onClose: () => void;
  keys: LocalKeys;
  /** People to start with (from a contact page). */
  initial?: Person[];
}

/**
 * Starts an encrypted thread: the subject and the people, then signs the roster, wraps the first
 * epoch key for everyone and sends the subject as the first (encrypted) message.
 */
export function NewThreadDialog({ opened, onClose, keys, initial = [] }: NewThreadDialogProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = keys.identity.userId;
  const [subject, setSubject] = useState('');
  const [shareHistory, setShareHistory] = useState(false);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<Person[]>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();
  const found = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => messagingApi.people({ q: debounced }),
    enabled: debounced.trim().length >= 2,
  });
  const options = [...picked, ...(found.data?.items ?? [])].filter(
    (p, i, all) => p.id !== me && all.findIndex((x) => x.id === p.id) === i,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setError(undefined);
    if (!subject.trim()) return setProblem(t('threads.subjectRequired'));
    if (picked.length === 0) return setProblem(t('threads.peopleRequired'));
    setBusy(true);
    try {
      const threadId = await createEncryptedThread(keys, {
        members: picked.map((p) => ({ userId: p.id, role: 'member' as const })),
        subject: subject.trim(),
        shareHistory,
      });
      onClose();
      void navigate(threadPath(threadId));
    } catch (err) {
      if (err instanceof WithoutKeysError) {
        const names = picked.filter((p) => err.userIds.includes(p.id)).map((p) => p.displayName);
        setProblem(t('threads.withoutKeys', { names: names.join(', ') }));
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('threads.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text size="sm">{t('threads.newLead')}</Text>
          <TextInput
            label={t('threads.subject')}
            description={t('threads.subjectHint')}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            maxLength={200}
            data-autofocus
          />
          <MultiSelect
            label={t('threads.people')}
            description={t('threads.peopleHint')}
            searchable
            renderPill={(pill) => <PersonPill {...pill} />}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            data={options.map((p) => ({
              value: p.id,
              label: p.organisationName ? `${p.displayName} (${p.organisationName})` : p.displayName,
            }))}
            value={picked.map((p) => p.id)}
            onChange={(ids) => setPicked(ids.map((id) => options.find((p) => p.id === id)!).filter(Boolean))}
            nothingFoundMessage={debounced.trim().length >= 2 ? t('threads.nobodyFound') : t('threads.typeToSearch')}
          />
          <Checkbox
            label={t('threads.shareHistory')}
            description={t('threads.shareHistoryHint')}
            checked={shareHistory}
            onChange={(e) => setShareHistory(e.currentTarget.checked)}
          />
          {problem ? <FormError message={problem} /> : null}
          {error ? <FormError error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('threads.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('threads.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
