import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Audience, AudienceClause } from '../api/outreach';
import { useDisplayNames } from '../directory/use-display-names';
import { useAudienceOptions, useOrganisationNames, usePeopleNames } from './audience-options';
import { CONDITIONS } from './audience-model';

/** An audience in words: "Countries: Poland, Denmark; Mandates: WeProtect", group by group. */
export function AudienceSummary({ audience }: { audience: Audience }) {
  const { t } = useTranslation();
  const all = [...audience.include, ...(audience.exclude ?? [])];
  const organisations = useOrganisationNames([...new Set(all.flatMap((c) => c.organisations ?? []))]);
  const people = usePeopleNames([...new Set(all.flatMap((c) => c.users ?? []))]);
  const options = useAudienceOptions();
  const names = useDisplayNames();

  const describe = (clause: AudienceClause): string => {
    if (clause.everyone) return t('audience.everyoneChosen');
    const lookup = (list: { value: string; label: string }[], value: string) =>
      list.find((o) => o.value === value)?.label ?? value;
    return CONDITIONS.flatMap((condition) => {
      if (condition === 'euMembers') return clause.euMembers ? [t('audience.euMembersOnly')] : [];
      const values = clause[condition] ?? [];
      if (values.length === 0) return [];
      const labels = values.map((v) =>
        condition === 'organisations'
          ? (organisations.get(v) ?? v)
          : condition === 'users'
            ? (people.get(v) ?? v)
            : condition === 'countries'
              ? names.country(v)
              : lookup(options[condition], v),
      );
      return [`${t(`audience.condition.${condition}`)}: ${names.list(labels)}`];
    }).join('; ');
  };

  return (
    <Stack gap="xs" data-testid="audience-summary">
      <Text size="sm" fw={600}>
        {t('audience.include')}
      </Text>
      <List size="sm" spacing={2}>
        {audience.include.map((clause, index) => (
          <List.Item key={index}>{describe(clause)}</List.Item>
        ))}
      </List>
      {audience.exclude?.length ? (
        <>
          <Text size="sm" fw={600}>
            {t('audience.exclude')}
          </Text>
          <List size="sm" spacing={2}>
            {audience.exclude.map((clause, index) => (
              <List.Item key={index}>{describe(clause)}</List.Item>
            ))}
          </List>
        </>
      ) : null}
    </Stack>
  );
}
