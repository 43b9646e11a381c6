import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, isSupportedLanguage, SUPPORTED_LANGUAGES } from '../i18n';
import { GlobeIcon } from './icons';

/**
 * A native <select>: it works the same with keyboard, screen readers and touch, and every
 * option stays in the accessibility tree.
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('language.label')}
      value={i18n.resolvedLanguage}
      onChange={(event) => {
        const code = event.currentTarget.value;
        if (isSupportedLanguage(code)) void changeLanguage(code);
      }}
      leftSection={<GlobeIcon />}
      size="sm"
      w={{ base: 112, xs: 136 }}
    >
      {SUPPORTED_LANGUAGES.map((language) => (
        // lang lets a screen reader pronounce each name in its own language.
        <option key={language.code} value={language.code} lang={language.code}>
          {language.autonym}
        </option>
      ))}
    </NativeSelect>
  );
}
