import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countriesQuery, mandatesQuery, ORGANISATION_KINDS, organisationQuery } from '../api/directory';
import { messagingApi } from '../api/messaging';
import { AUDIENCE_ROLES } from '../api/outreach';
import { groupsQuery } from '../api/planning';
import { useDisplayNames } from '../directory/use-display-names';
import { useDirectoryLabels } from '../directory/use-labels';
import { useRegionLabel } from './use-region-label';

export interface Option {
  value: string;
  label: string;
}

/** The values each audience condition can take, named in the interface language. */
export function useAudienceOptions() {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const labels = useDirectoryLabels();
  const regionLabel = useRegionLabel();
  const countries = useQuery(countriesQuery);
  const mandates = useQuery(mandatesQuery);
  const groups = useQuery(groupsQuery);
  return useMemo(() => {
    const countryOptions: Option[] = (countries.data ?? [])
      .map((c) => ({ value: c.code, label: names.country(c.code, c.name) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const regions = [...new Set((countries.data ?? []).map((c) => c.region).filter(Boolean))];
    return {
      countries: countryOptions,
      regions: regions.map((r) => ({ value: r, label: regionLabel(r) })).sort((a, b) => a.label.localeCompare(b.label)),
      organisationKinds: ORGANISATION_KINDS.map((k) => ({ value: k, label: labels.kind(k) })),
      mandates: (mandates.data ?? [])
        .filter((m) => m.active)
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((m) => ({ value: m.code, label: m.name })),
      groups: (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
      roles: AUDIENCE_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
      loading: countries.isPending || mandates.isPending || groups.isPending,
    };
  }, [
    countries.data,
    countries.isPending,
    mandates.data,
    mandates.isPending,
    groups.data,
    groups.isPending,
    names,
    labels,
    regionLabel,
    t,
  ]);
}

/** Names of organisations already chosen (a saved draft names them only by id). */
export function useOrganisationNames(ids: string[]): Map<string, string> {
  return useQueries({
    queries: ids.map((id) => organisationQuery(id)),
    combine: (results) => {
      const map = new Map<string, string>();
      for (const r of results)
        if (r.data) map.set(r.data.id, r.data.acronym ? `${r.data.name} (${r.data.acronym})` : r.data.name);
      return map;
    },
  });
}

/** Names of people already chosen, looked up by id. */
export function usePeopleNames(ids: string[]): Map<string, string> {
  const key = [...ids].sort().join(',');
  const found = useQuery({
    queryKey: ['people', 'ids', key],
    queryFn: () => messagingApi.people({ ids: key }),
    enabled: key.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  return useMemo(
    () =>
      new Map(
        (found.data?.items ?? []).map((p) => [
          p.id,
          p.organisationName ? `${p.displayName} (${p.organisationName})` : p.displayName,
        ]),
      ),
    [found.data],
  );
}
