import {
  Alert,
  Button,
  CloseButton,
  Fieldset,
  Group,
  Loader,
  Menu,
  MultiSelect,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationSearchQuery } from '../api/directory';
import { messagingApi } from '../api/messaging';
import { WarningIcon } from '../components/icons';
import { useOrganisationLabel } from '../directory/organisation-picker';
import { READABLE_ALERT } from '../planning/alert-styles';
import { useAudienceOptions, useOrganisationNames, usePeopleNames, type Option } from './audience-options';
import { CONDITIONS, emptyClause, type AudienceDraft, type ClauseDraft, type Condition } from './audience-model';
import { PlusIcon } from './icons';

type Side = 'include' | 'exclude';

interface AudienceBuilderProps {
  value: AudienceDraft;
  onChange: (value: AudienceDraft) => void;
  /** Reasons from the server, by field (`audience.include[0]`, `audience`). */
  errors: Record<string, string>;
}

/**
 * Who an announcement is for: groups of people (anyone in any group), each described by
 * conditions that must all hold (countries, regions, EU members, kinds of organisation,
 * organisations, mandates, working groups, roles, named people), minus exclusions. The whole
 * network is a choice of its own: a group without conditions is not sent to anyone.
 */
export function AudienceBuilder({ value, onChange, errors }: AudienceBuilderProps) {
  const { t } = useTranslation();
  const setSide = (side: Side, clauses: ClauseDraft[]) => onChange({ ...value, [side]: clauses });
  // Reasons about the audience as a whole, or about names that do not exist (`audience.countries`).
  const general = Object.entries(errors)
    .filter(
      ([field]) =>
        field === 'audience' || (field.startsWith('audience.') && !/^audience\.(include|exclude)[[.]\d/.test(field)),
    )
    .map(([, reason]) => reason)
    .join(' ');

  const side = (which: Side) => (
    <Stack gap="sm">
      {value[which].map((clause, index) => (
        <ClauseEditor
          key={clause.key}
          side={which}
          index={index}
          clause={clause}
          error={errorsOf(errors, which, index)}
          onChange={(next) =>
            setSide(
              which,
              value[which].map((c) => (c.key === clause.key ? next : c)),
            )
          }
          onRemove={
            which === 'exclude' || value.include.length > 1
              ? () =>
                  setSide(
                    which,
                    value[which].filter((c) => c.key !== clause.key),
                  )
              : undefined
          }
        />
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<PlusIcon />}
          onClick={() => setSide(which, [...value[which], emptyClause()])}
          disabled={value[which].length >= 20}
        >
          {which === 'include' ? t('audience.addGroup') : t('audience.addExclusion')}
        </Button>
      </Group>
    </Stack>
  );

  return (
    <Stack gap="md">
      <Text size="sm">{t('audience.explain')}</Text>
      <section aria-labelledby="audience-include">
        <Title order={3} size="h4" id="audience-include" mb="xs">
          {t('audience.include')}
        </Title>
        {side('include')}
      </section>
      <section aria-labelledby="audience-exclude">
        <Title order={3} size="h4" id="audience-exclude" mb={4}>
          {t('audience.exclude')}
        </Title>
        <Text size="sm" mb="xs">
          {t('audience.excludeHint')}
        </Text>
        {side('exclude')}
      </section>
      {general ? (
        <Text size="sm" c="red.9" role="alert">
          {general}
        </Text>
      ) : null}
    </Stack>
  );
}

/** `audience.include[0]`, `audience.include.0.countries`… for one group. */
function errorsOf(errors: Record<string, string>, side: Side, index: number): string | undefined {
  const found = Object.entries(errors)
    .filter(
      ([field]) => field.startsWith(`audience.${side}[${index}]`) || field.startsWith(`audience.${side}.${index}`),
    )
    .map(([, reason]) => reason);
  return found.length ? found.join(' ') : undefined;
}

interface ClauseEditorProps {
  side: Side;
  index: number;
  clause: ClauseDraft;
  error?: string;
  onChange: (clause: ClauseDraft) => void;
  onRemove?: () => void;
}

function ClauseEditor({ side, index, clause, error, onChange, onRemove }: ClauseEditorProps) {
  const { t } = useTranslation();
  const options = useAudienceOptions();
  const legend =
    side === 'include' ? t('audience.groupLegend', { n: index + 1 }) : t('audience.exclusionLegend', { n: index + 1 });
  const conditionLabel = (condition: Condition) => t(`audience.condition.${condition}`);
  const remaining = CONDITIONS.filter((c) => !clause.shown.includes(c));
  const setValues = (condition: Exclude<Condition, 'euMembers'>, values: string[]) =>
    onChange({ ...clause, values: { ...clause.values, [condition]: values } });
  const removeCondition = (condition: Condition) =>
    onChange({
      ...clause,
      shown: clause.shown.filter((c) => c !== condition),
      values: condition === 'euMembers' ? clause.values : { ...clause.values, [condition]: [] },
    });
  const empty = !clause.everyone && clause.shown.length === 0;
  const errorId = `audience-${side}-${clause.key}-error`;

  const field = (condition: Condition): ReactNode => {
    switch (condition) {
      case 'euMembers':
        return <Text size="sm">{t('audience.euMembersOnly')}</Text>;
      case 'organisations':
        return (
          <OrganisationsInput
            label={conditionLabel(condition)}
            value={clause.values.organisations}
            onChange={(v) => setValues('organisations', v)}
          />
        );
      case 'users':
        return (
          <PeopleInput
            label={conditionLabel(condition)}
            value={clause.values.users}
            onChange={(v) => setValues('users', v)}
          />
        );
      default:
        return (
          <MultiSelect
            label={conditionLabel(condition)}
            data={options[condition]}
            value={clause.values[condition]}
            onChange={(v) => setValues(condition, v)}
            searchable
            hidePickedOptions
            nothingFoundMessage={t('audience.nothingFound')}
            rightSection={options.loading ? <Loader size="xs" aria-hidden="true" /> : undefined}
          />
        );
    }
  };

  return (
    <Fieldset legend={legend} data-testid={`audience-${side}`} aria-describedby={error || empty ? errorId : undefined}>
      <Stack gap="sm">
        {side === 'include' && index > 0 ? (
          <Text size="xs" c="dimmed">
            {t('audience.orHint')}
          </Text>
        ) : null}
        {clause.everyone ? (
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600}>{t('audience.everyoneChosen')}</Text>
            <Button variant="subtle" size="compact-sm" onClick={() => onChange({ ...clause, everyone: false })}>
              {t('audience.everyoneUndo')}
            </Button>
          </Group>
        ) : (
          clause.shown.map((condition) => (
            <Group key={condition} gap="xs" align="flex-end" wrap="nowrap" data-condition={condition}>
              <div style={{ flex: 1, minWidth: 0 }}>{field(condition)}</div>
              <CloseButton
                aria-label={t('audience.removeCondition', { condition: conditionLabel(condition) })}
                onClick={() => removeCondition(condition)}
                mb={4}
              />
            </Group>
          ))
        )}
        {empty ? (
          <Alert
            id={errorId}
            color="yellow"
            variant="light"
            icon={<WarningIcon />}
            styles={READABLE_ALERT}
            data-testid="audience-empty-group"
          >
            {side === 'include' ? t('audience.emptyGroup') : t('audience.emptyExclusion')}
          </Alert>
        ) : error ? (
          <Text size="sm" c="red.9" id={errorId}>
            {error}
          </Text>
        ) : null}
        <Group gap="xs">
          {clause.everyone ? null : (
            <Menu position="bottom-start" withInitialFocusPlaceholder={false}>
              <Menu.Target>
                <Button variant="default" size="xs" leftSection={<PlusIcon />}>
                  {t('audience.addCondition')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {side === 'include' ? (
                  <>
                    <Menu.Item onClick={() => onChange({ ...clause, everyone: true })}>
                      {t('audience.everyone')}
                    </Menu.Item>
                    <Menu.Divider />
                  </>
                ) : null}
                {remaining.map((condition) => (
                  <Menu.Item
                    key={condition}
                    onClick={() => onChange({ ...clause, shown: [...clause.shown, condition] })}
                  >
                    {conditionLabel(condition)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          {onRemove ? (
            <Button variant="default" c="red.9" size="xs" onClick={onRemove}>
              {side === 'include'
                ? t('audience.removeGroup', { n: index + 1 })
                : t('audience.removeExclusion', { n: index + 1 })}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Fieldset>
  );
}

/** Organisations found by typing (name or acronym), several at once. */
function OrganisationsInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  const labelOf = useOrganisationLabel();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const found = useQuery(organisationSearchQuery(debounced));
  const known = useOrganisationNames(value);
  const data = useMemo(() => {
    const options: Option[] = (found.data?.items ?? []).map((o) => ({ value: o.id, label: labelOf(o) }));
    for (const id of value)
      if (!options.some((o) => o.value === id)) options.push({ value: id, label: known.get(id) ?? id });
    return options;
  }, [found.data, value, known, labelOf]);
  return (
    <MultiSelect
      label={label}
      placeholder={t('audience.searchOrganisations')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      hidePickedOptions
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? t('organisationPicker.searching') : t('audience.nothingFound')}
      rightSection={found.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
    />
  );
}

/** People with an account, found by typing part of a name or e-mail. */
function PeopleInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => messagingApi.people({ q: debounced }),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const known = usePeopleNames(value);
  const data = useMemo(() => {
    const options: Option[] = (found.data?.items ?? []).map((p) => ({
      value: p.id,
      label: p.organisationName ? `${p.displayName} (${p.organisationName})` : p.displayName,
    }));
    for (const id of value)
      if (!options.some((o) => o.value === id)) options.push({ value: id, label: known.get(id) ?? id });
    return options;
  }, [found.data, value, known]);
  return (
    <MultiSelect
      label={label}
      placeholder={t('audience.searchPeople')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      hidePickedOptions
      filter={({ options }) => options}
      nothingFoundMessage={
        debounced.length < 2
          ? t('threads.typeToSearch')
          : found.isFetching
            ? t('organisationPicker.searching')
            : t('threads.nobodyFound')
      }
      rightSection={found.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
    />
  );
}
