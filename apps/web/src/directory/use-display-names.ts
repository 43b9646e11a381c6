import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface DisplayNames {
  /** A country's name in the interface language, from its ISO 3166-1 alpha-2 code. */
  country(code: string | null | undefined, fallback?: string): string;
  /** A language's name in the interface language, from its ISO 639-1 code. */
  language(code: string): string;
  /** "a, b and c" in the interface language. */
  list(values: readonly string[]): string;
}

/** Country and language names come from the browser's own data (Intl), so they follow the UI language. */
export function useDisplayNames(): DisplayNames {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const regions = safeDisplayNames(locale, 'region');
    const languages = safeDisplayNames(locale, 'language');
    const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
    return {
      list: (values) => lists.format(values),
      country: (code, fallback) => {
        if (!code) return fallback ?? '';
        return lookUp(regions, code.toUpperCase()) ?? fallback ?? code.toUpperCase();
      },
      language: (code) => lookUp(languages, code.toLowerCase()) ?? code,
    };
  }, [locale]);
}

function safeDisplayNames(locale: string, type: 'region' | 'language'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([locale], { type, fallback: 'none' });
  } catch {
    return undefined;
  }
}

function lookUp(names: Intl.DisplayNames | undefined, code: string): string | undefined {
  try {
    return names?.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}
