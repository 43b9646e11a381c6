import { MultiSelect, NativeSelect, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Organisation } from '../api/directory';
import { PRIORITIES, type GroupMember, type Item, type ItemInput, type Priority } from '../api/planning';
import { OrganisationPicker } from '../directory/organisation-picker';
import { PersonPill } from '../threads/person-pill';

/** What the item form holds: text as typed, empty strings for "none". */
export interface ItemDraft {
  reference: string;
  title: string;
  description: string;
  leadOrganisation: Organisation | null;
  assigneeIds: string[];
  startDate: string;
  dueDate: string;
  priority: Priority;
  dependsOn: string[];
  progress: number;
}

export const EMPTY_DRAFT: ItemDraft = {
  reference: '',
  title: '',
  description: '',
  leadOrganisation: null,
  assigneeIds: [],
  startDate: '',
  dueDate: '',
  priority: 'normal',
  dependsOn: [],
  progress: 0,
};

export function draftOf(item: Item): ItemDraft {
  return {
    reference: item.reference,
    title: item.title,
    description: item.description ?? '',
    // The picker needs an organisation; the item names only its id, name and country.
    leadOrganisation: item.leadOrganisationId
      ? ({
          id: item.leadOrganisationId,
          name: item.leadOrganisationName ?? '',
          acronym: null,
          kind: 'law_enforcement',
          countryCode: item.countryCode,
          parentId: null,
          website: null,
          verifiedAt: null,
        } satisfies Organisation)
      : null,
    assigneeIds: item.assignees.map((a) => a.userId),
    startDate: item.startDate ?? '',
    dueDate: item.dueDate ?? '',
    priority: item.priority,
    dependsOn: [...item.dependsOn],
    progress: item.progress,
  };
}

/** A new item: only what was filled in. */
export function createInput(draft: ItemDraft): ItemInput & { title: string } {
  return {
    title: draft.title.trim(),
    ...(draft.reference.trim() ? { reference: draft.reference.trim() } : {}),
    ...(draft.description.trim() ? { description: draft.description } : {}),
    ...(draft.leadOrganisation ? { leadOrganisationId: draft.leadOrganisation.id } : {}),
    ...(draft.assigneeIds.length > 0 ? { assigneeIds: draft.assigneeIds } : {}),
    ...(draft.startDate ? { startDate: draft.startDate } : {}),
    ...(draft.dueDate ? { dueDate: draft.dueDate } : {}),
    priority: draft.priority,
    ...(draft.dependsOn.length > 0 ? { dependsOn: draft.dependsOn } : {}),
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((value) => b.includes(value));

/** An edit: the fields that differ from what the edit started from (the server keeps the others). */
export function changedInput(base: ItemDraft, draft: ItemDraft): ItemInput {
  const input: ItemInput = {};
  if (draft.reference.trim() !== base.reference) input.reference = draft.reference.trim();
  if (draft.title.trim() !== base.title) input.title = draft.title.trim();
  if (draft.description !== base.description) input.description = draft.description;
  if ((draft.leadOrganisation?.id ?? null) !== (base.leadOrganisation?.id ?? null))
    input.leadOrganisationId = draft.leadOrganisation?.id ?? null;
  if (!sameSet(draft.assigneeIds, base.assigneeIds)) input.assigneeIds = draft.assigneeIds;
  if (draft.startDate !== base.startDate) input.startDate = draft.startDate || null;
  if (draft.dueDate !== base.dueDate) input.dueDate = draft.dueDate || null;
  if (draft.priority !== base.priority) input.priority = draft.priority;
  if (!sameSet(draft.dependsOn, base.dependsOn)) input.dependsOn = draft.dependsOn;
  if (draft.progress !== base.progress) input.progress = draft.progress;
  return input;
}

export type ItemFieldErrors = Partial<Record<keyof ItemInput, string>>;

const FIELDS: (keyof ItemInput)[] = [
  'reference',
  'title',
  'description',
  'leadOrganisationId',
  'assigneeIds',
  'startDate',
  'dueDate',
  'priority',
  'dependsOn',
  'progress',
];

/** The server's reasons per field (400), or undefined when the error is not about fields. */
export function fieldErrorsOf(error: unknown): ItemFieldErrors | undefined {
  if (!(error instanceof ApiError) || error.statusCode !== 400 || error.details.length === 0) return undefined;
  const found: ItemFieldErrors = {};
  for (const field of FIELDS) {
    const reasons = error.reasonsFor(field);
    if (reasons.length > 0) found[field] = reasons.join(' ');
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

interface ItemFieldsProps {
  draft: ItemDraft;
  onChange: (draft: ItemDraft) => void;
  errors: ItemFieldErrors;
  /** Who may be assigned: the group's members. */
  members: GroupMember[];
  /** Items this one may depend on: the plan's others. */
  otherItems: Item[];
  /** Progress is set on existing items. */
  withProgress?: boolean;
}

export function ItemFields({ draft, onChange, errors, members, otherItems, withProgress = false }: ItemFieldsProps) {
  const { t } = useTranslation();
  const set = <K extends keyof ItemDraft>(key: K, value: ItemDraft[K]) => onChange({ ...draft, [key]: value });
  const memberOptions = members.map((m) => ({
    value: m.userId,
    label: m.organisationName ? `${m.displayName} (${m.organisationName})` : m.displayName,
  }));
  // Someone assigned earlier who has since left the group stays visible, so they can be removed.
  for (const id of draft.assigneeIds)
    if (!memberOptions.some((option) => option.value === id)) memberOptions.push({ value: id, label: id });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('planning.field.reference')}
          description={t('planning.field.referenceHint')}
          value={draft.reference}
          onChange={(event) => set('reference', event.currentTarget.value)}
          maxLength={40}
          error={errors.reference}
        />
        <TextInput
          label={t('planning.field.title')}
          value={draft.title}
          onChange={(event) => set('title', event.currentTarget.value)}
          maxLength={300}
          required
          error={errors.title}
          style={{ gridColumn: 'span 2' }}
          data-autofocus
        />
      </SimpleGrid>
      <Textarea
        label={t('planning.field.description')}
        description={t('planning.field.descriptionHint')}
        value={draft.description}
        onChange={(event) => set('description', event.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={12}
        error={errors.description}
      />
      <OrganisationPicker
        label={t('planning.field.leadOrganisation')}
        description={t('planning.field.leadOrganisationHint')}
        value={draft.leadOrganisation}
        onChange={(organisation) => set('leadOrganisation', organisation)}
        error={errors.leadOrganisationId}
      />
      <MultiSelect
        label={t('planning.field.assignees')}
        description={t('planning.field.assigneesHint')}
        data={memberOptions}
        value={draft.assigneeIds}
        onChange={(ids) => set('assigneeIds', ids)}
        searchable
        renderPill={(pill) => <PersonPill {...pill} />}
        nothingFoundMessage={t('planning.noMembersFound')}
        error={errors.assigneeIds}
      />
      <SimpleGrid cols={{ base: 1, sm: withProgress ? 4 : 3 }} spacing="sm">
        <TextInput
          type="date"
          label={t('planning.field.startDate')}
          value={draft.startDate}
          onChange={(event) => set('startDate', event.currentTarget.value)}
          error={errors.startDate}
        />
        <TextInput
          type="date"
          label={t('planning.field.dueDate')}
          value={draft.dueDate}
          onChange={(event) => set('dueDate', event.currentTarget.value)}
          error={errors.dueDate}
        />
        <NativeSelect
          label={t('planning.field.priority')}
          value={draft.priority}
          onChange={(event) => set('priority', event.currentTarget.value as Priority)}
          data={PRIORITIES.map((value) => ({ value, label: t(`planning.priority.${value}`) }))}
          error={errors.priority}
        />
        {withProgress ? (
          <NumberInput
            label={t('planning.field.progress')}
            value={draft.progress}
            onChange={(value) => set('progress', typeof value === 'number' ? value : Number(value) || 0)}
            min={0}
            max={100}
            step={10}
            suffix=" %"
            clampBehavior="strict"
            error={errors.progress}
          />
        ) : null}
      </SimpleGrid>
      <MultiSelect
        label={t('planning.field.dependsOn')}
        description={t('planning.field.dependsOnHint')}
        data={otherItems.map((item) => ({ value: item.id, label: `${item.reference} · ${item.title}` }))}
        value={draft.dependsOn}
        onChange={(ids) => set('dependsOn', ids)}
        searchable
        renderPill={(pill) => <PersonPill {...pill} />}
        nothingFoundMessage={t('planning.noItemsFound')}
        error={errors.dependsOn}
      />
    </Stack>
  );
}
