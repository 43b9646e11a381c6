import { type CountryCode, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import {
  type ContactPhone,
  type ContactStatus,
  countryName,
  DEFAULT_THIRD_COUNTRIES,
  type DesignationRole,
  type DesignationScope,
  type DesignationStatus,
  EU_MEMBERS,
  fold,
  nameVariants,
  type OrganisationKind,
  type SeedContact,
  type SeedDesignation,
  type SeedOrganisation,
  type Visibility,
} from '@liaison/directory';
import { DEMO_ORGANISATION_LIST, DEMO_ORGANISATIONS, type DemoOrganisation } from './demo-organisations.js';

/*
 * The demo network: about 300 organisations and 2000 fictional people across the EU-27, the
 * network's third countries and the international bodies, with national points of contact for
 * most mandates and realistic gaps. Everything comes from one seeded generator, so every start
 * and every test sees the same network (only dates move with `now`).
 */

/** The seed of the demo network; change it and every generated name, number and gap changes. */
export const DEMO_NETWORK_SEED = 20260611;

/** Fixed ids of the generated organisations that tests and the rest of the demo data refer to. */
export const DEMO_NETWORK_ORGANISATIONS = {
  hostingProvider: '00000000-0000-4000-9000-000000000001',
  slovakPolice: '00000000-0000-4000-9000-000000000002',
  cyprusPolice: '00000000-0000-4000-9000-000000000003',
  maltaPolice: '00000000-0000-4000-9000-000000000004',
  bulgarianPolice: '00000000-0000-4000-9000-000000000005',
  danishPolice: '00000000-0000-4000-9000-000000000006',
  interpol: '00000000-0000-4000-9000-000000000007',
  eurojust: '00000000-0000-4000-9000-000000000008',
  commission: '00000000-0000-4000-9000-000000000009',
  cepol: '00000000-0000-4000-9000-000000000010',
  weprotect: '00000000-0000-4000-9000-000000000011',
} as const;
type NetworkOrganisationKey = keyof typeof DEMO_NETWORK_ORGANISATIONS;

/** Fixed ids of the people the scenarios name (their e-mails are their demo accounts' where they have one). */
export const DEMO_CONTACT_IDS = {
  /** Jürgen Müller, Bundeskriminalamt, primary for victim identification (DE); jurgen.mueller@liaison.test. */
  jurgenMueller: '00000000-0000-4000-a000-000000000001',
  /** Ana Ionescu, Romanian Police, primary for victim identification (RO); ana.ionescu@liaison.test. */
  anaIonescu: '00000000-0000-4000-a000-000000000002',
  /** Łukasz Kowalski, Polish Police (KGP), primary for victim identification (PL). */
  lukaszKowalski: '00000000-0000-4000-a000-000000000003',
  /** Tomasz Kowalczyk, Polish Police (KGP), the org admin orgadmin.pl@liaison.test; no designation. */
  tomaszKowalczyk: '00000000-0000-4000-a000-000000000004',
  /** Sofia Lindqvist, Network Secretariat, secretariat@liaison.test; no designation. */
  sofiaLindqvist: '00000000-0000-4000-a000-000000000005',
  /** Γεώργιος Παπαδόπουλος, Hellenic Police cybercrime, primary for victim identification (GR). */
  georgiosPapadopoulos: '00000000-0000-4000-a000-000000000006',
  /** Иван Иванов, ГДБОП, primary for victim identification (BG). */
  ivanIvanov: '00000000-0000-4000-a000-000000000007',
  /** Mette Sørensen, Danish Police NC3, primary for victim identification (DK). */
  metteSorensen: '00000000-0000-4000-a000-000000000008',
  /** Ανδρέας Χριστοδούλου, Cyprus Police, primary for victim identification (CY); he and it last confirmed 200 days ago. */
  cyprusVictimIdPrimary: '00000000-0000-4000-a000-000000000009',
  /** Keith Borg, Malta Police, primary for victim identification (MT), which has no deputy. */
  maltaVictimIdPrimary: '00000000-0000-4000-a000-000000000010',
  /** Zuzana Horváthová, Slovak Police, primary for victim identification (SK); last confirmed 181 days ago. */
  slovakStaleContact: '00000000-0000-4000-a000-000000000011',
  /** Michal Baláž, Slovak Police, a colleague she can hand over to; no designation. */
  slovakSuccessor: '00000000-0000-4000-a000-000000000012',
  /** Thijs de Vries, trust-and-safety lead of a hosting provider (industry, NL); no designation. */
  trustAndSafetyLead: '00000000-0000-4000-a000-000000000013',
  /** Pieter Janssens, Europol EC3 analyst, deputy for victim identification on behalf of EC3. */
  ec3Analyst: '00000000-0000-4000-a000-000000000014',
  /** A BKA officer, Jürgen's deputy for victim identification (DE), visible to law enforcement only. */
  germanVictimIdDeputy: '00000000-0000-4000-a000-000000000015',
} as const;
type NamedKey = keyof typeof DEMO_CONTACT_IDS;

/** The mandates seeded by the Mandates migration, in their order. */
export const DEMO_MANDATES = [
  'victim_identification',
  'csam_removal',
  'digital_evidence',
  'prevention',
  'victim_support',
  'live_streaming',
  'travelling_offenders',
  'empact_cse',
  'weprotect',
  'policy_legislation',
  'training',
] as const;
type MandateCode = (typeof DEMO_MANDATES)[number];

export interface NetworkOrganisation extends SeedOrganisation {
  /** Already inserted by the demo organisations seeder (DEMO_ORGANISATION_LIST). */
  existing: boolean;
  /** The mail domain of its people (always under .test). */
  mailDomain: string;
  timeZone: string;
}

/** A person of the network (the directory derives their sort name and search columns). */
export type NetworkContact = SeedContact;

export type NetworkDesignation = SeedDesignation;

export interface DemoNetwork {
  organisations: NetworkOrganisation[];
  contacts: NetworkContact[];
  designations: NetworkDesignation[];
}

// ---------------------------------------------------------------------------------------------
// Randomness: a small seeded generator (mulberry32), never Math.random.

/** A deterministic pseudo-random source. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Up to `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

// ---------------------------------------------------------------------------------------------
// Countries: languages, time zone, a capital-city landline pattern (# = any digit; numbers are
// checked with libphonenumber), plausible given and family names in the national script.

/** A family name, or its [masculine, feminine] forms. */
type FamilyName = string | [string, string];

/** [kind, name, acronym, mail domain (without .test), options]. */
type OrgRow = [
  OrganisationKind,
  string,
  string | null,
  string,
  { key?: NetworkOrganisationKey; parent?: string; website?: string }?,
];

/** Names from a comma-separated list. */
const names = (list: string): string[] => list.split(', ');
/** Family names from a comma-separated list, `masculine/feminine` where the forms differ. */
const families = (list: string): FamilyName[] =>
  names(list).map((name) => (name.includes('/') ? (name.split('/') as [string, string]) : name));

interface CountryProfile {
  languages: string[];
  /** Speakers of several national languages get one of these first (BE, CH, LU, CA, BA). */
  firstLanguages?: string[];
  timeZone: string;
  landline: string;
  female: string[];
  male: string[];
  family: FamilyName[];
  /** Spanish-style double family names (always), or Portuguese-style (sometimes). */
  doubleFamily?: number;
  /** E-mail addresses spell umlauts and ø/å out (mueller, soerensen). */
  expandMail?: boolean;
  organisations: OrgRow[];
}

// prettier-ignore
export const COUNTRY_PROFILES: Record<string, CountryProfile> = {
  AT: {
    languages: ['de'],
    timeZone: 'Europe/Vienna',
    landline: '+43153126#####',
    expandMail: true,
    female: names('Anna, Katharina, Lisa, Julia, Sabine, Elisabeth, Verena, Barbara, Theresa, Magdalena'),
    male: names('Lukas, Florian, Stefan, Andreas, Markus, Thomas, Michael, Christoph, Matthias, Günther'),
    family: families('Gruber, Huber, Bauer, Wagner, Pichler, Steiner, Moser, Mayer, Hofer, Leitner, Berger, Fuchs, Eder, Wallner, Schüller, Pölzl'),
    organisations: [
      ['ministry', 'Bundesministerium für Inneres', 'BMI', 'bmi.gv.at', { website: 'https://www.bmi.gv.at' }],
      ['law_enforcement', 'Bundeskriminalamt Österreich', 'BK', 'bundeskriminalamt.at'],
      ['law_enforcement', 'Landespolizeidirektion Wien – Landeskriminalamt', 'LKA Wien', 'polizei.gv.at'],
      ['ministry', 'Bundesministerium für Justiz', 'BMJ', 'bmj.gv.at'],
      ['prosecution', 'Staatsanwaltschaft Wien', 'StA Wien', 'justiz.gv.at'],
      ['hotline', 'Stopline', null, 'stopline.at', { website: 'https://www.stopline.at' }],
      ['civil_society', 'die möwe Kinderschutzzentren', null, 'die-moewe.at'],
      ['research', 'Universität Wien, Institut für Strafrecht und Kriminologie', null, 'univie.ac.at'],
      ['industry', 'Alpenwolke Hosting GmbH', null, 'alpenwolke.at'],
    ],
  },
  BE: {
    languages: ['nl', 'fr', 'de'],
    firstLanguages: ['nl', 'fr'],
    timeZone: 'Europe/Brussels',
    landline: '+322#######',
    female: names('Marie, Sophie, Lotte, Elke, Nathalie, Charlotte, Els, Julie, Camille, Griet'),
    male: names('Thomas, Wouter, Jan, Nicolas, Olivier, Koen, Maxime, Bart, Frédéric, Jérôme'),
    family: families('Peeters, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, De Smet, Dubois, Lambert, Dupont, Leclercq, Vandenberghe, Van Damme, Lemaître'),
    organisations: [
      ['ministry', 'SPF Intérieur / FOD Binnenlandse Zaken', 'IBZ', 'ibz.be'],
      ['law_enforcement', 'Police fédérale – Federal Computer Crime Unit', 'FCCU', 'police.belgium.eu'],
      ['law_enforcement', 'Police judiciaire fédérale de Bruxelles', 'PJF Bruxelles', 'pjf-bru.police.belgium.eu'],
      ['ministry', 'SPF Justice / FOD Justitie', null, 'just.fgov.be'],
      ['prosecution', 'Parquet fédéral / Federaal Parket', null, 'om-mp.be'],
      ['hotline', 'Child Focus', null, 'childfocus.be', { website: 'https://www.childfocus.be' }],
      ['research', 'KU Leuven, Leuvens Instituut voor Criminologie', 'LINC', 'kuleuven.be'],
      ['research', 'Université de Liège, Faculté de Droit', 'ULiège', 'uliege.be'],
      ['industry', 'Scheldt Datacenters NV', null, 'scheldtdc.be'],
    ],
  },
  BG: {
    languages: ['bg'],
    timeZone: 'Europe/Sofia',
    landline: '+3592#######',
    female: names('Мария, Елена, Десислава, Гергана, Петя, Надежда, Виктория, Радослава, Цветелина, Йорданка'),
    male: names('Георги, Димитър, Николай, Стефан, Петър, Христо, Александър, Тодор, Стоян, Калоян'),
    family: families('Петров/Петрова, Георгиев/Георгиева, Димитров/Димитрова, Николов/Николова, Стоянов/Стоянова, Христов/Христова, Тодоров/Тодорова, Колев/Колева, Маринов/Маринова, Атанасов/Атанасова, Попов/Попова, Ангелов/Ангелова'),
    organisations: [
      ['ministry', 'Министерство на вътрешните работи', 'МВР', 'mvr.bg'],
      ['law_enforcement', 'Главна дирекция „Борба с организираната престъпност“', 'ГДБОП', 'gdbop.bg', { key: 'bulgarianPolice' }],
      ['ministry', 'Министерство на правосъдието', 'МП', 'justice.government.bg'],
      ['prosecution', 'Прокуратура на Република България', null, 'prb.bg'],
      ['hotline', 'Национален център за безопасен интернет', null, 'safenet.bg'],
      ['ministry', 'Държавна агенция за закрила на детето', 'ДАЗД', 'sacp.government.bg'],
      ['research', 'Софийски университет „Св. Климент Охридски“', 'СУ', 'uni-sofia.bg'],
    ],
  },
  HR: {
    languages: ['hr'],
    timeZone: 'Europe/Zagreb',
    landline: '+3851#######',
    female: names('Ivana, Marija, Petra, Martina, Maja, Lucija, Katarina, Nikolina, Dubravka, Ana'),
    male: names('Ivan, Marko, Luka, Tomislav, Josip, Krešimir, Dario, Hrvoje, Matej, Željko'),
    family: families('Horvat, Kovačević, Babić, Marić, Jurić, Novak, Knežević, Vuković, Marković, Petrović, Matić, Tomić, Pavlović, Božić'),
    organisations: [
      ['ministry', 'Ministarstvo unutarnjih poslova', 'MUP', 'mup.hr'],
      ['law_enforcement', 'Ravnateljstvo policije – Služba kibernetičke sigurnosti', null, 'policija.hr'],
      ['ministry', 'Ministarstvo pravosuđa, uprave i digitalne transformacije', null, 'mpu.hr'],
      ['prosecution', 'Državno odvjetništvo Republike Hrvatske', 'DORH', 'dorh.hr'],
      ['hotline', 'Centar za sigurniji internet', null, 'csi.hr'],
      ['civil_society', 'Hrabri telefon', null, 'hrabritelefon.hr'],
      ['research', 'Sveučilište u Zagrebu, Pravni fakultet', null, 'pravo.unizg.hr'],
    ],
  },
  CY: {
    languages: ['el'],
    timeZone: 'Asia/Nicosia',
    landline: '+35722######',
    female: names('Μαρία, Ελένη, Άννα, Χριστίνα, Σοφία, Κατερίνα, Παναγιώτα, Ανδρούλλα, Δέσποινα, Στέλλα'),
    male: names('Ανδρέας, Χρίστος, Γιώργος, Κώστας, Μιχάλης, Νίκος, Σάββας, Παναγιώτης, Λοΐζος, Μάριος'),
    family: families('Χριστοδούλου, Γεωργίου, Κωνσταντίνου, Ιωάννου, Χαραλάμπους, Νικολάου, Αντωνίου, Λοΐζου, Ευαγγέλου, Σάββα, Στυλιανού, Κυριάκου, Πέτρου'),
    organisations: [
      ['ministry', 'Υπουργείο Δικαιοσύνης και Δημόσιας Τάξεως', null, 'mjpo.gov.cy'],
      ['law_enforcement', 'Αστυνομία Κύπρου – Υπηρεσία Καταπολέμησης Ηλεκτρονικού Εγκλήματος', null, 'police.gov.cy', { key: 'cyprusPolice' }],
      ['prosecution', 'Νομική Υπηρεσία της Δημοκρατίας', null, 'law.gov.cy'],
      ['hotline', 'Cyprus Safer Internet Hotline', null, 'cyberethics.info'],
      ['civil_society', 'Hope For Children CRC Policy Center', null, 'uncrcpc.org'],
      ['research', 'Πανεπιστήμιο Κύπρου', null, 'ucy.ac.cy'],
    ],
  },
  CZ: {
    languages: ['cs'],
    timeZone: 'Europe/Prague',
    landline: '+420224######',
    female: names('Jana, Lucie, Petra, Kateřina, Tereza, Markéta, Veronika, Hana, Barbora, Zdeňka'),
    male: names('Jan, Petr, Tomáš, Jiří, Martin, Ondřej, Lukáš, Jakub, Pavel, Radek'),
    family: families('Novák/Nováková, Svoboda/Svobodová, Dvořák/Dvořáková, Černý/Černá, Procházka/Procházková, Kučera/Kučerová, Veselý/Veselá, Horák/Horáková, Němec/Němcová, Pokorný/Pokorná, Marek/Marková, Růžička/Růžičková, Kříž/Křížová'),
    organisations: [
      ['ministry', 'Ministerstvo vnitra České republiky', 'MV ČR', 'mvcr.cz'],
      ['law_enforcement', 'Policejní prezidium ČR – Úřad služby kriminální policie a vyšetřování', 'ÚSKPV', 'policie.cz'],
      ['law_enforcement', 'Krajské ředitelství policie hlavního města Prahy', 'KŘP Praha', 'praha.policie.cz'],
      ['ministry', 'Ministerstvo spravedlnosti', 'MSp', 'msp.justice.cz'],
      ['prosecution', 'Nejvyšší státní zastupitelství', 'NSZ', 'nsz.cz'],
      ['hotline', 'Stop online', null, 'stoponline.cz'],
      ['civil_society', 'Linka bezpečí', null, 'linkabezpeci.cz'],
      ['research', 'Masarykova univerzita, Právnická fakulta', 'MU', 'law.muni.cz'],
      ['industry', 'Vltava Cloud s.r.o.', null, 'vltavacloud.cz'],
    ],
  },
  DK: {
    languages: ['da'],
    timeZone: 'Europe/Copenhagen',
    landline: '+4533######',
    expandMail: true,
    female: names('Anne, Camilla, Louise, Sofie, Kirsten, Line, Maja, Ida, Signe, Birgitte'),
    male: names('Lars, Søren, Mads, Rasmus, Jens, Anders, Frederik, Mikkel, Henrik, Niels'),
    family: families('Jensen, Nielsen, Hansen, Pedersen, Andersen, Christensen, Larsen, Rasmussen, Jørgensen, Madsen, Kristensen, Møller, Østergaard, Thomsen'),
    organisations: [
      ['ministry', 'Justitsministeriet', 'JM', 'jm.dk'],
      ['law_enforcement', 'Rigspolitiet – National Cyber Crime Center', 'NC3', 'politi.dk', { key: 'danishPolice' }],
      ['law_enforcement', 'Københavns Politi', null, 'kbh.politi.dk'],
      ['prosecution', 'Rigsadvokaten', null, 'anklagemyndigheden.dk'],
      ['hotline', 'Red Barnet', null, 'redbarnet.dk'],
      ['civil_society', 'Børns Vilkår', null, 'bornsvilkar.dk'],
      ['research', 'Københavns Universitet, Det Juridiske Fakultet', 'KU', 'jur.ku.dk'],
      ['industry', 'Øresund Hosting ApS', null, 'oresundhosting.dk'],
    ],
  },
  EE: {
    languages: ['et'],
    timeZone: 'Europe/Tallinn',
    landline: '+3726######',
    female: names('Kadri, Triin, Liis, Kristiina, Maarja, Kertu, Helen, Piret, Anu, Mari'),
    male: names('Andres, Tõnu, Martin, Rein, Priit, Siim, Margus, Jaan, Toomas, Kristjan'),
    family: families('Tamm, Saar, Sepp, Mägi, Kask, Kukk, Rebane, Ilves, Pärn, Koppel, Lepik, Kallas, Õunapuu'),
    organisations: [
      ['ministry', 'Siseministeerium', null, 'siseministeerium.ee'],
      ['law_enforcement', 'Politsei- ja Piirivalveamet', 'PPA', 'politsei.ee'],
      ['ministry', 'Justiits- ja Digiministeerium', null, 'just.ee'],
      ['prosecution', 'Prokuratuur', null, 'prokuratuur.ee'],
      ['hotline', 'Vihjeliin (Lastekaitse Liit)', null, 'lastekaitseliit.ee'],
      ['research', 'Tartu Ülikool', 'TÜ', 'ut.ee'],
    ],
  },
  FI: {
    languages: ['fi', 'sv'],
    timeZone: 'Europe/Helsinki',
    landline: '+3589#######',
    female: names('Anna, Laura, Johanna, Minna, Sanna, Heidi, Katja, Elina, Riikka, Päivi'),
    male: names('Mikko, Juha, Jukka, Antti, Timo, Pekka, Matti, Ville, Janne, Jaakko'),
    family: families('Korhonen, Virtanen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen, Koskinen, Järvinen, Lehtonen, Salminen, Heinonen'),
    organisations: [
      ['ministry', 'Sisäministeriö', 'SM', 'intermin.fi'],
      ['law_enforcement', 'Keskusrikospoliisi', 'KRP', 'poliisi.fi'],
      ['ministry', 'Oikeusministeriö', 'OM', 'oikeusministerio.fi'],
      ['prosecution', 'Syyttäjälaitos', null, 'syyttajalaitos.fi'],
      ['hotline', 'Pelastakaa Lapset ry – Nettivihje', null, 'pelastakaalapset.fi'],
      ['research', 'Helsingin yliopisto', null, 'helsinki.fi'],
      ['research', 'Poliisiammattikorkeakoulu', 'Polamk', 'polamk.fi'],
      ['industry', 'Revontuli Hosting Oy', null, 'revontulihosting.fi'],
    ],
  },
  FR: {
    languages: ['fr'],
    timeZone: 'Europe/Paris',
    landline: '+331########',
    female: names('Camille, Claire, Émilie, Isabelle, Nathalie, Sophie, Céline, Hélène, Aurélie, Margaux'),
    male: names('Julien, Nicolas, Pierre, François, Sébastien, Thomas, Antoine, Jérôme, Mathieu, Benoît'),
    family: families('Martin, Bernard, Dubois, Durand, Lefèvre, Moreau, Laurent, Girard, Roux, Fournier, Mercier, Chevalier, Gauthier, Bérenger, Faure'),
    organisations: [
      ['ministry', 'Ministère de l’Intérieur', null, 'interieur.gouv.fr'],
      ['law_enforcement', 'Office mineurs', 'OFMIN', 'ofmin.interieur.gouv.fr'],
      ['law_enforcement', 'Gendarmerie nationale – Unité nationale cyber', 'UNC', 'gendarmerie.interieur.gouv.fr'],
      ['law_enforcement', 'Brigade de protection des mineurs de Paris', 'BPM', 'prefecturedepolice.interieur.gouv.fr'],
      ['law_enforcement', 'Plateforme PHAROS', 'PHAROS', 'pharos.interieur.gouv.fr'],
      ['ministry', 'Ministère de la Justice', null, 'justice.gouv.fr'],
      ['prosecution', 'Parquet de Paris – Section de lutte contre la cybercriminalité', null, 'tj-paris.justice.fr'],
      ['hotline', 'Point de Contact', null, 'pointdecontact.net', { website: 'https://www.pointdecontact.net' }],
      ['civil_society', 'Association e-Enfance', null, 'e-enfance.org'],
      ['research', 'Université Paris-Panthéon-Assas', null, 'assas-universite.fr'],
      ['industry', 'Nuage Lumière SAS', null, 'nuagelumiere.fr'],
    ],
  },
  DE: {
    languages: ['de'],
    timeZone: 'Europe/Berlin',
    landline: '+4930########',
    expandMail: true,
    female: names('Anna, Katrin, Sabine, Julia, Stefanie, Claudia, Franziska, Annika, Jana, Birgit, Ute'),
    male: names('Thomas, Michael, Stefan, Andreas, Matthias, Tobias, Sebastian, Markus, Jörg, Florian, Björn'),
    family: families('Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch, Richter, Klein, Wolf, Schröder, Neumann, Krüger, Böhm, Weiß'),
    organisations: [
      ['ministry', 'Bundesministerium des Innern', 'BMI', 'bmi.bund.de', { website: 'https://www.bmi.bund.de' }],
      ['ministry', 'Bundesministerium der Justiz', 'BMJ', 'bmj.bund.de'],
      ['ministry', 'Bundesministerium für Familie, Senioren, Frauen und Jugend', 'BMFSFJ', 'bmfsfj.bund.de'],
      ['prosecution', 'Generalstaatsanwaltschaft Frankfurt am Main – Zentralstelle zur Bekämpfung der Internetkriminalität', 'ZIT', 'gsta.justiz.hessen.de'],
      ['law_enforcement', 'Landeskriminalamt Nordrhein-Westfalen', 'LKA NRW', 'lka.polizei.nrw.de'],
      ['law_enforcement', 'Bayerisches Landeskriminalamt', 'BLKA', 'polizei.bayern.de'],
      ['law_enforcement', 'Landeskriminalamt Berlin', 'LKA Berlin', 'polizei.berlin.de'],
      ['hotline', 'jugendschutz.net', null, 'jugendschutz.net', { website: 'https://www.jugendschutz.net' }],
      ['hotline', 'eco – Verband der Internetwirtschaft, Beschwerdestelle', 'eco', 'eco.de'],
      ['civil_society', 'Innocence in Danger e.V.', null, 'innocenceindanger.de'],
      ['research', 'Kriminologisches Forschungsinstitut Niedersachsen', 'KFN', 'kfn.de'],
      ['industry', 'Rheinwolke Hosting GmbH', null, 'rheinwolke.de'],
    ],
  },
  GR: {
    languages: ['el'],
    timeZone: 'Europe/Athens',
    landline: '+30210#######',
    female: names('Μαρία, Ελένη, Αικατερίνη, Βασιλική, Σοφία, Αγγελική, Δήμητρα, Ευαγγελία, Γεωργία, Ιωάννα'),
    male: names('Δημήτριος, Ιωάννης, Κωνσταντίνος, Νικόλαος, Παναγιώτης, Βασίλειος, Χρήστος, Αθανάσιος, Ευάγγελος, Μιχαήλ'),
    family: families('Παπαδάκης/Παπαδάκη, Γεωργίου, Οικονόμου, Νικολάου, Αντωνίου, Βλάχος/Βλάχου, Αλεξίου, Μακρής/Μακρή, Κωνσταντινίδης/Κωνσταντινίδου, Παπαγεωργίου, Δημητρόπουλος/Δημητροπούλου, Καραγιάννης/Καραγιάννη, Ιωαννίδης/Ιωαννίδου'),
    organisations: [
      ['ministry', 'Υπουργείο Προστασίας του Πολίτη', null, 'mopocp.gov.gr'],
      ['law_enforcement', 'Ελληνική Αστυνομία – Υποδιεύθυνση Προστασίας Ανηλίκων Αττικής', null, 'astynomia.gr'],
      ['ministry', 'Υπουργείο Δικαιοσύνης', null, 'ministryofjustice.gr'],
      ['prosecution', 'Εισαγγελία Πρωτοδικών Αθηνών', null, 'eisap.gr'],
      ['hotline', 'SafeLine', null, 'safeline.gr'],
      ['civil_society', 'Το Χαμόγελο του Παιδιού', null, 'hamogelo.gr'],
      ['research', 'Ίδρυμα Τεχνολογίας και Έρευνας', 'ΙΤΕ', 'forth.gr'],
    ],
  },
  HU: {
    languages: ['hu'],
    timeZone: 'Europe/Budapest',
    landline: '+361#######',
    female: names('Katalin, Erzsébet, Zsófia, Eszter, Anikó, Krisztina, Réka, Dóra, Ildikó, Orsolya'),
    male: names('László, István, Gábor, Zoltán, Péter, Tamás, Attila, Balázs, Ferenc, Levente'),
    family: families('Nagy, Kovács, Tóth, Szabó, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, Szűcs, Fekete, Kőrösi, Lőrincz'),
    organisations: [
      ['ministry', 'Belügyminisztérium', 'BM', 'bm.gov.hu'],
      ['law_enforcement', 'Nemzeti Nyomozó Iroda', 'NNI', 'police.hu'],
      ['law_enforcement', 'Budapesti Rendőr-főkapitányság', 'BRFK', 'brfk.police.hu'],
      ['industry', 'Duna Stream Kft.', null, 'dunastream.hu'],
      ['ministry', 'Igazságügyi Minisztérium', 'IM', 'im.gov.hu'],
      ['prosecution', 'Legfőbb Ügyészség', null, 'ugyeszseg.hu'],
      ['hotline', 'Internet Hotline (NMHH)', null, 'nmhh.hu'],
      ['civil_society', 'Kék Vonal Gyermekkrízis Alapítvány', null, 'kek-vonal.hu'],
      ['research', 'Eötvös Loránd Tudományegyetem', 'ELTE', 'elte.hu'],
    ],
  },
  IE: {
    languages: ['en', 'ga'],
    timeZone: 'Europe/Dublin',
    landline: '+3531#######',
    female: names('Siobhán, Aoife, Niamh, Ciara, Sinéad, Orla, Róisín, Mairéad, Clodagh, Gráinne'),
    male: names('Seán, Ciarán, Pádraig, Eoin, Cathal, Darragh, Conor, Dónal, Liam, Fergal'),
    family: families('Murphy, Kelly, O’Sullivan, Walsh, O’Brien, Byrne, Ryan, O’Connor, Doyle, McCarthy, Gallagher, Ó Briain, Nolan'),
    organisations: [
      ['ministry', 'Department of Justice, Home Affairs and Migration', 'DoJ', 'justice.ie'],
      ['law_enforcement', 'An Garda Síochána – Garda National Protective Services Bureau', 'GNPSB', 'garda.ie'],
      ['law_enforcement', 'An Garda Síochána – Garda National Cyber Crime Bureau', 'GNCCB', 'cyber.garda.ie'],
      ['prosecution', 'Office of the Director of Public Prosecutions', 'ODPP', 'dppireland.ie'],
      ['hotline', 'Hotline.ie', null, 'hotline.ie', { website: 'https://hotline.ie' }],
      ['civil_society', 'ISPCC Childline', 'ISPCC', 'ispcc.ie'],
      ['ministry', 'Coimisiún na Meán', null, 'cnam.ie'],
      ['research', 'Dublin City University, Anti-Bullying Centre', 'DCU', 'dcu.ie'],
      ['industry', 'Liffey Social Ltd', null, 'liffeysocial.ie'],
    ],
  },
  IT: {
    languages: ['it'],
    timeZone: 'Europe/Rome',
    landline: '+3906########',
    female: names('Giulia, Francesca, Chiara, Sara, Valentina, Elena, Alessandra, Federica, Silvia, Martina'),
    male: names('Marco, Luca, Andrea, Alessandro, Giuseppe, Francesco, Matteo, Davide, Stefano, Lorenzo'),
    family: families('Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, De Luca, Mancini, Fontana, Barbieri, Nicolò'),
    organisations: [
      ['ministry', 'Ministero dell’Interno', null, 'interno.gov.it'],
      ['law_enforcement', 'Polizia Postale e per la Sicurezza Cibernetica – Centro Nazionale per il Contrasto alla Pedopornografia Online', 'CNCPO', 'poliziadistato.it'],
      ['law_enforcement', 'Centro Operativo per la Sicurezza Cibernetica Lombardia', 'COSC Milano', 'milano.poliziadistato.it'],
      ['law_enforcement', 'Arma dei Carabinieri – Reparto Operativo Speciale', 'ROS', 'carabinieri.it'],
      ['ministry', 'Ministero della Giustizia', null, 'giustizia.it'],
      ['prosecution', 'Procura della Repubblica presso il Tribunale di Roma', null, 'procura.roma.giustizia.it'],
      ['hotline', 'Telefono Azzurro', null, 'azzurro.it'],
      ['civil_society', 'Save the Children Italia', null, 'savethechildren.it'],
      ['research', 'Università di Bologna', null, 'unibo.it'],
      ['industry', 'Nuvola Italica S.r.l.', null, 'nuvolaitalica.it'],
    ],
  },
  LV: {
    languages: ['lv'],
    timeZone: 'Europe/Riga',
    landline: '+37167######',
    female: names('Ilze, Inese, Kristīne, Līga, Dace, Sandra, Laura, Agnese, Santa, Zane'),
    male: names('Jānis, Andris, Māris, Edgars, Mārtiņš, Kārlis, Aivars, Raimonds, Artūrs, Gints'),
    family: families('Bērziņš/Bērziņa, Kalniņš/Kalniņa, Ozoliņš/Ozoliņa, Jansons/Jansone, Ozols/Ozola, Liepiņš/Liepiņa, Krūmiņš/Krūmiņa, Balodis/Balode, Vītols/Vītola, Kļaviņš/Kļaviņa, Zariņš/Zariņa'),
    organisations: [
      ['ministry', 'Iekšlietu ministrija', 'IeM', 'iem.gov.lv'],
      ['law_enforcement', 'Valsts policija – Kibernoziegumu apkarošanas pārvalde', 'VP', 'vp.gov.lv'],
      ['ministry', 'Tieslietu ministrija', 'TM', 'tm.gov.lv'],
      ['prosecution', 'Latvijas Republikas Prokuratūra', null, 'prokuratura.gov.lv'],
      ['hotline', 'Drossinternets.lv', null, 'drossinternets.lv'],
      ['research', 'Latvijas Universitāte', 'LU', 'lu.lv'],
      ['industry', 'Baltic Pixel Hosting SIA', null, 'balticpixel.lv'],
    ],
  },
  LT: {
    languages: ['lt'],
    timeZone: 'Europe/Vilnius',
    landline: '+37052######',
    female: names('Rūta, Jurgita, Eglė, Aistė, Gintarė, Indrė, Kristina, Vaida, Ieva, Dalia'),
    male: names('Tomas, Mindaugas, Darius, Andrius, Vytautas, Paulius, Rimantas, Saulius, Giedrius, Tadas'),
    family: families('Kazlauskas/Kazlauskienė, Jankauskas/Jankauskienė, Petrauskas/Petrauskienė, Stankevičius/Stankevičienė, Vasiliauskas/Vasiliauskienė, Žukauskas/Žukauskienė, Butkus/Butkienė, Paulauskas/Paulauskienė, Urbonas/Urbonienė, Kavaliauskas/Kavaliauskaitė, Navickas/Navickaitė'),
    organisations: [
      ['ministry', 'Vidaus reikalų ministerija', 'VRM', 'vrm.lt'],
      ['law_enforcement', 'Lietuvos kriminalinės policijos biuras', 'LKPB', 'policija.lt'],
      ['ministry', 'Teisingumo ministerija', 'TM', 'tm.lt'],
      ['prosecution', 'Lietuvos Respublikos generalinė prokuratūra', null, 'prokuraturos.lt'],
      ['hotline', 'Draugiškas internetas (RRT)', null, 'draugiskasinternetas.lt'],
      ['civil_society', 'Vaikų linija', null, 'vaikulinija.lt'],
      ['research', 'Vilniaus universitetas', 'VU', 'vu.lt'],
    ],
  },
  LU: {
    languages: ['lb', 'fr', 'de'],
    timeZone: 'Europe/Luxembourg',
    landline: '+352247#####',
    expandMail: true,
    female: names('Anne, Claudine, Martine, Carole, Sandra, Nathalie, Joëlle, Tessy, Sophie, Michèle'),
    male: names('Marc, Jean, Luc, Patrick, Claude, Georges, Tom, Pol, Yves, Gilles'),
    family: families('Schmit, Weber, Wagner, Hoffmann, Thill, Schmitz, Kremer, Reuter, Reding, Kieffer, Lentz, Faber'),
    organisations: [
      ['ministry', 'Ministère de la Justice', null, 'mj.public.lu'],
      ['law_enforcement', 'Police grand-ducale – Service de police judiciaire', 'SPJ', 'police.public.lu'],
      ['prosecution', 'Parquet général', null, 'justice.public.lu'],
      ['hotline', 'BEE SECURE Stopline', null, 'stopline.bee-secure.lu'],
      ['research', 'Université du Luxembourg', null, 'uni.lu'],
      ['industry', 'Moselle Datacenter S.A.', null, 'moselledc.lu'],
    ],
  },
  MT: {
    languages: ['mt', 'en'],
    timeZone: 'Europe/Malta',
    landline: '+35621######',
    female: names('Maria, Rebecca, Claire, Michela, Roberta, Graziella, Doris, Josianne, Marthese, Stephanie'),
    male: names('Joseph, Mark, Kurt, Mario, Clayton, Charles, Adrian, Ġorġ, Ivan, Nikolai'),
    family: families('Camilleri, Vella, Farrugia, Zammit, Galea, Micallef, Grech, Attard, Spiteri, Azzopardi, Mifsud, Cassar, Ċutajar'),
    organisations: [
      ['ministry', 'Ministry for Home Affairs, Security and Employment', 'MHSE', 'homeaffairs.gov.mt'],
      ['law_enforcement', 'Malta Police Force – Cyber Crime Unit', null, 'pulizija.gov.mt', { key: 'maltaPolice' }],
      ['prosecution', 'Office of the Attorney General', null, 'ag.gov.mt'],
      ['hotline', 'Childwebalert (Malta Foundation for the Wellbeing of Society)', null, 'mfws.org.mt'],
      ['research', 'University of Malta', null, 'um.edu.mt'],
    ],
  },
  NL: {
    languages: ['nl'],
    timeZone: 'Europe/Amsterdam',
    landline: '+3170#######',
    female: names('Sanne, Lotte, Anouk, Eva, Femke, Marieke, Inge, Esther, Linda, Ilse'),
    male: names('Daan, Bram, Jeroen, Ruben, Maarten, Sander, Joost, Wouter, Niels, Gijs'),
    family: families('de Jong, Jansen, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Hendriks, van Leeuwen'),
    organisations: [
      ['ministry', 'Ministerie van Justitie en Veiligheid', 'JenV', 'minjenv.nl'],
      ['law_enforcement', 'Politie – Team Bestrijding Kinderpornografie en Kindersekstoerisme', 'TBKK', 'politie.nl'],
      ['law_enforcement', 'Politie – Eenheid Rotterdam, Team Zeden', null, 'rotterdam.politie.nl'],
      ['prosecution', 'Openbaar Ministerie', 'OM', 'om.nl'],
      ['hotline', 'Offlimits', null, 'offlimits.nl', { website: 'https://www.offlimits.nl' }],
      ['ministry', 'Autoriteit Online Terroristisch en Kinderpornografisch Materiaal', 'ATKM', 'atkm.nl'],
      ['research', 'Universiteit Leiden', null, 'leidenuniv.nl'],
      ['industry', 'Polderhost B.V.', null, 'polderhost.nl', { key: 'hostingProvider' }],
      ['industry', 'Grachtenstream B.V.', null, 'grachtenstream.nl'],
    ],
  },
  PL: {
    languages: ['pl'],
    timeZone: 'Europe/Warsaw',
    landline: '+4822#######',
    female: names('Anna, Katarzyna, Małgorzata, Agnieszka, Joanna, Magdalena, Ewa, Aleksandra, Monika, Żaneta, Dorota'),
    male: names('Piotr, Krzysztof, Paweł, Michał, Marcin, Grzegorz, Jakub, Wojciech, Bartłomiej, Sławomir, Jędrzej'),
    family: families('Nowak, Wiśniewski/Wiśniewska, Wójcik, Kamiński/Kamińska, Lewandowski/Lewandowska, Zieliński/Zielińska, Szymański/Szymańska, Woźniak, Dąbrowski/Dąbrowska, Kozłowski/Kozłowska, Jankowski/Jankowska, Mazur, Krawczyk, Piotrowski/Piotrowska, Grabowski/Grabowska, Pawłowski/Pawłowska'),
    organisations: [
      ['ministry', 'Ministerstwo Spraw Wewnętrznych i Administracji', 'MSWiA', 'mswia.gov.pl'],
      ['law_enforcement', 'Centralne Biuro Zwalczania Cyberprzestępczości', 'CBZC', 'cbzc.policja.gov.pl'],
      ['law_enforcement', 'Komenda Wojewódzka Policji w Krakowie', 'KWP Kraków', 'malopolska.policja.gov.pl', { parent: DEMO_ORGANISATIONS.polishPolice }],
      ['prosecution', 'Prokuratura Krajowa', 'PK', 'pk.gov.pl'],
      ['hotline', 'Dyżurnet.pl (NASK)', null, 'dyzurnet.pl', { website: 'https://dyzurnet.pl' }],
      ['research', 'NASK Państwowy Instytut Badawczy', 'NASK PIB', 'nask.pl'],
      ['civil_society', 'Fundacja Dajemy Dzieciom Siłę', 'FDDS', 'fdds.pl'],
      ['research', 'Uniwersytet Warszawski, Wydział Prawa i Administracji', 'UW', 'wpia.uw.edu.pl'],
      ['industry', 'Wisła Hosting sp. z o.o.', null, 'wislahosting.pl'],
    ],
  },
  PT: {
    languages: ['pt'],
    timeZone: 'Europe/Lisbon',
    landline: '+35121#######',
    doubleFamily: 0.6,
    female: names('Ana, Maria, Inês, Joana, Sofia, Catarina, Beatriz, Mariana, Rita, Conceição'),
    male: names('João, José, Pedro, Rui, Miguel, Tiago, Nuno, Luís, André, Gonçalo'),
    family: families('Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, Fernandes, Gonçalves, Gomes, Lopes, Magalhães, Simões'),
    organisations: [
      ['ministry', 'Ministério da Administração Interna', 'MAI', 'mai.gov.pt'],
      ['law_enforcement', 'Polícia Judiciária – Unidade Nacional de Combate ao Cibercrime e à Criminalidade Tecnológica', 'UNC3T', 'pj.pt'],
      ['law_enforcement', 'Guarda Nacional Republicana', 'GNR', 'gnr.pt'],
      ['ministry', 'Ministério da Justiça', 'MJ', 'mj.gov.pt'],
      ['prosecution', 'Procuradoria-Geral da República', 'PGR', 'ministeriopublico.pt'],
      ['hotline', 'Linha Internet Segura (APAV)', null, 'apav.pt'],
      ['civil_society', 'Instituto de Apoio à Criança', 'IAC', 'iacrianca.pt'],
      ['research', 'Universidade de Lisboa, Faculdade de Direito', null, 'fd.ulisboa.pt'],
    ],
  },
  RO: {
    languages: ['ro'],
    timeZone: 'Europe/Bucharest',
    landline: '+4021#######',
    female: names('Ioana, Elena, Andreea, Mihaela, Cristina, Alexandra, Gabriela, Raluca, Simona, Roxana, Ștefania'),
    male: names('Andrei, Alexandru, Mihai, Ștefan, Cristian, Bogdan, Florin, Răzvan, Adrian, Ionuț, Cătălin'),
    family: families('Popescu, Popa, Dumitru, Stan, Stoica, Gheorghe, Munteanu, Constantinescu, Dobre, Matei, Ștefănescu, Lungu, Nistor, Țăranu, Dumitrescu, Radu'),
    organisations: [
      ['ministry', 'Ministerul Afacerilor Interne', 'MAI', 'mai.gov.ro'],
      ['ministry', 'Ministerul Justiției', 'MJ', 'just.ro'],
      ['prosecution', 'Direcția de Investigare a Infracțiunilor de Criminalitate Organizată și Terorism', 'DIICOT', 'diicot.ro'],
      ['prosecution', 'Parchetul de pe lângă Înalta Curte de Casație și Justiție', 'PÎCCJ', 'mpublic.ro'],
      ['law_enforcement', 'Inspectoratul de Poliție Județean Cluj', 'IPJ Cluj', 'cj.politiaromana.ro', { parent: DEMO_ORGANISATIONS.romanianPolice }],
      ['hotline', 'Salvați Copiii România – Ora de Net', null, 'salvaticopiii.ro'],
      ['ministry', 'Autoritatea Națională pentru Protecția Drepturilor Copilului și Adopție', 'ANPDCA', 'anpdca.ro'],
      ['research', 'Universitatea din București', 'UB', 'unibuc.ro'],
      ['industry', 'Carpați Cloud S.R.L.', null, 'carpaticloud.ro'],
    ],
  },
  SK: {
    languages: ['sk'],
    timeZone: 'Europe/Bratislava',
    landline: '+4212########',
    female: names('Jana, Katarína, Lucia, Mária, Monika, Petra, Ivana, Martina, Soňa, Eva'),
    male: names('Peter, Martin, Tomáš, Juraj, Marek, Ján, Ľubomír, Miroslav, Štefan, Róbert'),
    family: families('Kováč/Kováčová, Varga/Vargová, Tóth/Tóthová, Nagy/Nagyová, Szabó/Szabóová, Molnár/Molnárová, Lukáč/Lukáčová, Šimko/Šimková, Hudák/Hudáková, Polák/Poláková, Ďurica/Ďuricová, Krajčír/Krajčírová'),
    organisations: [
      ['ministry', 'Ministerstvo vnútra Slovenskej republiky', 'MV SR', 'minv.sk'],
      ['law_enforcement', 'Prezídium Policajného zboru – Národná kriminálna agentúra', 'NAKA', 'policia.sk', { key: 'slovakPolice' }],
      ['ministry', 'Ministerstvo spravodlivosti Slovenskej republiky', 'MS SR', 'justice.gov.sk'],
      ['prosecution', 'Generálna prokuratúra Slovenskej republiky', 'GP SR', 'genpro.gov.sk'],
      ['hotline', 'Stopline.sk', null, 'stopline.sk'],
      ['civil_society', 'Linka detskej istoty', 'LDI', 'ldi.sk'],
      ['research', 'Univerzita Komenského v Bratislave', 'UK', 'uniba.sk'],
    ],
  },
  SI: {
    languages: ['sl'],
    timeZone: 'Europe/Ljubljana',
    landline: '+3861#######',
    female: names('Maja, Nina, Petra, Tjaša, Mojca, Špela, Urška, Barbara, Nataša, Katja'),
    male: names('Matej, Luka, Jure, Gregor, Blaž, Rok, Primož, Aleš, Boštjan, Žiga'),
    family: families('Novak, Horvat, Kovačič, Krajnc, Zupančič, Potočnik, Kovač, Mlakar, Vidmar, Golob, Turk, Kos, Hribar, Žagar'),
    organisations: [
      ['ministry', 'Ministrstvo za notranje zadeve', 'MNZ', 'mnz.gov.si'],
      ['law_enforcement', 'Policija – Uprava kriminalistične policije', 'UKP', 'policija.si'],
      ['ministry', 'Ministrstvo za pravosodje', 'MP', 'mp.gov.si'],
      ['prosecution', 'Vrhovno državno tožilstvo', 'VDT', 'dt-rs.si'],
      ['hotline', 'Spletno oko', null, 'spletno-oko.si'],
      ['research', 'Univerza v Mariboru, Fakulteta za varnostne vede', 'FVV', 'fvv.um.si'],
    ],
  },
  ES: {
    languages: ['es'],
    timeZone: 'Europe/Madrid',
    landline: '+3491#######',
    doubleFamily: 1,
    female: names('María, Carmen, Lucía, Laura, Marta, Elena, Paula, Cristina, Raquel, Nuria, Begoña'),
    male: names('Javier, David, Carlos, Jorge, Alejandro, Pablo, Sergio, Íñigo, Álvaro, Raúl, Jesús'),
    family: families('García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Navarro, Iglesias'),
    organisations: [
      ['ministry', 'Ministerio del Interior', null, 'interior.gob.es'],
      ['law_enforcement', 'Policía Nacional – Unidad Central de Ciberdelincuencia', 'UCC', 'policia.es'],
      ['law_enforcement', 'Guardia Civil – Grupo de Delitos Telemáticos', 'GDT', 'guardiacivil.es'],
      ['law_enforcement', 'Mossos d’Esquadra – Unitat Central de Delictes Informàtics', null, 'mossos.cat'],
      ['ministry', 'Ministerio de la Presidencia, Justicia y Relaciones con las Cortes', null, 'mjusticia.gob.es'],
      ['prosecution', 'Fiscalía General del Estado – Fiscalía de Sala de Criminalidad Informática', 'FGE', 'fiscal.es'],
      ['hotline', 'INCIBE – Línea de Ayuda en Ciberseguridad', 'INCIBE', 'incibe.es'],
      ['civil_society', 'Fundación ANAR', null, 'anar.org'],
      ['research', 'Universidad Complutense de Madrid', 'UCM', 'ucm.es'],
      ['industry', 'Nube Ibérica S.L.', null, 'nubeiberica.es'],
    ],
  },
  SE: {
    languages: ['sv'],
    timeZone: 'Europe/Stockholm',
    landline: '+468########',
    female: names('Anna, Eva, Maria, Karin, Sara, Emma, Johanna, Linnéa, Åsa, Ingrid'),
    male: names('Erik, Lars, Anders, Johan, Mikael, Per, Karl, Björn, Magnus, Oskar'),
    family: families('Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, Pettersson, Lindberg, Åberg, Sjöberg, Ström'),
    organisations: [
      ['ministry', 'Justitiedepartementet', null, 'regeringskansliet.se'],
      ['law_enforcement', 'Polismyndigheten – Nationella operativa avdelningen', 'NOA', 'polisen.se'],
      ['prosecution', 'Åklagarmyndigheten', null, 'aklagare.se'],
      ['hotline', 'ECPAT Sverige', null, 'ecpat.se'],
      ['civil_society', 'Barnens Rätt i Samhället', 'BRIS', 'bris.se'],
      ['research', 'Barnafrid – Linköpings universitet', null, 'liu.se'],
      ['research', 'Brottsförebyggande rådet', 'Brå', 'bra.se'],
      ['industry', 'Norrsken Hosting AB', null, 'norrskenhosting.se'],
    ],
  },
  NO: {
    languages: ['no'],
    timeZone: 'Europe/Oslo',
    landline: '+4722######',
    expandMail: true,
    female: names('Ingrid, Kari, Silje, Marte, Ragnhild, Hanne, Tone, Solveig'),
    male: names('Ola, Knut, Øyvind, Håkon, Espen, Trond, Eirik, Bjørn'),
    family: families('Hansen, Johansen, Olsen, Larsen, Andersen, Nilsen, Kristiansen, Berg, Haugen, Dahl, Bakke, Solberg, Strand, Lie, Sæther'),
    organisations: [
      ['ministry', 'Justis- og beredskapsdepartementet', 'JD', 'jd.dep.no'],
      ['law_enforcement', 'Kripos', null, 'politiet.no'],
      ['prosecution', 'Riksadvokaten', null, 'riksadvokaten.no'],
      ['civil_society', 'Redd Barna', null, 'reddbarna.no'],
      ['research', 'Politihøgskolen', 'PHS', 'phs.no'],
    ],
  },
  IS: {
    languages: ['is'],
    timeZone: 'Atlantic/Reykjavik',
    landline: '+354545####',
    female: names('Guðrún, Sigríður, Kristín, Helga, Þórdís, Margrét'),
    male: names('Jón, Sigurður, Guðmundur, Gunnar, Ólafur, Einar'),
    family: families('Jónsson/Jónsdóttir, Sigurðsson/Sigurðardóttir, Guðmundsson/Guðmundsdóttir, Gunnarsson/Gunnarsdóttir, Ólafsson/Ólafsdóttir, Einarsson/Einarsdóttir, Magnússon/Magnúsdóttir, Stefánsson/Stefánsdóttir'),
    organisations: [
      ['ministry', 'Dómsmálaráðuneytið', null, 'dmr.is'],
      ['law_enforcement', 'Ríkislögreglustjóri', 'RLS', 'logreglan.is'],
      ['civil_society', 'Barnaheill – Save the Children Iceland', null, 'barnaheill.is'],
    ],
  },
  CH: {
    languages: ['de', 'fr', 'it'],
    firstLanguages: ['de', 'de', 'fr', 'it'],
    timeZone: 'Europe/Zurich',
    landline: '+4158#######',
    expandMail: true,
    female: names('Nicole, Sandra, Corinne, Céline, Monika, Franziska, Chiara, Mirjam'),
    male: names('Reto, Urs, Beat, Daniel, Lukas, Jean-Marc, Simon, Luca'),
    family: families('Meier, Keller, Brunner, Baumann, Zimmermann, Gerber, Frei, Widmer, Favre, Rochat, Bernasconi, Kälin, Zürcher, Studer'),
    organisations: [
      ['law_enforcement', 'Bundesamt für Polizei', 'fedpol', 'fedpol.admin.ch', { website: 'https://www.fedpol.admin.ch' }],
      ['law_enforcement', 'Kantonspolizei Zürich', 'Kapo ZH', 'kapo.zh.ch'],
      ['prosecution', 'Bundesanwaltschaft', 'BA', 'ba.admin.ch'],
      ['ministry', 'Bundesamt für Justiz', 'BJ', 'bj.admin.ch'],
      ['civil_society', 'Kinderschutz Schweiz', null, 'kinderschutz.ch'],
      ['research', 'Universität Zürich', 'UZH', 'uzh.ch'],
    ],
  },
  GB: {
    languages: ['en'],
    timeZone: 'Europe/London',
    landline: '+4420########',
    female: names('Sarah, Emma, Rachel, Charlotte, Hannah, Helen, Claire, Joanne, Gemma, Laura'),
    male: names('James, David, Richard, Andrew, Mark, Paul, Simon, Gareth, Stuart, Owen'),
    family: families('Smith, Jones, Taylor, Brown, Williams, Wilson, Evans, Thomas, Roberts, Walker, Wright, Hughes, Edwards, Green, Clarke, Campbell'),
    organisations: [
      ['ministry', 'Home Office', null, 'homeoffice.gov.uk'],
      ['law_enforcement', 'National Crime Agency – CEOP Command', 'NCA', 'nca.gov.uk', { website: 'https://www.nationalcrimeagency.gov.uk' }],
      ['prosecution', 'Crown Prosecution Service', 'CPS', 'cps.gov.uk'],
      ['hotline', 'Internet Watch Foundation', 'IWF', 'iwf.org.uk', { website: 'https://www.iwf.org.uk' }],
      ['civil_society', 'NSPCC', null, 'nspcc.org.uk'],
      ['civil_society', 'Lucy Faithfull Foundation', null, 'lucyfaithfull.org.uk'],
      ['research', 'University of Edinburgh, Childlight Global Child Safety Institute', null, 'ed.ac.uk'],
      ['industry', 'Thameside Hosting Ltd', null, 'thamesidehosting.co.uk'],
    ],
  },
  UA: {
    languages: ['uk'],
    timeZone: 'Europe/Kiev',
    landline: '+38044#######',
    female: names('Олена, Наталія, Ірина, Оксана, Юлія, Тетяна, Катерина'),
    male: names('Олександр, Андрій, Дмитро, Сергій, Тарас, Юрій, Богдан'),
    family: families('Шевченко, Бондаренко, Коваленко, Ткаченко, Кравченко, Мельник, Олійник, Поліщук, Лисенко, Савчук, Ковальський/Ковальська'),
    organisations: [
      ['ministry', 'Міністерство внутрішніх справ України', 'МВС', 'mvs.gov.ua'],
      ['law_enforcement', 'Департамент кіберполіції Національної поліції України', null, 'cyberpolice.gov.ua'],
      ['prosecution', 'Офіс Генерального прокурора', 'ОГП', 'gp.gov.ua'],
      ['civil_society', 'Ла Страда-Україна', null, 'la-strada.org.ua'],
    ],
  },
  MD: {
    languages: ['ro'],
    timeZone: 'Europe/Chisinau',
    landline: '+37322######',
    female: names('Natalia, Olga, Victoria, Doina, Tatiana, Ludmila'),
    male: names('Ion, Vasile, Sergiu, Victor, Igor, Dumitru'),
    family: families('Rusu, Ciobanu, Ceban, Cojocaru, Țurcanu, Roșca, Guțu, Sârbu, Bălan'),
    organisations: [
      ['ministry', 'Ministerul Afacerilor Interne al Republicii Moldova', 'MAI', 'mai.gov.md'],
      ['law_enforcement', 'Inspectoratul General al Poliției – Centrul pentru Combaterea Crimelor Informatice', 'IGP', 'politia.md'],
      ['prosecution', 'Procuratura Generală', null, 'procuratura.md'],
      ['civil_society', 'Centrul Internațional „La Strada”', null, 'lastrada.md'],
    ],
  },
  AL: {
    languages: ['sq'],
    timeZone: 'Europe/Tirane',
    landline: '+3554#######',
    female: names('Elira, Ardita, Blerina, Mimoza, Anila, Jonida'),
    male: names('Arben, Ilir, Gentian, Erion, Besnik, Dritan'),
    family: families('Hoxha, Shehu, Dervishi, Leka, Çela, Gjoka, Kola, Basha, Prifti, Xhafa'),
    organisations: [
      ['ministry', 'Ministria e Brendshme', null, 'mb.gov.al'],
      ['law_enforcement', 'Policia e Shtetit – Sektori për Krimet Kibernetike', null, 'asp.gov.al'],
      ['prosecution', 'Prokuroria e Përgjithshme', null, 'pp.gov.al'],
      ['civil_society', 'CRCA/ECPAT Shqipëri', null, 'crca.al'],
    ],
  },
  RS: {
    languages: ['sr'],
    timeZone: 'Europe/Belgrade',
    landline: '+38111#######',
    female: names('Јелена, Марија, Ивана, Милица, Драгана, Снежана'),
    male: names('Никола, Марко, Милош, Стефан, Душан, Немања'),
    family: families('Јовановић, Петровић, Николић, Марковић, Ђорђевић, Стојановић, Илић, Станковић, Павловић'),
    organisations: [
      ['ministry', 'Министарство унутрашњих послова Републике Србије', 'МУП', 'mup.gov.rs'],
      ['law_enforcement', 'Одељење за борбу против високотехнолошког криминала', null, 'policija.mup.gov.rs'],
      ['prosecution', 'Посебно тужилаштво за високотехнолошки криминал', 'ВТК', 'vtk.jt.rs'],
      ['civil_society', 'Центар за права детета', null, 'cpd.org.rs'],
    ],
  },
  ME: {
    languages: ['sr'],
    timeZone: 'Europe/Podgorica',
    landline: '+38220######',
    female: names('Jelena, Milena, Tamara, Vesna, Dragana'),
    male: names('Milan, Vuk, Dejan, Željko, Nikola'),
    family: families('Vujović, Radović, Popović, Vuković, Perović, Bulatović, Lalić, Đurović'),
    organisations: [
      ['ministry', 'Ministarstvo unutrašnjih poslova Crne Gore', 'MUP', 'mup.gov.me'],
      ['law_enforcement', 'Uprava policije – Odsjek za visokotehnološki kriminal', null, 'upravapolicije.gov.me'],
      ['prosecution', 'Vrhovno državno tužilaštvo', 'VDT', 'tuzilastvo.me'],
    ],
  },
  MK: {
    languages: ['mk'],
    timeZone: 'Europe/Skopje',
    landline: '+3892#######',
    female: names('Марија, Елена, Ана, Билјана, Катерина, Јована'),
    male: names('Никола, Александар, Горан, Дејан, Зоран, Ѓорѓи'),
    family: families('Стојановски/Стојановска, Николовски/Николовска, Трајковски/Трајковска, Петровски/Петровска, Јовановски/Јовановска, Димитриевски/Димитриевска, Ристески/Ристеска'),
    organisations: [
      ['ministry', 'Министерство за внатрешни работи', 'МВР', 'mvr.gov.mk'],
      ['law_enforcement', 'Сектор за компјутерски криминал и дигитална форензика', null, 'police.mvr.gov.mk'],
      ['prosecution', 'Јавно обвинителство на Република Северна Македонија', null, 'jorm.gov.mk'],
    ],
  },
  BA: {
    languages: ['bs', 'hr', 'sr'],
    firstLanguages: ['bs', 'hr', 'sr'],
    timeZone: 'Europe/Sarajevo',
    landline: '+38733######',
    female: names('Amra, Lejla, Selma, Ivana, Jelena, Azra'),
    male: names('Emir, Adnan, Haris, Mirza, Dragan, Damir'),
    family: families('Hodžić, Hadžić, Kovačević, Delić, Begić, Mehmedović, Šehić, Jurić, Babić'),
    organisations: [
      ['ministry', 'Ministarstvo sigurnosti Bosne i Hercegovine', 'MS BiH', 'msb.gov.ba'],
      ['law_enforcement', 'Državna agencija za istrage i zaštitu', 'SIPA', 'sipa.gov.ba'],
      ['prosecution', 'Tužilaštvo Bosne i Hercegovine', null, 'tuzilastvobih.gov.ba'],
    ],
  },
  US: {
    languages: ['en'],
    timeZone: 'America/New_York',
    landline: '+1202555####',
    female: names('Jennifer, Emily, Jessica, Ashley, Megan, Lauren, Rebecca, Danielle'),
    male: names('Michael, Christopher, Matthew, Joshua, Daniel, Ryan, Brian, Kevin'),
    family: families('Johnson, Miller, Davis, Garcia, Rodriguez, Martinez, Anderson, Thompson, White, Harris, Clark, Lewis, Robinson, Young'),
    organisations: [
      ['prosecution', 'U.S. Department of Justice – Child Exploitation and Obscenity Section', 'CEOS', 'usdoj.gov'],
      ['law_enforcement', 'Homeland Security Investigations – Cyber Crimes Center', 'HSI C3', 'hsi.dhs.gov'],
      ['law_enforcement', 'Federal Bureau of Investigation – Violent Crimes Against Children', 'FBI', 'fbi.gov'],
      ['hotline', 'National Center for Missing & Exploited Children', 'NCMEC', 'ncmec.org', { website: 'https://www.missingkids.org' }],
      ['ministry', 'U.S. Department of State – Office to Monitor and Combat Trafficking in Persons', 'J/TIP', 'state.gov'],
      ['industry', 'Brightwave Social, Inc.', null, 'brightwave.com'],
      ['industry', 'Cascade Cloud Services, Inc.', null, 'cascadecloud.com'],
    ],
  },
  CA: {
    languages: ['en', 'fr'],
    firstLanguages: ['en', 'en', 'fr'],
    timeZone: 'America/Toronto',
    landline: '+1613555####',
    female: names('Sarah, Émilie, Jessica, Geneviève, Amanda'),
    male: names('Justin, Marc-André, Kevin, Étienne, Tyler'),
    family: families('Tremblay, Gagnon, Roy, Côté, Bouchard, MacDonald, Lavoie, Fortin, Gauthier'),
    organisations: [
      ['ministry', 'Public Safety Canada', null, 'ps-sp.gc.ca'],
      ['law_enforcement', 'Royal Canadian Mounted Police – National Child Exploitation Crime Centre', 'RCMP', 'rcmp-grc.gc.ca'],
      ['hotline', 'Canadian Centre for Child Protection', 'C3P', 'protectchildren.ca', { website: 'https://protectchildren.ca' }],
    ],
  },
  AU: {
    languages: ['en'],
    timeZone: 'Australia/Sydney',
    landline: '+6126#######',
    female: names('Olivia, Chloe, Jessica, Emily, Kate'),
    male: names('Jack, Lachlan, Mitchell, Nathan, Brendan'),
    family: families('Smith, Jones, Williams, Brown, Wilson, Taylor, Nguyen, Kelly, Ryan'),
    organisations: [
      ['ministry', 'Department of Home Affairs', null, 'homeaffairs.gov.au'],
      ['law_enforcement', 'Australian Federal Police – Australian Centre to Counter Child Exploitation', 'ACCCE', 'afp.gov.au'],
      ['ministry', 'eSafety Commissioner', null, 'esafety.gov.au', { website: 'https://www.esafety.gov.au' }],
    ],
  },
  ET: {
    languages: ['am'],
    timeZone: 'Africa/Addis_Ababa',
    landline: '+25111#######',
    female: names('Meron, Hiwot, Selamawit, Tigist, Bethlehem'),
    male: names('Dawit, Yonas, Abebe, Tesfaye, Henok'),
    family: families('Kebede, Tadesse, Alemu, Bekele, Mekonnen, Haile, Girma, Wolde, Assefa'),
    organisations: [
      ['ministry', 'Ministry of Women and Social Affairs', 'MoWSA', 'mowsa.gov.et'],
      ['law_enforcement', 'Ethiopian Federal Police – Cyber Crime Investigation Division', 'EFP', 'federalpolice.gov.et'],
      ['ministry', 'Ministry of Justice', 'MoJ', 'moj.gov.et'],
    ],
  },
};

/** Seats of international bodies outside the network (a landline and a time zone are all they need). */
const OTHER_SEATS: Record<string, { timeZone: string; landline: string }> = {
  TH: { timeZone: 'Asia/Bangkok', landline: '+662#######' },
};

/** International bodies: [kind, name, acronym, mail domain, seat (for phones and time zone), options]. */
// prettier-ignore
const INTERNATIONAL: [OrganisationKind, string, string | null, string, string, OrgRow[4]?][] = [
  ['international_organisation', 'INTERPOL – Crimes Against Children Unit', 'INTERPOL', 'interpol.int', 'FR', { key: 'interpol', website: 'https://www.interpol.int' }],
  ['eu_agency', 'European Union Agency for Criminal Justice Cooperation', 'Eurojust', 'eurojust.europa.eu', 'NL', { key: 'eurojust', website: 'https://www.eurojust.europa.eu' }],
  ['eu_agency', 'European Commission – Directorate-General for Migration and Home Affairs', 'DG HOME', 'ec.europa.eu', 'BE', { key: 'commission', website: 'https://home-affairs.ec.europa.eu' }],
  ['eu_agency', 'European Commission – Directorate-General for Communications Networks, Content and Technology', 'DG CNECT', 'cnect.ec.europa.eu', 'BE'],
  ['eu_agency', 'European Union Agency for Law Enforcement Training', 'CEPOL', 'cepol.europa.eu', 'HU', { key: 'cepol', website: 'https://www.cepol.europa.eu' }],
  ['eu_agency', 'European Union Agency for Fundamental Rights', 'FRA', 'fra.europa.eu', 'AT', { website: 'https://fra.europa.eu' }],
  ['international_organisation', 'WeProtect Global Alliance', null, 'weprotect.org', 'GB', { key: 'weprotect', website: 'https://www.weprotect.org' }],
  ['international_organisation', 'Council of Europe – Lanzarote Committee Secretariat', 'CoE', 'coe.int', 'FR', { website: 'https://www.coe.int' }],
  ['international_organisation', 'UNICEF – Child Protection Section', 'UNICEF', 'unicef.org', 'US', { website: 'https://www.unicef.org' }],
  ['civil_society', 'ECPAT International', null, 'ecpat.org', 'TH', { website: 'https://ecpat.org' }],
  ['civil_society', 'Global Partnership to End Violence Against Children', 'End Violence', 'end-violence.org', 'US'],
  ['industry', 'Tech Coalition', null, 'technologycoalition.org', 'US'],
];

/** Mail domains (and seats) of the organisations the first demo seeder already inserted. */
const EXISTING: Record<string, { mailDomain: string; seat: string }> = {
  [DEMO_ORGANISATIONS.secretariat]: { mailDomain: 'liaison.test', seat: 'BE' },
  [DEMO_ORGANISATIONS.polishPolice]: { mailDomain: 'policja.gov.pl.test', seat: 'PL' },
  [DEMO_ORGANISATIONS.romanianPolice]: { mailDomain: 'politiaromana.ro.test', seat: 'RO' },
  [DEMO_ORGANISATIONS.bka]: { mailDomain: 'bka.bund.de.test', seat: 'DE' },
  '00000000-0000-4000-8000-000000001001': { mailDomain: 'europol.europa.eu.test', seat: 'NL' },
  '00000000-0000-4000-8000-000000001002': { mailDomain: 'ms.gov.pl.test', seat: 'PL' },
  '00000000-0000-4000-8000-000000001003': { mailDomain: 'cybercrime.hellenicpolice.gr.test', seat: 'GR' },
  '00000000-0000-4000-8000-000000001004': { mailDomain: 'inhope.org.test', seat: 'NL' },
};

const EC3 = '00000000-0000-4000-8000-000000001001';
const INHOPE = '00000000-0000-4000-8000-000000001004';
const HELLENIC_POLICE = '00000000-0000-4000-8000-000000001003';

// ---------------------------------------------------------------------------------------------
// What people do: positions, expertise, and which kinds of organisation answer for which mandate.

const POSITIONS: Record<OrganisationKind, string[]> = {
  law_enforcement: [
    'Detective Inspector, Child Sexual Exploitation Unit',
    'Detective Sergeant, Victim Identification',
    'Head of Unit, Online Child Sexual Abuse',
    'Digital Forensics Examiner',
    'Criminal Intelligence Analyst',
    'Senior Investigator, Cybercrime',
    'Online Undercover Investigator',
    'Liaison Officer to Europol',
    'Head of Cybercrime Division',
    'Police Commissioner, Crimes Against Children',
    'OSINT Specialist',
    'Crypto-asset Investigator',
    'Deputy Head of Department',
    'Victim Identification Specialist',
    'Image and Video Analyst',
    'Duty Officer, 24/7 Contact Point',
  ],
  prosecution: [
    'Senior Public Prosecutor',
    'Public Prosecutor, Cybercrime Section',
    'Deputy Prosecutor General',
    'Prosecutor, Crimes Against Children',
    'Legal Adviser, Mutual Legal Assistance',
    'National Correspondent for Eurojust',
  ],
  ministry: [
    'Policy Officer, Child Protection',
    'Head of Unit, Crime Prevention',
    'Legal Adviser',
    'Senior Policy Adviser, Cybercrime',
    'Director, Public Order and Security',
    'Desk Officer, EU and International Affairs',
    'Counsellor for Justice and Home Affairs',
    'Coordinator, National Action Plan against Child Sexual Abuse',
  ],
  hotline: [
    'Hotline Analyst',
    'Hotline Manager',
    'Content Analyst',
    'Head of Operations',
    'Notice and Takedown Coordinator',
  ],
  civil_society: [
    'Programme Manager',
    'Child Protection Specialist',
    'Helpline Coordinator',
    'Executive Director',
    'Advocacy Officer',
    'Psychologist, Victim Support',
  ],
  research: [
    'Professor of Criminology',
    'Senior Researcher',
    'Postdoctoral Researcher',
    'Research Fellow, Online Child Protection',
    'Doctoral Researcher',
  ],
  industry: [
    'Trust and Safety Manager',
    'Law Enforcement Response Manager',
    'Abuse Desk Manager',
    'Head of Legal',
    'Child Safety Policy Manager',
    'Content Moderation Lead',
  ],
  eu_agency: [
    'Analyst, Analysis Project Twins',
    'Specialist, Victim Identification',
    'Senior Specialist',
    'Head of Team, Child Sexual Exploitation',
    'Seconded National Expert',
    'Policy Officer',
    'Training Officer',
    'Legal Officer, Judicial Cooperation',
  ],
  international_organisation: [
    'Criminal Intelligence Officer, Crimes Against Children',
    'Programme Officer',
    'Policy Adviser',
    'Head of Unit',
    'Coordinator, Model National Response',
  ],
  secretariat: [
    'Network Coordinator',
    'Policy Officer',
    'Events Officer',
    'Information Management Officer',
    'Administrative Assistant',
  ],
};

const EXPERTISE: Record<OrganisationKind, string[]> = {
  law_enforcement: [
    'victim identification',
    'image analysis',
    'online grooming',
    'live streaming',
    'financial investigation',
    'OSINT',
    'undercover operations',
    'digital forensics',
    'cryptocurrency tracing',
    'dark web investigations',
    'sextortion',
    'travelling offenders',
    'Interpol ICSE',
  ],
  prosecution: [
    'data retention',
    'mutual legal assistance',
    'e-evidence',
    'European Investigation Order',
    'asset recovery',
    'online grooming',
    'victims’ rights',
  ],
  ministry: [
    'policy and legislation',
    'data retention',
    'offender management',
    'prevention campaigns',
    'vetting and barring',
    'victim support',
    'EU funding',
  ],
  hotline: ['notice and takedown', 'image analysis', 'hash lists', 'content classification', 'live streaming'],
  civil_society: ['victim support', 'prevention campaigns', 'helplines', 'online grooming', 'survivor advocacy'],
  research: ['online grooming', 'offender management', 'risk assessment', 'prevention campaigns', 'data analysis'],
  industry: ['notice and takedown', 'hash matching', 'age assurance', 'content moderation', 'law enforcement requests'],
  eu_agency: [
    'victim identification',
    'image analysis',
    'EMPACT',
    'strategic analysis',
    'training design',
    'judicial cooperation',
  ],
  international_organisation: [
    'Model National Response',
    'policy and legislation',
    'victim identification',
    'capacity building',
  ],
  secretariat: ['network coordination', 'events', 'policy and legislation'],
};

/** The kinds of organisation that answer for a mandate, the most fitting first. */
const MANDATE_KINDS: Record<MandateCode, OrganisationKind[]> = {
  victim_identification: ['law_enforcement'],
  csam_removal: ['hotline', 'law_enforcement'],
  digital_evidence: ['prosecution', 'law_enforcement'],
  prevention: ['ministry', 'civil_society'],
  victim_support: ['civil_society', 'ministry'],
  live_streaming: ['law_enforcement'],
  travelling_offenders: ['law_enforcement'],
  empact_cse: ['law_enforcement'],
  weprotect: ['ministry'],
  policy_legislation: ['ministry'],
  training: ['law_enforcement', 'prosecution'],
};

/** How many people an organisation of a kind has in the directory. */
const SIZES: Record<OrganisationKind, [number, number]> = {
  law_enforcement: [10, 19],
  prosecution: [4, 9],
  ministry: [3, 8],
  hotline: [3, 6],
  civil_society: [2, 4],
  research: [2, 4],
  industry: [2, 5],
  eu_agency: [10, 22],
  international_organisation: [4, 8],
  secretariat: [6, 6],
};

// ---------------------------------------------------------------------------------------------
// The people the scenarios name.

interface NamedPerson {
  key: NamedKey;
  organisationId: string;
  fullName: string;
  email: string;
  position: string;
  languages: string[];
  expertise: string[];
  confirmedDaysAgo: number;
  visibility?: Visibility;
  /** [mandate, role] of national designations for the organisation's country, or organisational. */
  designations?: [MandateCode, DesignationRole, DesignationScope?][];
}

const NAMED: NamedPerson[] = [
  {
    key: 'jurgenMueller',
    organisationId: DEMO_ORGANISATIONS.bka,
    fullName: 'Jürgen Müller',
    email: 'jurgen.mueller@liaison.test',
    position: 'Detective Chief Inspector, Victim Identification',
    languages: ['de', 'en', 'fr'],
    expertise: ['victim identification', 'image analysis', 'Interpol ICSE'],
    confirmedDaysAgo: 12,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'anaIonescu',
    organisationId: DEMO_ORGANISATIONS.romanianPolice,
    fullName: 'Ana Ionescu',
    email: 'ana.ionescu@liaison.test',
    position: 'Chief Police Inspector, Victim Identification',
    languages: ['ro', 'en', 'fr'],
    expertise: ['victim identification', 'online grooming', 'image analysis'],
    confirmedDaysAgo: 30,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'lukaszKowalski',
    organisationId: DEMO_ORGANISATIONS.polishPolice,
    fullName: 'Łukasz Kowalski',
    email: 'lukasz.kowalski@policja.gov.pl.test',
    position: 'Detective Inspector, Child Sexual Exploitation Unit',
    languages: ['pl', 'en', 'de'],
    expertise: ['victim identification', 'live streaming', 'OSINT'],
    confirmedDaysAgo: 45,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'tomaszKowalczyk',
    organisationId: DEMO_ORGANISATIONS.polishPolice,
    fullName: 'Tomasz Kowalczyk',
    email: 'orgadmin.pl@liaison.test',
    position: 'Head of Division, International Police Cooperation',
    languages: ['pl', 'en'],
    expertise: ['policy and legislation', 'mutual legal assistance'],
    confirmedDaysAgo: 20,
  },
  {
    key: 'sofiaLindqvist',
    organisationId: DEMO_ORGANISATIONS.secretariat,
    fullName: 'Sofia Lindqvist',
    email: 'secretariat@liaison.test',
    position: 'Head of Secretariat',
    languages: ['sv', 'en', 'fr'],
    expertise: ['network coordination', 'policy and legislation'],
    confirmedDaysAgo: 5,
  },
  {
    key: 'georgiosPapadopoulos',
    organisationId: HELLENIC_POLICE,
    fullName: 'Γεώργιος Παπαδόπουλος',
    email: 'georgios.papadopoulos@cybercrime.hellenicpolice.gr.test',
    position: 'Police Lieutenant, Child Protection Unit',
    languages: ['el', 'en'],
    expertise: ['victim identification', 'online grooming', 'digital forensics'],
    confirmedDaysAgo: 64,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'ivanIvanov',
    organisationId: DEMO_NETWORK_ORGANISATIONS.bulgarianPolice,
    fullName: 'Иван Иванов',
    email: 'ivan.ivanov@gdbop.bg.test',
    position: 'Chief Inspector, Cybercrime Department',
    languages: ['bg', 'en', 'de'],
    expertise: ['victim identification', 'dark web investigations', 'cryptocurrency tracing'],
    confirmedDaysAgo: 90,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'metteSorensen',
    organisationId: DEMO_NETWORK_ORGANISATIONS.danishPolice,
    fullName: 'Mette Sørensen',
    email: 'mette.soerensen@politi.dk.test',
    position: 'Police Inspector, Victim Identification',
    languages: ['da', 'en'],
    expertise: ['victim identification', 'image analysis', 'live streaming'],
    confirmedDaysAgo: 25,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'cyprusVictimIdPrimary',
    organisationId: DEMO_NETWORK_ORGANISATIONS.cyprusPolice,
    fullName: 'Ανδρέας Χριστοδούλου',
    email: 'andreas.christodoulou@police.gov.cy.test',
    position: 'Police Sergeant, Office for Combating Cybercrime',
    languages: ['el', 'en'],
    expertise: ['victim identification', 'digital forensics'],
    confirmedDaysAgo: 200,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'maltaVictimIdPrimary',
    organisationId: DEMO_NETWORK_ORGANISATIONS.maltaPolice,
    fullName: 'Keith Borg',
    email: 'keith.borg@pulizija.gov.mt.test',
    position: 'Inspector, Cyber Crime Unit',
    languages: ['mt', 'en', 'it'],
    expertise: ['victim identification', 'online grooming'],
    confirmedDaysAgo: 40,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'slovakStaleContact',
    organisationId: DEMO_NETWORK_ORGANISATIONS.slovakPolice,
    fullName: 'Zuzana Horváthová',
    email: 'zuzana.horvathova@policia.sk.test',
    position: 'Senior Investigator, Victim Identification',
    languages: ['sk', 'cs', 'en'],
    expertise: ['victim identification', 'image analysis'],
    confirmedDaysAgo: 181,
    designations: [['victim_identification', 'primary']],
  },
  {
    key: 'slovakSuccessor',
    organisationId: DEMO_NETWORK_ORGANISATIONS.slovakPolice,
    fullName: 'Michal Baláž',
    email: 'michal.balaz@policia.sk.test',
    position: 'Detective Sergeant, Victim Identification',
    languages: ['sk', 'en', 'de'],
    expertise: ['victim identification', 'OSINT'],
    confirmedDaysAgo: 15,
  },
  {
    key: 'trustAndSafetyLead',
    organisationId: DEMO_NETWORK_ORGANISATIONS.hostingProvider,
    fullName: 'Thijs de Vries',
    email: 'thijs.devries@polderhost.nl.test',
    position: 'Trust and Safety Lead',
    languages: ['nl', 'en', 'de'],
    expertise: ['notice and takedown', 'hash matching', 'law enforcement requests'],
    confirmedDaysAgo: 33,
  },
  {
    key: 'ec3Analyst',
    organisationId: EC3,
    fullName: 'Pieter Janssens',
    email: 'pieter.janssens@europol.europa.eu.test',
    position: 'Analyst, Analysis Project Twins',
    languages: ['nl', 'fr', 'en'],
    expertise: ['victim identification', 'image analysis', 'strategic analysis'],
    confirmedDaysAgo: 50,
    designations: [['victim_identification', 'deputy', 'organisational']],
  },
  {
    key: 'germanVictimIdDeputy',
    organisationId: DEMO_ORGANISATIONS.bka,
    fullName: 'Katrin Hoffmann',
    email: 'katrin.hoffmann@bka.bund.de.test',
    position: 'Detective Inspector, Victim Identification',
    languages: ['de', 'en'],
    expertise: ['victim identification', 'image analysis', 'Interpol ICSE'],
    confirmedDaysAgo: 70,
    visibility: 'law_enforcement',
    designations: [['victim_identification', 'deputy']],
  },
];

const NAMED_IDS = new Set<string>(Object.values(DEMO_CONTACT_IDS));

/** Family names of the named people, kept out of the generated ones so each scenario search finds one person. */
const RESERVED_FAMILY = new Set(
  names(
    'müller, muller, ionescu, kowalski, kowalska, kowalczyk, παπαδόπουλος, иванов, sørensen, lindqvist, janssens, de vries, horváthová, baláž, borg, χριστοδούλου',
  ),
);

/** Organisational designations of the international bodies: [organisation, mandate, role]. */
const ORGANISATIONAL: [string, MandateCode, DesignationRole][] = [
  [EC3, 'victim_identification', 'primary'],
  [EC3, 'empact_cse', 'primary'],
  [EC3, 'live_streaming', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.interpol, 'victim_identification', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.interpol, 'travelling_offenders', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.eurojust, 'digital_evidence', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.eurojust, 'digital_evidence', 'deputy'],
  [DEMO_NETWORK_ORGANISATIONS.cepol, 'training', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.weprotect, 'weprotect', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.commission, 'policy_legislation', 'primary'],
  [DEMO_NETWORK_ORGANISATIONS.commission, 'policy_legislation', 'deputy'],
  [DEMO_NETWORK_ORGANISATIONS.commission, 'prevention', 'primary'],
  [INHOPE, 'csam_removal', 'primary'],
];

// ---------------------------------------------------------------------------------------------
// The generator.

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const uuid = (variant: string, n: number) => `00000000-0000-4000-${variant}-${String(n).padStart(12, '0')}`;

/** A valid E.164 number from a pattern (# = any digit), or null when none came out valid. */
function numberFrom(pattern: string, country: string, rng: SeededRandom): string | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const candidate = pattern.replace(/#/g, () => String(rng.int(0, 9)));
    const parsed = parsePhoneNumberFromString(candidate);
    if (parsed?.isValid() && parsed.country === country) return parsed.number;
  }
  return null;
}

/** A mobile number: the country's example with other last digits, checked again. */
function mobileNumber(country: string, rng: SeededRandom): string | null {
  const example = getExampleNumber(country as CountryCode, mobileExamples);
  if (!example) return null;
  return numberFrom(`${example.number.slice(0, -4)}####`, country, rng) ?? example.number;
}

class NetworkBuilder {
  readonly organisations: NetworkOrganisation[] = [];
  readonly contacts: NetworkContact[] = [];
  readonly designations: NetworkDesignation[] = [];
  private readonly emails = new Set<string>();
  private readonly names = new Set<string>();
  private readonly seatOf = new Map<string, string>();
  private readonly organisationById = new Map<string, NetworkOrganisation>();
  private readonly countOf = new Map<string, number>();
  private readonly authorityOf = new Map<string, string>();
  private readonly byCountry = new Map<string, NetworkContact[]>();
  private readonly staffOf = new Map<string, number>();
  /** Folding is the costly part of making addresses; names repeat, so each is folded once. */
  private readonly folded = new Map<string, string>();

  constructor(
    private readonly rng: SeededRandom,
    private readonly now: Date,
  ) {}

  daysAgo(days: number, jitterHours = true): Date {
    return new Date(this.now.getTime() - days * DAY - (jitterHours ? this.rng.int(0, 10 * 60) * 60_000 : 0));
  }

  build(): DemoNetwork {
    this.addOrganisations();
    for (const person of NAMED) this.addNamed(person);
    for (const org of this.organisations) {
      const [min, max] = SIZES[org.kind];
      const count = Math.max(0, this.rng.int(min, max) - (this.staffOf.get(org.id) ?? 0));
      for (let i = 0; i < count; i++) this.addGenerated(org);
    }
    this.addDesignations();
    this.fillMandates();
    return { organisations: this.organisations, contacts: this.contacts, designations: this.designations };
  }

  private addOrganisations(): void {
    for (const org of DEMO_ORGANISATION_LIST) {
      const existing = EXISTING[org.id];
      if (!existing) throw new Error(`The demo network does not know the demo organisation ${org.name}`);
      this.addOrganisation({ ...org }, existing.mailDomain, existing.seat, true, null);
    }
    let sequence = 1000;
    const idOf = (key?: NetworkOrganisationKey) => (key ? DEMO_NETWORK_ORGANISATIONS[key] : uuid('9000', sequence++));
    for (const [code, profile] of Object.entries(COUNTRY_PROFILES)) {
      for (const [kind, name, acronym, domain, options] of profile.organisations) {
        const org = {
          id: idOf(options?.key),
          name,
          acronym,
          kind,
          countryCode: code,
          website: options?.website ?? null,
        };
        this.addOrganisation(org, `${domain}.test`, code, false, options?.parent ?? null);
      }
    }
    for (const [kind, name, acronym, domain, seat, options] of INTERNATIONAL) {
      const org = { id: idOf(options?.key), name, acronym, kind, countryCode: null, website: options?.website ?? null };
      this.addOrganisation(org, `${domain}.test`, seat, false, options?.parent ?? null);
    }
  }

  private addOrganisation(
    org: DemoOrganisation,
    mailDomain: string,
    seat: string,
    existing: boolean,
    parentId: string | null,
  ): void {
    const timeZone = COUNTRY_PROFILES[seat]?.timeZone ?? OTHER_SEATS[seat].timeZone;
    this.seatOf.set(org.id, seat);
    const organisation: NetworkOrganisation = {
      ...org,
      parentId,
      existing,
      mailDomain,
      timeZone,
      verifiedAt: existing || this.rng.chance(0.9) ? this.daysAgo(this.rng.int(30, 700)) : null,
    };
    this.organisations.push(organisation);
    this.organisationById.set(org.id, organisation);
    if (org.kind === 'ministry' && org.countryCode && !this.authorityOf.has(org.countryCode))
      this.authorityOf.set(org.countryCode, org.name);
  }

  /** The folded text, or its expanded spelling (`mueller`) when asked. */
  private fold(text: string, expand = false): string {
    const key = `${expand ? 1 : 0}${text}`;
    let value = this.folded.get(key);
    if (value === undefined) {
      value = expand ? nameVariants(text).at(-1)! : fold(text);
      this.folded.set(key, value);
    }
    return value;
  }

  private organisation(id: string): NetworkOrganisation {
    return this.organisationById.get(id)!;
  }

  private phones(org: NetworkOrganisation, withMobile: boolean): ContactPhone[] {
    const seat = this.seatOf.get(org.id)!;
    const pattern = COUNTRY_PROFILES[seat]?.landline ?? OTHER_SEATS[seat].landline;
    const phones: ContactPhone[] = [];
    const work = numberFrom(pattern, seat, this.rng);
    if (work && this.rng.chance(0.92)) phones.push({ number: work, kind: 'work' });
    const mobile = withMobile || phones.length === 0 ? mobileNumber(seat, this.rng) : null;
    if (mobile) phones.push({ number: mobile, kind: 'mobile' });
    if (org.kind === 'law_enforcement' && this.rng.chance(0.1)) {
      const duty = numberFrom(pattern, seat, this.rng);
      if (duty) phones.push({ number: duty, kind: 'duty' });
    }
    if (org.kind === 'ministry' && this.rng.chance(0.05)) {
      const fax = numberFrom(pattern, seat, this.rng);
      if (fax) phones.push({ number: fax, kind: 'fax' });
    }
    return phones;
  }

  private confirmedDaysAgo(): number {
    // Most entries were confirmed within the last six months; about one in seven is overdue.
    return this.rng.chance(0.86) ? this.rng.int(1, 170) : this.rng.int(190, 300);
  }

  private contact(
    id: string,
    org: NetworkOrganisation,
    fields: Pick<
      NetworkContact,
      'fullName' | 'position' | 'emails' | 'languages' | 'expertise' | 'status' | 'visibility'
    >,
    confirmedAt: Date,
  ): NetworkContact {
    const contact: NetworkContact = {
      id,
      organisationId: org.id,
      countryCode: org.countryCode,
      ...fields,
      phones: this.phones(org, this.rng.chance(0.5)),
      mandates: [],
      timeZone: org.timeZone,
      lastConfirmedAt: confirmedAt,
      createdAt: new Date(confirmedAt.getTime() - this.rng.int(0, 400) * DAY),
    };
    this.contacts.push(contact);
    this.names.add(fields.fullName);
    this.staffOf.set(org.id, (this.staffOf.get(org.id) ?? 0) + 1);
    return contact;
  }

  private addNamed(person: NamedPerson): void {
    const org = this.organisation(person.organisationId);
    this.emails.add(person.email);
    this.contact(
      DEMO_CONTACT_IDS[person.key],
      org,
      {
        fullName: person.fullName,
        position: person.position,
        emails: [person.email],
        languages: person.languages,
        expertise: person.expertise,
        status: 'active',
        visibility: person.visibility ?? 'network',
      },
      this.daysAgo(person.confirmedDaysAgo, false),
    );
  }

  /** A person of a nationality: given and family name in the national script, unique in the network. */
  private person(nationality: string): { given: string; family: string; female: boolean } {
    const profile = COUNTRY_PROFILES[nationality];
    for (let attempt = 0; ; attempt++) {
      const female = this.rng.chance(0.5);
      const given = this.rng.pick(female ? profile.female : profile.male);
      const pickFamily = () => {
        const name = this.rng.pick(profile.family);
        return Array.isArray(name) ? name[female ? 1 : 0] : name;
      };
      let family = pickFamily();
      if (RESERVED_FAMILY.has(family.toLowerCase())) continue;
      if (profile.doubleFamily && this.rng.chance(profile.doubleFamily)) {
        const second = pickFamily();
        if (second !== family) family = `${family} ${second}`;
      }
      if (!this.names.has(`${given} ${family}`) || attempt > 50) return { given, family, female };
    }
  }

  /** A lower-case address on the organisation's domain, unique across the network. */
  private email(given: string, family: string, nationality: string, domain: string): string[] {
    const expand = COUNTRY_PROFILES[nationality]?.expandMail === true;
    const spell = (text: string) => this.fold(text, expand);
    const first = spell(given).replace(/ /g, '-');
    const last = spell(family).replace(/ /g, '');
    const candidates = [`${first}.${last}`, `${first[0]}.${last}`, `${last}.${first}`, `${first}${last}`];
    const addresses: string[] = [];
    for (const local of candidates) {
      const address = `${local}@${domain}`;
      if (!this.emails.has(address)) {
        addresses.push(address);
        this.emails.add(address);
        if (addresses.length === 2 || !this.rng.chance(0.3)) break;
      }
    }
    for (let n = 2; addresses.length === 0; n++) {
      const address = `${first}.${last}${n}@${domain}`;
      if (!this.emails.has(address)) {
        addresses.push(address);
        this.emails.add(address);
      }
    }
    return addresses;
  }

  private languages(nationality: string): string[] {
    const profile = COUNTRY_PROFILES[nationality];
    const first = this.rng.pick(profile.firstLanguages ?? profile.languages.slice(0, 1));
    const languages = [first];
    for (const other of profile.languages) if (other !== first && this.rng.chance(0.35)) languages.push(other);
    if (this.rng.chance(0.96)) languages.push('en');
    if (this.rng.chance(0.2)) languages.push('fr');
    if (this.rng.chance(0.15)) languages.push('de');
    if (this.rng.chance(0.05)) languages.push(this.rng.pick(['es', 'it', 'ru', 'pl']));
    return [...new Set(languages)];
  }

  private addGenerated(org: NetworkOrganisation): void {
    const international = org.countryCode === null || org.kind === 'eu_agency';
    // The staff of international bodies come from anywhere in the EU.
    const nationality = international ? this.rng.pick(EU_MEMBERS) : org.countryCode!;
    const { given, family } = this.person(nationality);
    const fullName = `${given} ${family}`;
    const languages = this.languages(nationality);
    if (international && !languages.includes('fr') && this.rng.chance(0.4)) languages.push('fr');
    const policing = org.kind === 'law_enforcement' || org.kind === 'prosecution';
    const status: ContactStatus = this.rng.chance(0.88) ? 'active' : this.rng.chance(0.67) ? 'on_leave' : 'departed';
    let visibility: Visibility = policing && this.rng.chance(0.25) ? 'law_enforcement' : 'network';
    if (this.rng.chance(0.01)) visibility = 'secretariat';
    this.contact(
      uuid('a000', 10_000 + this.contacts.length),
      org,
      {
        fullName,
        position: this.rng.pick(POSITIONS[org.kind]),
        emails: this.email(given, family, nationality, org.mailDomain),
        languages,
        expertise: this.rng.sample(EXPERTISE[org.kind], this.rng.int(1, 4)),
        status,
        visibility,
      },
      this.daysAgo(this.confirmedDaysAgo()),
    );
  }

  // -------------------------------------------------------------------------------------------

  private nominatingAuthority(
    countryCode: string | null,
    organisation: NetworkOrganisation | null,
    validFrom: Date,
  ): string {
    const year = validFrom.getUTCFullYear();
    const number = this.rng.int(2, 64);
    if (!countryCode || organisation)
      return `${organisation?.name ?? 'Network Secretariat'}, decision of the Executive Director ${number}/${year}`;
    const name = countryName(countryCode, 'en') ?? countryCode;
    const eu = (EU_MEMBERS as readonly string[]).includes(countryCode);
    return this.rng.chance(0.25)
      ? `${eu ? 'Permanent Representation' : 'Mission'} of ${name} to the European Union, note verbale ${number}/${year}`
      : `${this.authorityOf.get(countryCode) ?? `Government of ${name}`}, ${this.rng.pick(['order', 'decision', 'letter'])} ${number}/${year}`;
  }

  private designate(
    contact: NetworkContact,
    mandate: MandateCode,
    role: DesignationRole,
    scope: DesignationScope,
    options: { validFromDaysAgo?: number; validTo?: Date; status?: DesignationStatus } = {},
  ): NetworkDesignation {
    const organisation = scope === 'organisational' ? this.organisation(contact.organisationId) : null;
    const validFrom = this.daysAgo(options.validFromDaysAgo ?? this.rng.int(40, 1100), false);
    // Decided on the morning of the day it took effect.
    const decidedAt = new Date(Date.parse(isoDate(validFrom)) + 9 * 3_600_000);
    const designation: NetworkDesignation = {
      id: uuid('b000', 1 + this.designations.length),
      contactId: contact.id,
      mandateCode: mandate,
      scope,
      countryCode: contact.countryCode,
      organisationId: organisation?.id ?? null,
      role,
      validFrom: isoDate(validFrom),
      validTo: options.validTo ? isoDate(options.validTo) : null,
      status: options.status ?? 'active',
      nominatingAuthority: this.nominatingAuthority(contact.countryCode, organisation, validFrom),
      decidedAt,
      replacesId: null,
      lastConfirmedAt: new Date(Math.max(contact.lastConfirmedAt.getTime(), decidedAt.getTime())),
    };
    this.designations.push(designation);
    this.countOf.set(contact.id, (this.countOf.get(contact.id) ?? 0) + 1);
    return designation;
  }

  /** Someone fitting for a mandate in a country: the most fitting kind first, few other designations. */
  private candidate(
    countryCode: string,
    mandate: MandateCode,
    statuses: ContactStatus[],
    except: string | null,
  ): NetworkContact | null {
    const kinds = MANDATE_KINDS[mandate];
    const pools = kinds.map((kind) =>
      (this.byCountry.get(countryCode) ?? []).filter((c) => {
        if (NAMED_IDS.has(c.id) || c.id === except) return false;
        if (!statuses.includes(c.status) || c.visibility === 'secretariat') return false;
        if ((this.countOf.get(c.id) ?? 0) >= 2) return false;
        return this.organisation(c.organisationId).kind === kind;
      }),
    );
    const available = pools.filter((pool) => pool.length > 0);
    if (available.length === 0) return null;
    const pool = this.rng.chance(0.75) ? available[0] : this.rng.pick(available);
    return this.rng.pick(pool);
  }

  private addDesignations(): void {
    for (const contact of this.contacts) {
      if (!contact.countryCode) continue;
      const list = this.byCountry.get(contact.countryCode) ?? [];
      list.push(contact);
      this.byCountry.set(contact.countryCode, list);
    }
    const named = new Map<string, NetworkContact>(this.contacts.map((c) => [c.id, c]));
    const forced = new Map<string, true>();
    for (const person of NAMED) {
      const contact = named.get(DEMO_CONTACT_IDS[person.key])!;
      for (const [mandate, role, scope = 'national'] of person.designations ?? []) {
        this.designate(contact, mandate, role, scope, { validFromDaysAgo: this.rng.int(400, 1000) });
        forced.set(`${scope === 'national' ? contact.countryCode : contact.organisationId}:${mandate}:${role}`, true);
      }
    }
    // The cells of the coverage matrix: most EU cells have a primary, many a deputy; third countries fewer.
    const noDeputy = new Set(['MT:victim_identification']);
    const network = [...EU_MEMBERS, ...DEFAULT_THIRD_COUNTRIES];
    for (const country of network) {
      const eu = (EU_MEMBERS as readonly string[]).includes(country);
      for (const mandate of DEMO_MANDATES) {
        const cell = `${country}:${mandate}`;
        let primary: NetworkContact | null = null;
        if (!forced.has(`${cell}:primary`) && this.rng.chance(eu ? 0.86 : 0.5)) {
          primary = this.candidate(country, mandate, ['active'], null);
          if (primary) this.designate(primary, mandate, 'primary', 'national');
        }
        const covered = primary !== null || forced.has(`${cell}:primary`);
        if (!covered || noDeputy.has(cell) || forced.has(`${cell}:deputy`)) continue;
        if (this.rng.chance(eu ? 0.6 : 0.35)) {
          const deputy = this.candidate(country, mandate, ['active', 'active', 'on_leave'], primary?.id ?? null);
          if (deputy) this.designate(deputy, mandate, 'deputy', 'national');
        }
      }
    }
    for (const [organisationId, mandate, role] of ORGANISATIONAL) {
      if (forced.has(`${organisationId}:${mandate}:${role}`)) continue;
      const pool = this.contacts.filter(
        (c) =>
          c.organisationId === organisationId &&
          c.status === 'active' &&
          c.visibility !== 'secretariat' &&
          !NAMED_IDS.has(c.id),
      );
      if (pool.length) this.designate(this.rng.pick(pool), mandate, role, 'organisational');
    }
    this.addEndedDesignations();
  }

  /** People who left once held designations: ended ones, some handed over to the current holder. */
  private addEndedDesignations(): void {
    const departed = this.contacts.filter((c) => c.status === 'departed' && c.countryCode !== null);
    for (const contact of departed) {
      const kind = this.organisation(contact.organisationId).kind;
      const mandates = DEMO_MANDATES.filter((m) => MANDATE_KINDS[m].includes(kind));
      if (mandates.length === 0 || !this.rng.chance(0.4)) continue;
      const mandate = this.rng.pick(mandates);
      const role: DesignationRole = this.rng.chance(0.6) ? 'primary' : 'deputy';
      const successor = this.designations.find(
        (d) =>
          d.status === 'active' &&
          d.scope === 'national' &&
          d.countryCode === contact.countryCode &&
          d.mandateCode === mandate &&
          d.role === role &&
          d.replacesId === null,
      );
      const validTo = successor
        ? new Date(Date.parse(successor.validFrom) - DAY)
        : this.daysAgo(this.rng.int(60, 700), false);
      const days = Math.round((this.now.getTime() - validTo.getTime()) / DAY) + this.rng.int(365, 1100);
      const ended = this.designate(contact, mandate, role, 'national', {
        validFromDaysAgo: days,
        validTo,
        status: 'ended',
      });
      ended.lastConfirmedAt = new Date(Math.min(contact.lastConfirmedAt.getTime(), validTo.getTime()));
      if (successor) successor.replacesId = ended.id;
    }
  }

  /** Each contact's `mandates`: those of their active designations, in the mandates' order. */
  private fillMandates(): void {
    const byContact = new Map<string, Set<string>>();
    for (const d of this.designations) {
      if (d.status !== 'active') continue;
      const set = byContact.get(d.contactId) ?? new Set<string>();
      set.add(d.mandateCode);
      byContact.set(d.contactId, set);
    }
    for (const contact of this.contacts) {
      const held = byContact.get(contact.id);
      contact.mandates = held ? DEMO_MANDATES.filter((m) => held.has(m)) : [];
    }
  }
}

/**
 * The demo network, the same for the same seed: the organisations (the first demo ones flagged
 * `existing`), the people, and their designations; dates count back from `now`.
 */
export function generateDemoNetwork(now: Date = new Date(), seed: number = DEMO_NETWORK_SEED): DemoNetwork {
  return new NetworkBuilder(new SeededRandom(seed), now).build();
}
