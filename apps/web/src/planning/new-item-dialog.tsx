import { Alert, Button, Group, List, Modal, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery, planningApi, type Item, type PlanSummary } from '../api/planning';
import { FormError } from '../components/form-error';
import { WarningIcon } from '../components/icons';
import { applyItem } from './cache';
import {
  createInput,
  EMPTY_DRAFT,
  fieldErrorsOf,
  ItemFields,
  type ItemDraft,
  type ItemFieldErrors,
} from './item-fields';

interface NewItemDialogProps {
  opened: boolean;
  plan: PlanSummary;
  items: Item[];
  onClose: () => void;
  onCreated: (item: Item) => void;
}

/** Adds an item to a plan (chairs and members). */
export function NewItemDialog({ opened, plan, items, onClose, onCreated }: NewItemDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('planning.newItemTitle', { plan: plan.title })}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <NewItemForm plan={plan} items={items} onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

function NewItemForm({ plan, items, onClose, onCreated }: Omit<NewItemDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const group = useQuery(groupQuery(plan.groupId));
  const [draft, setDraft] = useState<ItemDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<ItemFieldErrors>({});
  const create = useMutation({
    mutationFn: () => planningApi.createItem(plan.id, createInput(draft)),
    onSuccess: (item) => {
      applyItem(queryClient, item);
      onCreated(item);
    },
    onError: (error) => setErrors(fieldErrorsOf(error) ?? {}),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!draft.title.trim()) return setErrors({ title: t('planning.titleRequired') });
    if (draft.startDate && draft.dueDate && draft.dueDate < draft.startDate)
      return setErrors({ dueDate: t('planning.dueBeforeStart') });
    setErrors({});
    create.mutate();
  };

  const unmatched = create.isError && !fieldErrorsOf(create.error);
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ItemFields
          draft={draft}
          onChange={setDraft}
          errors={errors}
          members={group.data?.members ?? []}
          otherItems={items}
        />
        {Object.keys(errors).length > 1 ? (
          <Alert role="alert" color="red" variant="light" icon={<WarningIcon />}>
            <List size="sm">
              {Object.values(errors).map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {unmatched ? <FormError error={create.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('planning.createItem')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
