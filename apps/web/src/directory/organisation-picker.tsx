import { Loader, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationQuery, organisationSearchQuery, type Organisation } from '../api/directory';
import { useDisplayNames } from './use-display-names';

const SEARCH_DEBOUNCE_MS = 200;

/** "Name (ACR) · Country", in the interface language. */
export function useOrganisationLabel(): (organisation: Organisation) => string {
  const { t } = useTranslation();
  const names = useDisplayNames();
  return (organisation) => {
    const country = organisation.countryCode ? names.country(organisation.countryCode) : t('directory.international');
    return organisation.acronym
      ? t('organisationPicker.option', { name: organisation.name, acronym: organisation.acronym, country })
      : t('organisationPicker.optionNoAcronym', { name: organisation.name, country });
  };
}

interface OrganisationPickerProps {
  label: string;
  description?: string;
  value: Organisation | null;
  onChange: (organisation: Organisation | null) => void;
  error?: string;
  required?: boolean;
}

/** A searchable organisation picker: what is typed is searched on the server (name or acronym). */
export function OrganisationPicker({ label, description, value, onChange, error, required }: OrganisationPickerProps) {
  const { t } = useTranslation();
  const labelOf = useOrganisationLabel();
  const [search, setSearch] = useState('');
  const selectedLabel = value ? labelOf(value) : '';
  // Once an organisation is picked, the box shows its label: that is not a new search.
  const typed = search === selectedLabel ? '' : search;
  const [debounced] = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const found = useQuery(organisationSearchQuery(debounced));

  const options = useMemo(() => {
    const items = [...(found.data?.items ?? [])];
    if (value && !items.some((item) => item.id === value.id)) items.unshift(value);
    return items;
  }, [found.data, value]);

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('organisationPicker.placeholder')}
      required={required}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already matched (typo- and accent-tolerant): show its answer as it is.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? t('organisationPicker.searching') : t('organisationPicker.nothingFound')}
      rightSection={found.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
      data={options.map((organisation) => ({ value: organisation.id, label: labelOf(organisation) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(options.find((organisation) => organisation.id === id) ?? null)}
      error={error}
      clearButtonProps={{ 'aria-label': t('organisationPicker.clear') }}
    />
  );
}

/** The organisation an org admin works in, shown where they cannot choose another. */
export function FixedOrganisation({
  label,
  description,
  organisationId,
  error,
}: {
  label: string;
  description?: string;
  organisationId: string;
  error?: string;
}) {
  const labelOf = useOrganisationLabel();
  const organisation = useQuery(organisationQuery(organisationId));
  return (
    <TextInput
      label={label}
      description={description}
      readOnly
      value={organisation.data ? labelOf(organisation.data) : ''}
      rightSection={organisation.isPending ? <Loader size="xs" aria-hidden="true" /> : undefined}
      error={error}
    />
  );
}
