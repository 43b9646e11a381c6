import { Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonPill } from './person-pill';
import { useNavigate } from 'react-router';
import { messagingApi, type Person } from '../api/messaging';
import { threadPath } from '../app/paths';
import { FormError } from '../components/form-error';
import { startThread } from '../e2ee/device';

interface NewThreadDialogProps {
  opened: boolean;
  onClose: () => void;
  userId: string;
  /** People to start with (from a contact page). */
  initial?: Person[];
}

/**
 * Starts an encrypted thread: the subject and the people; this browser creates the MLS group,
 * adds every device of each person (from KeyPackages claimed now) and sends the subject as the
 * first (encrypted) message. People who have not set up encryption yet are named in the thread.
 */
export function NewThreadDialog({ opened, onClose, userId: me, initial = [] }: NewThreadDialogProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
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
      const { threadId } = await startThread(me, { userIds: picked.map((p) => p.id), subject: subject.trim() });
      onClose();
      void navigate(threadPath(threadId));
    } catch (err) {
      setError(err);
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
