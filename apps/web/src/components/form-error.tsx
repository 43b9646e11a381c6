import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessageKey } from '../api/error-message';
import { WarningIcon } from './icons';

interface FormErrorProps {
  /** A message already chosen by the caller; otherwise one derived from the error. */
  message?: string;
  error?: unknown;
}

/** A failed submission, announced to screen readers as it appears. */
export function FormError({ message, error }: FormErrorProps) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError && error.statusCode >= 500 ? error.requestId : undefined;
  return (
    <Alert role="alert" color="red" variant="light" icon={<WarningIcon />}>
      <Text size="sm">{message ?? t(errorMessageKey(error))}</Text>
      {requestId ? <Text size="xs">{t('errors.requestId', { requestId })}</Text> : null}
    </Alert>
  );
}
