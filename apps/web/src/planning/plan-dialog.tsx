import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  currentFromConflict,
  isConflict,
  PLAN_STATUSES,
  planningApi,
  planningKeys,
  TLPS,
  type PlanStatus,
  type PlanSummary,
  type Tlp,
} from '../api/planning';
import { FormError } from '../components/form-error';
import { applyPlan } from './cache';

interface PlanDialogProps {
  opened: boolean;
  /** The group a new plan belongs to. */
  groupId: string;
  /** Set to edit this plan instead of creating one. */
  plan?: PlanSummary;
  onClose: () => void;
  onSaved: (plan: PlanSummary) => void;
}

/** Creates a plan in a group, or changes one (chairs). */
export function PlanDialog({ opened, groupId, plan, onClose, onSaved }: PlanDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={plan ? t('planning.editPlanTitle') : t('planning.newPlanTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <PlanForm groupId={groupId} plan={plan} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

interface Draft {
  title: string;
  objective: string;
  tlp: Tlp;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
}

const draftOf = (plan: PlanSummary | undefined): Draft => ({
  title: plan?.title ?? '',
  objective: plan?.objective ?? '',
  tlp: plan?.tlp ?? 'AMBER',
  periodStart: plan?.periodStart ?? '',
  periodEnd: plan?.periodEnd ?? '',
  status: plan?.status ?? 'draft',
});

type Errors = Partial<Record<keyof Draft, string>>;

function PlanForm({ groupId, plan, onClose, onSaved }: Omit<PlanDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [version, setVersion] = useState(plan?.version ?? 0);
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: draft.title.trim(),
        objective: draft.objective.trim() || undefined,
        tlp: draft.tlp,
        periodStart: draft.periodStart || undefined,
        periodEnd: draft.periodEnd || undefined,
        status: draft.status,
      };
      return plan
        ? planningApi.updatePlan(plan.id, { version, ...body })
        : planningApi.createPlan({ groupId, ...body });
    },
    onSuccess: (saved) => {
      applyPlan(queryClient, saved);
      void queryClient.invalidateQueries({ queryKey: planningKeys.group(groupId) });
      void queryClient.invalidateQueries({ queryKey: planningKeys.groups });
      void queryClient.invalidateQueries({ queryKey: planningKeys.plans });
      onSaved(saved);
    },
    onError: (error) => {
      if (isConflict(error)) {
        // Keep what was typed; the next save is based on the current version.
        const current = currentFromConflict<PlanSummary>(error);
        if (current) {
          applyPlan(queryClient, current);
          setVersion(current.version);
        }
        setConflict(true);
        return;
      }
      if (error instanceof ApiError) {
        const found: Errors = {};
        for (const field of ['title', 'objective', 'tlp', 'periodStart', 'periodEnd', 'status'] as const) {
          const reasons = error.reasonsFor(field);
          if (reasons.length > 0) found[field] = reasons.join(' ');
        }
        setErrors(found);
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setConflict(false);
    if (!draft.title.trim()) return setErrors({ title: t('planning.titleRequired') });
    if (draft.periodStart && draft.periodEnd && draft.periodEnd < draft.periodStart)
      return setErrors({ periodEnd: t('planning.endBeforeStart') });
    setErrors({});
    save.mutate();
  };
  const unexplained = save.isError && !isConflict(save.error) && Object.keys(errors).length === 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('planning.field.planTitle')}
          value={draft.title}
          onChange={(event) => set('title', event.currentTarget.value)}
          maxLength={200}
          required
          error={errors.title}
          data-autofocus
        />
        <Textarea
          label={t('planning.field.objective')}
          value={draft.objective}
          onChange={(event) => set('objective', event.currentTarget.value)}
          autosize
          minRows={2}
          error={errors.objective}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={t('planning.field.tlp')}
            description={t('planning.field.tlpHint')}
            value={draft.tlp}
            onChange={(event) => set('tlp', event.currentTarget.value as Tlp)}
            data={TLPS.map((value) => ({ value, label: `TLP:${value} — ${t(`planning.tlpMeaning.${value}`)}` }))}
            error={errors.tlp}
          />
          <NativeSelect
            label={t('planning.field.planStatus')}
            value={draft.status}
            onChange={(event) => set('status', event.currentTarget.value as PlanStatus)}
            data={PLAN_STATUSES.map((value) => ({ value, label: t(`planning.planStatus.${value}`) }))}
            error={errors.status}
          />
          <TextInput
            type="date"
            label={t('planning.field.periodStart')}
            value={draft.periodStart}
            onChange={(event) => set('periodStart', event.currentTarget.value)}
            error={errors.periodStart}
          />
          <TextInput
            type="date"
            label={t('planning.field.periodEnd')}
            value={draft.periodEnd}
            onChange={(event) => set('periodEnd', event.currentTarget.value)}
            error={errors.periodEnd}
          />
        </SimpleGrid>
        {conflict ? <FormError message={t('planning.conflictPlan')} /> : null}
        {unexplained ? <FormError error={save.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {plan ? t('planning.save') : t('planning.createPlan')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
