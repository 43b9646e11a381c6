import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, storeLanguage } from './detect-language';
import en from './en.json';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type LanguageCode } from './languages';
import plCatalogue from './pl.json';

// Typing every catalogue as the English one makes a key missing from a translation a compile error.
type Catalogue = typeof en;
const pl: Catalogue = plCatalogue;

/** Loads the catalogues and picks the language; call once, before the first render. */
export function initI18n(): typeof i18n {
  i18n.on('languageChanged', applyLanguageToDocument);
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, pl: { translation: pl } },
    lng: detectLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: SUPPORTED_LANGUAGES.map((language) => language.code),
    // Catalogues are bundled, so initialising synchronously avoids a first render without text.
    initAsync: false,
    // React escapes interpolated values itself.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return i18n;
}

/** Switches the interface language and remembers the choice on this device. */
export async function changeLanguage(code: LanguageCode): Promise<void> {
  storeLanguage(code);
  await i18n.changeLanguage(code);
}

function applyLanguageToDocument(language: string): void {
  // Screen readers pick their pronunciation from <html lang>.
  document.documentElement.lang = language;
  document.documentElement.dir = i18n.dir(language);
}

export { SUPPORTED_LANGUAGES, isSupportedLanguage, type LanguageCode } from './languages';
