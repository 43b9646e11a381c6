import { List, Progress, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkPassword, type PasswordReason } from '../api/identity';

interface PasswordStrengthProps {
  id: string;
  password: string;
  email?: string;
  /** The local assumption until the server answers: 15, or 8 with two-step verification. */
  minLength: number;
}

const REASON_KEYS = {
  too_short: 'password.reason.tooShort',
  too_common: 'password.reason.tooCommon',
  contains_email: 'password.reason.containsEmail',
  too_long: 'password.reason.tooLong',
} as const satisfies Record<PasswordReason, string>;

/**
 * Live guidance under a new-password field: a length meter computed here, and the server's
 * verdict (common passwords, the e-mail address) a moment after typing stops.
 */
export function PasswordStrength({ id, password, email, minLength }: PasswordStrengthProps) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(password, 300);
  const check = useQuery({
    queryKey: ['auth', 'password-check', debounced, email ?? ''] as const,
    queryFn: ({ signal }) => checkPassword(debounced, email || undefined, signal),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    // Passwords should not linger in memory longer than the field shows them.
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
  });

  const min = check.data?.minLength ?? minLength;
  const length = [...password].length;
  const current = check.data && debounced === password ? check.data : undefined;
  const reasons = current?.reasons.filter((reason) => reason in REASON_KEYS) ?? [];

  return (
    <Stack gap={6} id={id}>
      {/* The section carries role="progressbar"; the root is only its track. */}
      <Progress.Root size="sm">
        <Progress.Section
          value={Math.round(Math.min(100, (length / min) * 100))}
          color={length >= min ? 'teal.9' : 'orange.9'}
          aria-label={t('password.meterLabel')}
        />
      </Progress.Root>
      <Text size="sm">{t('password.length', { count: length, min })}</Text>
      {/* Polite: read once typing pauses, without interrupting. */}
      <div aria-live="polite">
        {password.length === 0 ? null : !current ? (
          <Text size="sm" c="dimmed">
            {t('password.checking')}
          </Text>
        ) : current.acceptable ? (
          <Text size="sm" c="teal.9">
            {t('password.acceptable')}
          </Text>
        ) : (
          <List size="sm" c="red.9">
            {reasons.length > 0 ? (
              reasons.map((reason) => <List.Item key={reason}>{t(REASON_KEYS[reason], { min })}</List.Item>)
            ) : (
              <List.Item>{t('password.reason.other')}</List.Item>
            )}
          </List>
        )}
      </div>
    </Stack>
  );
}
