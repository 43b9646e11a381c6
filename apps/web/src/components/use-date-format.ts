import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates and times in the interface language and the browser's time zone. */
export function useDateFormat(): { dateTime(value: string | null | undefined): string; date(value: string): string } {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'long' });
    return {
      dateTime: (value) => (value ? dateTime.format(new Date(value)) : '—'),
      date: (value) => date.format(new Date(value)),
    };
  }, [language]);
}
