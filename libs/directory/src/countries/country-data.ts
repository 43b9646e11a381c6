import { createRequire } from 'node:module';
import { continents, countries } from 'countries-list';
import isoCountries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);

/** The 27 member states of the European Union. */
export const EU_MEMBERS = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;

/** Third countries that take part in the network by default (the secretariat can change this). */
export const DEFAULT_THIRD_COUNTRIES = [
  'NO',
  'IS',
  'CH',
  'GB',
  'UA',
  'MD',
  'AL',
  'RS',
  'ME',
  'MK',
  'BA',
  'US',
  'CA',
  'AU',
  'ET',
] as const;

/** Languages the directory can name countries in (the UI's languages first). */
export const COUNTRY_NAME_LANGUAGES = [
  'en',
  'pl',
  'de',
  'fr',
  'es',
  'it',
  'ro',
  'bg',
  'el',
  'cs',
  'sk',
  'hu',
  'nl',
  'pt',
  'sv',
  'da',
  'fi',
  'et',
  'lv',
  'lt',
  'sl',
  'hr',
  'ga',
  'mt',
] as const;
export type CountryNameLanguage = (typeof COUNTRY_NAME_LANGUAGES)[number];

for (const lang of COUNTRY_NAME_LANGUAGES) {
  try {
    isoCountries.registerLocale(
      require(`i18n-iso-countries/langs/${lang}.json`) as Parameters<typeof isoCountries.registerLocale>[0],
    );
  } catch {
    // A language the package does not ship falls back to English names.
  }
}

export interface CountryRecord {
  code: string;
  name: string;
  region: string;
  euMember: boolean;
  networkMember: boolean;
  languages: string[];
}

/** Every ISO 3166-1 alpha-2 country the packages know, with region and EU flag. */
export function allCountries(): CountryRecord[] {
  const eu = new Set<string>(EU_MEMBERS);
  const network = new Set<string>([...EU_MEMBERS, ...DEFAULT_THIRD_COUNTRIES]);
  return Object.keys(isoCountries.getAlpha2Codes())
    .sort()
    .map((code) => {
      const info = (
        countries as Record<string, { continent: keyof typeof continents; languages: string[] } | undefined>
      )[code];
      return {
        code,
        name: isoCountries.getName(code, 'en') ?? code,
        region: info ? continents[info.continent] : 'Other',
        euMember: eu.has(code),
        networkMember: network.has(code),
        languages: info?.languages ?? [],
      };
    });
}

/** A country's name in a language, falling back to English. */
export function countryName(code: string, lang: string): string | undefined {
  return isoCountries.getName(code, lang) ?? isoCountries.getName(code, 'en');
}

export const isCountryCode = (code: string) => isoCountries.isValid(code);
