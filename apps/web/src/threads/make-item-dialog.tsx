import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { planPath } from '../app/paths';
import { FormError } from '../components/form-error';
import { api } from '../api/client';
import { type GroupDetail, type Item, planningApi, type PlanSummary } from '../api/planning';

interface MakeItemDialogProps {
  threadId: string;
  message: { id: string; text: string };
  onClose: () => void;
}

/**
 * Turns a decrypted message into an action item. The member picks the plan and writes (or trims)
 * the text that goes into the item: that text alone leaves end-to-end encryption, by this act;
 * the item keeps only a link (thread and message ids) back to the message.
 */
export function MakeItemDialog({ threadId, message, onClose }: MakeItemDialogProps) {
  const { t } = useTranslation();
  const firstLine =
    message.text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  const [planId, setPlanId] = useState<string | null>(null);
  const [title, setTitle] = useState(firstLine.slice(0, 300));
  const [description, setDescription] = useState(message.text);
  const [dueDate, setDueDate] = useState('');
  const [assignees, setAssignees] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ item: Item; plan: PlanSummary }>();
  const plans = useQuery({
    queryKey: ['planning', 'plans', 'editable'],
    queryFn: () => api.get<{ items: PlanSummary[] }>('/plans'),
    select: (data) =>
      data.items.filter((p) => (p.myRole === 'chair' || p.myRole === 'member') && p.status !== 'archived'),
  });
  const plan = plans.data?.find((p) => p.id === planId);
  const group = useQuery({
    queryKey: ['planning', 'group', plan?.groupId],
    queryFn: () => api.get<GroupDetail>(`/groups/${encodeURIComponent(plan!.groupId)}`),
    enabled: !!plan,
  });
  const people = (group.data?.members ?? []).filter((m) => m.role !== 'observer');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setError(undefined);
    if (!plan) return setProblem(t('threads.makeItem.planRequired'));
    if (!title.trim()) return setProblem(t('threads.makeItem.titleRequired'));
    setBusy(true);
    try {
      const item = await planningApi.createItem(plan.id, {
        title: title.trim(),
        description,
        ...(dueDate ? { dueDate } : {}),
        ...(assignees.length ? { assigneeIds: assignees } : {}),
        source: { threadId, messageId: message.id },
      });
      setCreated({ item, plan });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('threads.makeItem.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {created ? (
        <Stack>
          <Alert color="green" variant="light" role="status">
            {t('threads.makeItem.created', { reference: created.item.reference, plan: created.plan.title })}
          </Alert>
          <Group justify="space-between">
            <Anchor component={Link} to={`${planPath(created.plan.id)}?item=${encodeURIComponent(created.item.id)}`}>
              {t('threads.makeItem.openItem')}
            </Anchor>
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Alert color="yellow" variant="light">
              {t('threads.makeItem.lead')}
            </Alert>
            <NativeSelect
              label={t('threads.makeItem.plan')}
              description={t('threads.makeItem.planHint')}
              data={[
                { value: '', label: '—' },
                ...(plans.data ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.title} (${p.groupName}) · TLP:${p.tlp}`,
                })),
              ]}
              value={planId ?? ''}
              onChange={(e) => {
                setPlanId(e.currentTarget.value || null);
                setAssignees([]);
              }}
              data-autofocus
            />
            {plans.data && plans.data.length === 0 ? <Text size="sm">{t('threads.makeItem.noPlans')}</Text> : null}
            {plan ? <Text size="sm">{t('threads.makeItem.tlp', { tlp: plan.tlp })}</Text> : null}
            <TextInput
              label={t('threads.makeItem.itemTitle')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              maxLength={300}
              required
            />
            <Textarea
              label={t('threads.makeItem.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={3}
              maxRows={10}
            />
            <Group grow align="flex-start">
              <TextInput
                type="date"
                label={t('threads.makeItem.dueDate')}
                value={dueDate}
                onChange={(e) => setDueDate(e.currentTarget.value)}
              />
              <MultiSelect
                label={t('threads.makeItem.assignees')}
                data={people.map((m) => ({ value: m.userId, label: m.displayName }))}
                value={assignees}
                onChange={setAssignees}
                disabled={!plan}
                searchable
              />
            </Group>
            {problem ? <FormError message={problem} /> : null}
            {error ? <FormError error={error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('threads.makeItem.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
