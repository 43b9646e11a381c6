import { Alert, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { audiencePreviewQuery } from '../api/outreach';
import { InfoIcon, WarningIcon } from '../components/icons';
import { useDisplayNames } from '../directory/use-display-names';
import { READABLE_ALERT } from '../planning/alert-styles';
import { audienceToApi, isCountable, type AudienceDraft } from './audience-model';

const DEBOUNCE_MS = 350;

/**
 * Whom the audience reaches now, counted by the server while it is being built: the number, a few
 * names, the directory entries it describes that have no account, and a warning when nobody matches.
 */
export function AudiencePreviewPanel({ audience }: { audience: AudienceDraft }) {
  const { t } = useTranslation();
  const names = useDisplayNames();
  const countable = isCountable(audience);
  const asApi = useMemo(() => audienceToApi(audience), [audience]);
  const [debounced] = useDebouncedValue(asApi, DEBOUNCE_MS);
  const preview = useQuery({ ...audiencePreviewQuery(debounced), enabled: countable });
  const data = countable ? preview.data : undefined;
  const reasons =
    preview.error instanceof ApiError ? preview.error.details.flatMap((d) => d.reasons).join(' ') : undefined;

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="audience-preview-heading"
      data-testid="audience-preview"
    >
      <Stack gap="xs">
        <Group gap="xs" justify="space-between">
          <Title order={3} size="h4" id="audience-preview-heading">
            {t('audience.previewTitle')}
          </Title>
          {countable && preview.isFetching ? <Loader size="xs" aria-hidden="true" /> : null}
        </Group>
        <div aria-live="polite" aria-atomic="true">
          {!countable ? (
            <Text size="sm" data-testid="audience-count" data-count="">
              {t('audience.notCountable')}
            </Text>
          ) : preview.isError && !data ? (
            <Text size="sm" c="red.9" data-testid="audience-count" data-count="">
              {reasons || t('audience.previewFailed')}
            </Text>
          ) : data ? (
            <Text fz="xl" fw={700} data-testid="audience-count" data-count={data.count}>
              {t('audience.count', { count: data.count })}
            </Text>
          ) : (
            <Text size="sm" data-testid="audience-count" data-count="">
              {t('audience.counting')}
            </Text>
          )}
        </div>
        {data && data.count === 0 ? (
          <Alert
            color="yellow"
            variant="light"
            icon={<WarningIcon />}
            styles={READABLE_ALERT}
            data-testid="audience-warning"
          >
            {t('audience.nobody')}
          </Alert>
        ) : null}
        {data && data.contactsWithoutAccount > 0 ? (
          <Alert
            color="blue"
            variant="light"
            icon={<InfoIcon />}
            styles={READABLE_ALERT}
            data-testid="audience-unreached"
          >
            {t('audience.withoutAccount', { count: data.contactsWithoutAccount })}
          </Alert>
        ) : null}
        {data && data.sample.length > 0 ? (
          <>
            <Text size="sm" fw={600}>
              {t('audience.sample')}
            </Text>
            <Stack component="ul" gap={2} m={0} pl="md">
              {data.sample.map((person) => (
                <Text component="li" size="sm" key={person.userId}>
                  {[
                    person.displayName,
                    person.organisationName,
                    person.countryCode ? names.country(person.countryCode) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              ))}
            </Stack>
            {data.count > data.sample.length ? (
              <Text size="xs" c="dimmed">
                {t('audience.andMore', { count: data.count - data.sample.length })}
              </Text>
            ) : null}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
