import { languages as LANGUAGES } from 'countries-list';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ContactIndexer, DEFAULT_THIRD_COUNTRIES, EU_MEMBERS, ORGANISATION_KINDS } from '@liaison/directory';
import {
  COUNTRY_PROFILES,
  DEMO_CONTACT_IDS,
  DEMO_MANDATES,
  DEMO_NETWORK_ORGANISATIONS,
  type DemoNetwork,
  generateDemoNetwork,
  type NetworkContact,
  SeededRandom,
} from './demo-network.js';
import { DEMO_ORGANISATION_LIST, DEMO_ORGANISATIONS } from './demo-organisations.js';

const NOW = new Date('2026-06-11T10:00:00.000Z');
const DAY = 86_400_000;
const network: DemoNetwork = generateDemoNetwork(NOW);
const contactById = new Map(network.contacts.map((c) => [c.id, c]));
const organisationById = new Map(network.organisations.map((o) => [o.id, o]));
const contact = (id: string): NetworkContact => contactById.get(id)!;
/** The spellings the directory stores for a contact's name (the demo seeding has it derive them). */
const searchNames = (c: NetworkContact) => ContactIndexer.searchNames(c.fullName);
const daysSince = (d: Date) => (NOW.getTime() - d.getTime()) / DAY;
const active = network.designations.filter((d) => d.status === 'active');
const nationalCell = (country: string, mandate: string, role: string) =>
  active.filter(
    (d) => d.scope === 'national' && d.countryCode === country && d.mandateCode === mandate && d.role === role,
  );
const network42 = [...EU_MEMBERS, ...DEFAULT_THIRD_COUNTRIES] as string[];

describe('the demo network generator', () => {
  it('gives the same network for the same seed and date, without Math.random', () => {
    const random = Math.random;
    let calls = 0;
    Math.random = () => {
      calls++;
      return random();
    };
    let again: DemoNetwork;
    try {
      again = generateDemoNetwork(new Date(NOW));
    } finally {
      Math.random = random;
    }
    expect(calls).toBe(0);
    expect(again).toEqual(network);
    expect(generateDemoNetwork(NOW, 7).contacts.map((c) => c.fullName)).not.toEqual(
      network.contacts.map((c) => c.fullName),
    );
  });

  it('draws the same sequence from the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const draws = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('has about 300 organisations and 2000 people, reusing the first demo organisations', () => {
    expect(network.organisations.length).toBeGreaterThanOrEqual(280);
    expect(network.organisations.length).toBeLessThanOrEqual(330);
    expect(network.contacts.length).toBeGreaterThanOrEqual(1800);
    expect(network.contacts.length).toBeLessThanOrEqual(2300);
    const existing = network.organisations.filter((o) => o.existing).map((o) => o.id);
    expect(existing.sort()).toEqual(DEMO_ORGANISATION_LIST.map((o) => o.id).sort());
    const ids = network.organisations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(network.contacts.map((c) => c.id)).size).toBe(network.contacts.length);
    expect(new Set(network.designations.map((d) => d.id)).size).toBe(network.designations.length);
    for (const id of Object.values(DEMO_NETWORK_ORGANISATIONS)) expect(organisationById.has(id)).toBe(true);
  });

  it('covers every network country and the international bodies, with every kind of organisation', () => {
    for (const code of network42) {
      expect(COUNTRY_PROFILES[code]).toBeDefined();
      expect(network.contacts.some((c) => c.countryCode === code)).toBe(true);
    }
    const kinds = new Set(network.organisations.map((o) => o.kind));
    expect([...kinds].sort()).toEqual([...ORGANISATION_KINDS].sort());
    const international = network.organisations.filter((o) => o.countryCode === null).map((o) => o.acronym ?? o.name);
    expect(international).toEqual(expect.arrayContaining(['EC3', 'INTERPOL', 'Eurojust', 'DG HOME', 'CEPOL']));
    expect(network.organisations.some((o) => o.name === 'WeProtect Global Alliance')).toBe(true);
    for (const o of network.organisations) {
      expect(o.parentId === null || organisationById.has(o.parentId)).toBe(true);
      if (o.countryCode) expect(network42).toContain(o.countryCode);
    }
  });

  it('writes names in the national script, with their diacritics', () => {
    const names = (country: string) => network.contacts.filter((c) => c.countryCode === country).map((c) => c.fullName);
    for (const country of ['GR', 'CY'])
      for (const name of names(country)) expect(name).toMatch(/^[\p{Script=Greek} ]+$/u);
    for (const country of ['BG', 'UA', 'MK', 'RS'])
      for (const name of names(country)) expect(name).toMatch(/^[\p{Script=Cyrillic} ]+$/u);
    const some = (country: string, letters: RegExp) => expect(names(country).some((n) => letters.test(n))).toBe(true);
    some('PL', /[łśźżąęńó]/);
    some('CZ', /[řčšžěů]/);
    some('SK', /[ľčšžťďň]/);
    some('DE', /[äöüß]/);
    some('DK', /[øåæ]/);
    some('RO', /[șțăâî]/);
    some('HU', /[őű]/);
  });

  it('gives everyone unique lower-case e-mail addresses on .test domains', () => {
    const all = network.contacts.flatMap((c) => c.emails);
    expect(new Set(all).size).toBe(all.length);
    expect(network.contacts.filter((c) => c.emails.length < 1 || c.emails.length > 2)).toEqual([]);
    expect(all.filter((e) => !/^[a-z0-9.-]+@[a-z0-9.-]+\.test$/.test(e))).toEqual([]);
    expect(network.contacts.some((c) => c.emails.length === 2)).toBe(true);
  });

  it('gives only phone numbers that libphonenumber accepts, in E.164', () => {
    const problems: string[] = [];
    let numbers = 0;
    for (const c of network.contacts) {
      if (c.phones.length === 0) problems.push(`${c.fullName} has no number`);
      for (const phone of c.phones) {
        numbers++;
        const parsed = parsePhoneNumberFromString(phone.number);
        if (!parsed?.isValid() || parsed.number !== phone.number) problems.push(`${phone.number} is not valid E.164`);
        else if (c.countryCode && parsed.country !== c.countryCode)
          problems.push(`${phone.number} is not a number of ${c.countryCode}`);
      }
    }
    expect(problems).toEqual([]);
    expect(numbers).toBeGreaterThan(network.contacts.length);
    const kinds = new Set(network.contacts.flatMap((c) => c.phones.map((phone) => phone.kind)));
    expect([...kinds].sort()).toEqual(['duty', 'fax', 'mobile', 'work']);
  });

  it('uses ISO 639-1 languages, IANA time zones and the known statuses and visibilities', () => {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    const wrong = network.contacts.filter(
      (c) =>
        c.languages.some((l) => !(l in LANGUAGES)) ||
        new Set(c.languages).size !== c.languages.length ||
        !zones.has(c.timeZone) ||
        c.position.length < 4 ||
        c.expertise.length === 0,
    );
    expect(wrong).toEqual([]);
    const count = (f: (c: NetworkContact) => boolean) => network.contacts.filter(f).length;
    expect(count((c) => c.status === 'active') / network.contacts.length).toBeGreaterThan(0.8);
    expect(count((c) => c.status === 'on_leave')).toBeGreaterThan(0);
    expect(count((c) => c.status === 'departed')).toBeGreaterThan(0);
    const policing = network.contacts.filter((c) =>
      ['law_enforcement', 'prosecution'].includes(organisationById.get(c.organisationId)!.kind),
    );
    const restricted = policing.filter((c) => c.visibility === 'law_enforcement').length / policing.length;
    expect(restricted).toBeGreaterThan(0.15);
    expect(restricted).toBeLessThan(0.35);
    expect(count((c) => c.visibility === 'secretariat')).toBeGreaterThan(0);
    expect(count((c) => c.visibility === 'secretariat')).toBeLessThan(network.contacts.length * 0.03);
  });

  it('spreads confirmations over the past 300 days, some overdue', () => {
    const ages = network.contacts.map((c) => daysSince(c.lastConfirmedAt));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(301);
    const stale = ages.filter((a) => a > 180).length;
    expect(stale).toBeGreaterThan(network.contacts.length * 0.05);
    expect(stale).toBeLessThan(network.contacts.length * 0.25);
  });

  it('never has two active primaries for one cell, and keeps mandates in step with designations', () => {
    const cells = active
      .filter((d) => d.role === 'primary')
      .map((d) => `${d.scope}:${d.mandateCode}:${d.countryCode}:${d.organisationId}`);
    expect(cells.filter((cell, i) => cells.indexOf(cell) !== i)).toEqual([]);
    const problems: string[] = [];
    const today = NOW.toISOString().slice(0, 10);
    for (const d of network.designations) {
      const holder = contact(d.contactId);
      const say = (problem: string) => problems.push(`${d.id}: ${problem}`);
      if (!(DEMO_MANDATES as readonly string[]).includes(d.mandateCode)) say('unknown mandate');
      if (d.validFrom >= today) say('starts today or later');
      if (!/\d+\/20\d\d$/.test(d.nominatingAuthority)) say('no reference in the nominating authority');
      if (d.scope === 'national' && (d.countryCode !== holder.countryCode || d.organisationId !== null))
        say('a national designation names another country or an organisation');
      if (d.scope === 'organisational' && d.organisationId !== holder.organisationId)
        say('an organisational designation names another organisation');
      if (d.status === 'active') {
        if (d.validTo !== null) say('active with an end date');
        if (holder.status === 'departed') say('held by someone who left');
        if (d.role === 'primary' && holder.status !== 'active') say('a primary who is not active');
      } else if (d.status !== 'ended' || d.validTo === null || d.validTo < d.validFrom)
        say('ended without a valid end');
    }
    expect(problems).toEqual([]);
    const held = new Map<string, Set<string>>();
    for (const d of active) held.set(d.contactId, (held.get(d.contactId) ?? new Set<string>()).add(d.mandateCode));
    const inconsistent = network.contacts.filter(
      (c) => [...(held.get(c.id) ?? [])].sort().join() !== [...c.mandates].sort().join(),
    );
    expect(inconsistent).toEqual([]);
  });

  it('covers most EU cells with a primary and leaves realistic gaps', () => {
    const eu = EU_MEMBERS.flatMap((country) => DEMO_MANDATES.map((m) => nationalCell(country, m, 'primary').length));
    const covered = eu.filter((n) => n === 1).length / eu.length;
    expect(covered).toBeGreaterThan(0.75);
    expect(covered).toBeLessThan(0.97);
    const third = DEFAULT_THIRD_COUNTRIES.flatMap((c) =>
      DEMO_MANDATES.map((m) => nationalCell(c, m, 'primary').length),
    );
    expect(third.filter((n) => n === 1).length / third.length).toBeLessThan(covered);
    expect(active.filter((d) => d.role === 'deputy').length).toBeGreaterThan(100);
  });
});

describe('the people the scenarios name', () => {
  it('has Jürgen Müller at the BKA, primary for victim identification in Germany', () => {
    const jurgen = contact(DEMO_CONTACT_IDS.jurgenMueller);
    expect(jurgen).toMatchObject({
      fullName: 'Jürgen Müller',
      organisationId: DEMO_ORGANISATIONS.bka,
      countryCode: 'DE',
      languages: ['de', 'en', 'fr'],
      mandates: ['victim_identification'],
      status: 'active',
      visibility: 'network',
    });
    expect(jurgen.emails[0]).toBe('jurgen.mueller@liaison.test');
    expect(searchNames(jurgen)).toBe('jurgen muller juergen mueller');
    expect(nationalCell('DE', 'victim_identification', 'primary').map((d) => d.contactId)).toEqual([jurgen.id]);
    const deputy = nationalCell('DE', 'victim_identification', 'deputy').map((d) => contact(d.contactId));
    expect(deputy.map((c) => [c.id, c.visibility])).toEqual([
      [DEMO_CONTACT_IDS.germanVictimIdDeputy, 'law_enforcement'],
    ]);
    expect(network.contacts.filter((c) => searchNames(c).includes('muller'))).toEqual([jurgen]);
  });

  it('has Ana Ionescu at the Romanian Police, primary for victim identification in Romania', () => {
    const ana = contact(DEMO_CONTACT_IDS.anaIonescu);
    expect(ana).toMatchObject({
      fullName: 'Ana Ionescu',
      organisationId: DEMO_ORGANISATIONS.romanianPolice,
      languages: ['ro', 'en', 'fr'],
      mandates: ['victim_identification'],
    });
    expect(ana.emails[0]).toBe('ana.ionescu@liaison.test');
    expect(nationalCell('RO', 'victim_identification', 'primary').map((d) => d.contactId)).toEqual([ana.id]);
  });

  it('leaves Malta without a deputy for victim identification', () => {
    expect(nationalCell('MT', 'victim_identification', 'primary').map((d) => d.contactId)).toEqual([
      DEMO_CONTACT_IDS.maltaVictimIdPrimary,
    ]);
    expect(nationalCell('MT', 'victim_identification', 'deputy')).toEqual([]);
    expect(organisationById.get(contact(DEMO_CONTACT_IDS.maltaVictimIdPrimary).organisationId)!.countryCode).toBe('MT');
  });

  it('has a Greek-script primary in Cyprus who has not confirmed for 200 days', () => {
    const primary = contact(DEMO_CONTACT_IDS.cyprusVictimIdPrimary);
    expect(primary.fullName).toMatch(/^[\p{Script=Greek} ]+$/u);
    expect(primary.countryCode).toBe('CY');
    expect(daysSince(primary.lastConfirmedAt)).toBe(200);
    const [designation] = nationalCell('CY', 'victim_identification', 'primary');
    expect(designation.contactId).toBe(primary.id);
    expect(daysSince(designation.lastConfirmedAt)).toBe(200);
  });

  it('has a Slovak primary who has not confirmed for 181 days, and a colleague to hand over to', () => {
    const stale = contact(DEMO_CONTACT_IDS.slovakStaleContact);
    expect(stale.countryCode).toBe('SK');
    expect(daysSince(stale.lastConfirmedAt)).toBe(181);
    expect(stale.mandates).toEqual(['victim_identification']);
    expect(nationalCell('SK', 'victim_identification', 'primary').map((d) => d.contactId)).toEqual([stale.id]);
    const successor = contact(DEMO_CONTACT_IDS.slovakSuccessor);
    expect(successor.organisationId).toBe(stale.organisationId);
    expect(successor.mandates).toEqual([]);
    expect(daysSince(successor.lastConfirmedAt)).toBeLessThan(180);
  });

  it('has the people the search scenarios look for, once each', () => {
    const withName = (name: string) => network.contacts.filter((c) => c.fullName.includes(name));
    expect(withName('Παπαδόπουλος').map((c) => c.id)).toEqual([DEMO_CONTACT_IDS.georgiosPapadopoulos]);
    expect(searchNames(contact(DEMO_CONTACT_IDS.georgiosPapadopoulos))).toBe('georgios papadopoulos');
    expect(withName('Иван Иванов').map((c) => c.id)).toEqual([DEMO_CONTACT_IDS.ivanIvanov]);
    expect(searchNames(contact(DEMO_CONTACT_IDS.ivanIvanov))).toBe('ivan ivanov');
    expect(withName('Łukasz Kowalski').map((c) => c.id)).toEqual([DEMO_CONTACT_IDS.lukaszKowalski]);
    expect(withName('Mette Sørensen').map((c) => c.id)).toEqual([DEMO_CONTACT_IDS.metteSorensen]);
    expect(searchNames(contact(DEMO_CONTACT_IDS.metteSorensen))).toBe('mette sorensen mette soerensen');
    expect(network.contacts.filter((c) => /kowalski|kowalska/.test(searchNames(c)))).toHaveLength(1);
  });

  it('has a hosting provider’s trust-and-safety lead in industry', () => {
    const lead = contact(DEMO_CONTACT_IDS.trustAndSafetyLead);
    const org = organisationById.get(lead.organisationId)!;
    expect(org).toMatchObject({ id: DEMO_NETWORK_ORGANISATIONS.hostingProvider, kind: 'industry' });
    expect(lead.position).toBe('Trust and Safety Lead');
    expect(lead.visibility).toBe('network');
  });

  it('gives the Polish org admin’s organisation several people, the org admin among them', () => {
    const kgp = network.contacts.filter((c) => c.organisationId === DEMO_ORGANISATIONS.polishPolice);
    expect(kgp.length).toBeGreaterThanOrEqual(8);
    expect(contact(DEMO_CONTACT_IDS.tomaszKowalczyk).emails[0]).toBe('orgadmin.pl@liaison.test');
    expect(contact(DEMO_CONTACT_IDS.sofiaLindqvist).emails[0]).toBe('secretariat@liaison.test');
  });

  it('has a Europol EC3 analyst and victim identification designees hidden from the wider network', () => {
    expect(contact(DEMO_CONTACT_IDS.ec3Analyst).organisationId).toBe('00000000-0000-4000-8000-000000001001');
    const hidden = active.filter(
      (d) => d.mandateCode === 'victim_identification' && contact(d.contactId).visibility === 'law_enforcement',
    );
    expect(hidden.length).toBeGreaterThan(0);
  });
});
