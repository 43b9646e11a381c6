import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate } from '../directory/dates';

/** Calendar dates (YYYY-MM-DD) in the interface language, the same day in every time zone. */
export function useCalendarDate(): (value: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
    return (value) => (value ? format.format(new Date(localDate(value))) : '—');
  }, [language]);
}

/** Today as a calendar date in UTC, as the server counts overdue items. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
