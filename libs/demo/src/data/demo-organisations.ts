import type { SeedOrganisation } from '@liaison/directory';

/** Fixed ids of the demo organisations, so the rest of the demo data can refer to them. */
export const DEMO_ORGANISATIONS = {
  secretariat: '00000000-0000-4000-8000-000000000001',
  polishPolice: '00000000-0000-4000-8000-000000000616',
  romanianPolice: '00000000-0000-4000-8000-000000000642',
  bka: '00000000-0000-4000-8000-000000000276',
} as const;

/** An organisation of the demo: seeded verified, with no parent. */
export type DemoOrganisation = Omit<SeedOrganisation, 'parentId' | 'verifiedAt'>;

/** The first demo organisations (real public bodies; every person in the demo is fictional). */
export const DEMO_ORGANISATION_LIST: DemoOrganisation[] = [
  {
    id: DEMO_ORGANISATIONS.secretariat,
    name: 'Network Secretariat',
    acronym: 'SEC',
    kind: 'secretariat',
    countryCode: null,
    website: null,
  },
  {
    id: DEMO_ORGANISATIONS.polishPolice,
    name: 'Komenda Główna Policji',
    acronym: 'KGP',
    kind: 'law_enforcement',
    countryCode: 'PL',
    website: 'https://policja.pl',
  },
  {
    id: DEMO_ORGANISATIONS.romanianPolice,
    name: 'Inspectoratul General al Poliției Române',
    acronym: 'IGPR',
    kind: 'law_enforcement',
    countryCode: 'RO',
    website: 'https://politiaromana.ro',
  },
  {
    id: DEMO_ORGANISATIONS.bka,
    name: 'Bundeskriminalamt',
    acronym: 'BKA',
    kind: 'law_enforcement',
    countryCode: 'DE',
    website: 'https://www.bka.de',
  },
  {
    id: '00000000-0000-4000-8000-000000001001',
    name: 'European Cybercrime Centre (Europol)',
    acronym: 'EC3',
    kind: 'eu_agency',
    countryCode: null,
    website: 'https://www.europol.europa.eu',
  },
  {
    id: '00000000-0000-4000-8000-000000001002',
    name: 'Ministerstwo Sprawiedliwości',
    acronym: 'MS',
    kind: 'ministry',
    countryCode: 'PL',
    website: 'https://www.gov.pl/web/sprawiedliwosc',
  },
  {
    id: '00000000-0000-4000-8000-000000001003',
    name: 'Διεύθυνση Δίωξης Ηλεκτρονικού Εγκλήματος',
    acronym: 'ΔΔΗΕ',
    kind: 'law_enforcement',
    countryCode: 'GR',
    website: null,
  },
  {
    id: '00000000-0000-4000-8000-000000001004',
    name: 'INHOPE',
    acronym: null,
    kind: 'hotline',
    countryCode: 'NL',
    website: 'https://www.inhope.org',
  },
];
