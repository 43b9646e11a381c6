import { Alert, Button, Group, Text, type AlertProps } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessageKey } from '../api/error-message';
import { WarningIcon } from './icons';

interface QueryErrorProps extends Omit<AlertProps, 'title' | 'children'> {
  error: unknown;
  onRetry: () => void;
  /** Shown while the retry is in flight, so a second press is not needed. */
  retrying?: boolean;
  /** Overrides the message derived from the error, for callers that know better. */
  messageKey?: ParseKeys;
}

/** A failed load: what happened, in the user's language, and a way to try again. */
export function QueryError({ error, onRetry, retrying = false, messageKey, ...alertProps }: QueryErrorProps) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" variant="light" icon={<WarningIcon />} {...alertProps}>
      <Group justify="space-between" align="center" gap="sm">
        <div>
          <Text size="sm">{t(messageKey ?? errorMessageKey(error))}</Text>
          {requestId ? <Text size="xs">{t('errors.requestId', { requestId })}</Text> : null}
        </div>
        {/* Not disabled while retrying: a disabled button would drop keyboard focus. */}
        <Button size="xs" variant="default" onClick={onRetry} aria-busy={retrying}>
          {retrying ? t('common.retrying') : t('common.retry')}
        </Button>
      </Group>
    </Alert>
  );
}
