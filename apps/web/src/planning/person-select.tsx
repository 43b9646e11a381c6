import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messagingApi, type Person } from '../api/messaging';

interface PersonSelectProps {
  label: string;
  description?: string;
  value: Person | null;
  onChange: (person: Person | null) => void;
  /** People not to offer (already members). */
  exclude?: ReadonlySet<string>;
  error?: string;
}

/** One person of the network, found by typing a name (GET /people?q=). */
export function PersonSelect({ label, description, value, onChange, exclude, error }: PersonSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const labelOf = (p: Person) => (p.organisationName ? `${p.displayName} (${p.organisationName})` : p.displayName);
  const typed = value && search === labelOf(value) ? '' : search;
  const [debounced] = useDebouncedValue(typed.trim(), 250);
  const found = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => messagingApi.people({ q: debounced }),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const options = useMemo(() => {
    const people = (found.data?.items ?? []).filter((p) => !exclude?.has(p.id));
    if (value && !people.some((p) => p.id === value.id)) people.unshift(value);
    return people;
  }, [found.data, value, exclude]);
  return (
    <Select
      label={label}
      description={description}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={options.map((p) => ({ value: p.id, label: labelOf(p) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(options.find((p) => p.id === id) ?? null)}
      nothingFoundMessage={
        debounced.length < 2
          ? t('threads.typeToSearch')
          : found.isFetching
            ? t('organisationPicker.searching')
            : t('threads.nobodyFound')
      }
      rightSection={found.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
      clearButtonProps={{ 'aria-label': t('planning.clearPerson') }}
      error={error}
    />
  );
}
