/** Languages the client ships translations for, in the order the switcher lists them. */
export const SUPPORTED_LANGUAGES = [
  // Each language is named in itself, so people find their own language whatever is shown.
  { code: 'en', autonym: 'English' },
  { code: 'pl', autonym: 'Polski' },
] as const;

export type LanguageCode = (typeof SUPPORTED_LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'en';

export const LANGUAGE_STORAGE_KEY = 'liaison.lang';

export function isSupportedLanguage(value: unknown): value is LanguageCode {
  return SUPPORTED_LANGUAGES.some((language) => language.code === value);
}
