import ICAL from 'ical.js';
import { toVCard, vcardFileName, type VCardContact } from './vcard.js';

const aContact = (over: Partial<VCardContact> = {}): VCardContact => ({
  id: '0e5f4b6a-1111-4222-8333-444455556666',
  fullName: 'Andrei Popescu',
  position: 'Head of the cybercrime unit',
  organisationName: 'Romanian Police',
  emails: ['andrei.popescu@politiaromana.ro', 'cyber@politiaromana.ro'],
  phones: [
    { number: '+40212082525', kind: 'work' },
    { number: '+40722123456', kind: 'mobile' },
  ],
  languages: ['ro', 'en', 'fr'],
  expertise: ['victim identification', 'darknet'],
  mandates: ['Victim identification', 'Hotline'],
  timeZone: 'Europe/Bucharest',
  lastConfirmedAt: new Date(Date.UTC(2026, 10, 28, 12, 0, 0, 345)),
  ...over,
});

/** Reads one card with ical.js, the parser address books use. */
function read(card: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(card));
}

const value = (card: ICAL.Component, name: string) => card.getFirstPropertyValue(name);
const values = (card: ICAL.Component, name: string) => card.getAllProperties(name).map((p) => p.getFirstValue());
const physicalLines = (card: string) => card.split('\r\n').slice(0, -1);
const unfold = (card: string) => card.replace(/\r\n /g, '');

describe('toVCard', () => {
  it('writes a vCard 4.0 that ical.js reads back field by field', () => {
    const card = toVCard(aContact());
    const parsed = read(card);

    expect(parsed.name).toBe('vcard');
    expect(value(parsed, 'version')).toBe('4.0');
    expect(value(parsed, 'fn')).toBe('Andrei Popescu');
    expect(value(parsed, 'n')).toEqual(['Popescu', 'Andrei', '', '', '']);
    expect(value(parsed, 'org')).toBe('Romanian Police');
    expect(value(parsed, 'title')).toBe('Head of the cybercrime unit');
    expect(value(parsed, 'uid')).toBe('urn:uuid:0e5f4b6a-1111-4222-8333-444455556666');
    expect(value(parsed, 'kind')).toBe('individual');
    expect(value(parsed, 'tz')).toBe('Europe/Bucharest');
    expect(parsed.getFirstProperty('tz')?.type).toBe('text');
    expect(parsed.getFirstProperty('categories')?.getValues()).toEqual(['victim identification', 'darknet']);
    expect(value(parsed, 'note')).toBe('Mandates: Victim identification, Hotline');
    expect(String(value(parsed, 'rev'))).toBe('2026-11-28T12:00:00Z');
  });

  it('starts with BEGIN and VERSION, ends with END, and uses CRLF line ends only', () => {
    const card = toVCard(aContact());

    expect(card.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(card.endsWith('\r\nEND:VCARD\r\n')).toBe(true);
    expect(card.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(card).toContain('\r\nREV:20261128T120000Z\r\n');
    expect(card).not.toMatch(/^X-/m);
  });

  it('marks the first e-mail as preferred and keeps the order of the others', () => {
    const parsed = read(toVCard(aContact({ emails: ['a@x.eu', 'b@x.eu', 'c@x.eu'] })));
    const emails = parsed.getAllProperties('email');

    expect(emails.map((p) => p.getFirstValue())).toEqual(['a@x.eu', 'b@x.eu', 'c@x.eu']);
    expect(emails.map((p) => p.getParameter('pref'))).toEqual(['1', undefined, undefined]);
    expect(emails.map((p) => p.getParameter('type'))).toEqual(['work', 'work', 'work']);
  });

  it('writes phones as tel: URIs with a type for each kind, and notes the 24/7 duty line', () => {
    const parsed = read(
      toVCard(
        aContact({
          mandates: [],
          phones: [
            { number: '+40212082525', kind: 'work' },
            { number: '+48600100200', kind: 'mobile' },
            { number: '+40212082526', kind: 'fax' },
            { number: '+40212082599', kind: 'duty' },
          ],
        }),
      ),
    );
    const tels = parsed.getAllProperties('tel');

    expect(tels.map((p) => p.type)).toEqual(['uri', 'uri', 'uri', 'uri']);
    expect(tels.map((p) => p.getFirstValue())).toEqual([
      'tel:+40212082525',
      'tel:+48600100200',
      'tel:+40212082526',
      'tel:+40212082599',
    ]);
    expect(tels.map((p) => p.getParameter('type'))).toEqual([['work', 'voice'], 'cell', 'fax', ['work', 'voice']]);
    expect(value(parsed, 'note')).toBe('24/7 duty line: +40212082599');
  });

  it('lists the languages in order of preference', () => {
    const parsed = read(toVCard(aContact({ languages: ['pl', 'de', 'en'] })));
    const langs = parsed.getAllProperties('lang');

    expect(langs.map((p) => p.getFirstValue())).toEqual(['pl', 'de', 'en']);
    expect(langs.map((p) => p.getParameter('pref'))).toEqual(['1', '2', '3']);
  });

  it('puts mandates and duty lines on separate lines of one note', () => {
    const parsed = read(
      toVCard(
        aContact({ mandates: ['Hotline', 'Law enforcement'], phones: [{ number: '+40212082599', kind: 'duty' }] }),
      ),
    );

    expect(values(parsed, 'note')).toEqual(['Mandates: Hotline, Law enforcement\n24/7 duty line: +40212082599']);
  });

  it('leaves out the properties a contact does not have', () => {
    const card = toVCard(
      aContact({ position: null, phones: [], languages: [], expertise: [], mandates: [], timeZone: null }),
    );
    const parsed = read(card);

    for (const name of ['title', 'tel', 'lang', 'tz', 'categories', 'note']) {
      expect(parsed.getAllProperties(name)).toEqual([]);
    }
    expect(value(parsed, 'fn')).toBe('Andrei Popescu');
  });

  it.each([
    ['Greek', 'Γιάννης Παπαδόπουλος', 'Παπαδόπουλος', 'Γιάννης'],
    ['Cyrillic', 'Олена Іваненко', 'Іваненко', 'Олена'],
    ['Bulgarian Cyrillic', 'Мария Петрова-Йорданова', 'Петрова-Йорданова', 'Мария'],
    ['Polish', 'Małgorzata Żółkiewska-Łęcka', 'Żółkiewska-Łęcka', 'Małgorzata'],
    ['German', 'Jürgen Groß Müller', 'Müller', 'Jürgen Groß'],
  ])('round-trips a %s name through ical.js', (_script, fullName, family, given) => {
    const parsed = read(toVCard(aContact({ fullName, organisationName: 'Ελληνική Αστυνομία — Δίωξη' })));

    expect(value(parsed, 'fn')).toBe(fullName);
    expect(value(parsed, 'n')).toEqual([family, given, '', '', '']);
    expect(value(parsed, 'org')).toBe('Ελληνική Αστυνομία — Δίωξη');
  });

  it('takes the family name when it is given, wherever it stands in the name', () => {
    expect(value(read(toVCard(aContact({ fullName: 'Nagy Péter', familyName: 'Nagy' }))), 'n')).toEqual([
      'Nagy',
      'Péter',
      '',
      '',
      '',
    ]);
    expect(
      value(read(toVCard(aContact({ fullName: 'Ana María García López', familyName: 'García López' }))), 'n'),
    ).toEqual(['García López', 'Ana María', '', '', '']);
  });

  it('puts a one-word name in the family name', () => {
    expect(value(read(toVCard(aContact({ fullName: 'Suharto' }))), 'n')).toEqual(['Suharto', '', '', '', '']);
  });

  it('escapes commas, semicolons, backslashes and line breaks so the values read back unchanged', () => {
    const contact = aContact({
      fullName: 'Smith, John; C:\\ Jr. II',
      position: 'Head, unit A;\nand deputy\r\ndirector',
      organisationName: 'Ministry of the Interior; Police, Cyber Department',
      expertise: ['grooming, sextortion', 'tor; i2p', 'C:\\forensics'],
      mandates: ['Hotline; reporting', 'Victim identification, Europe'],
    });
    const card = toVCard(contact);
    const parsed = read(card);

    expect(value(parsed, 'fn')).toBe('Smith, John; C:\\ Jr. II');
    expect(value(parsed, 'title')).toBe('Head, unit A;\nand deputy\ndirector');
    expect(value(parsed, 'org')).toBe('Ministry of the Interior; Police, Cyber Department');
    expect(value(parsed, 'n')).toEqual(['II', 'Smith, John; C:\\ Jr.', '', '', '']);
    expect(parsed.getFirstProperty('categories')?.getValues()).toEqual([
      'grooming, sextortion',
      'tor; i2p',
      'C:\\forensics',
    ]);
    expect(value(parsed, 'note')).toBe('Mandates: Hotline; reporting, Victim identification, Europe');

    const lines = unfold(card).split('\r\n');
    expect(lines).toContain('FN:Smith\\, John; C:\\\\ Jr. II');
    expect(lines).toContain('ORG:Ministry of the Interior\\; Police\\, Cyber Department');
    expect(lines).toContain('N:II;Smith\\, John\\; C:\\\\ Jr.;;;');
    expect(lines).toContain('TITLE:Head\\, unit A;\\nand deputy\\ndirector');
  });

  it('escapes a backslash that ends a component, which ical.js alone misreads as escaping the separator', () => {
    // RFC 6350 reads `\\;` as a backslash then a separator; ical.js looks only at the character
    // before a semicolon, so this is checked on the text.
    const card = toVCard(aContact({ fullName: 'Dept. A\\ Kowalski', organisationName: 'Unit\\' }));

    expect(unfold(card).split('\r\n')).toEqual(
      expect.arrayContaining(['N:Kowalski;Dept. A\\\\;;;', 'ORG:Unit\\\\', 'FN:Dept. A\\\\ Kowalski']),
    );
    expect(value(read(card), 'fn')).toBe('Dept. A\\ Kowalski');
  });

  it('drops control characters that a vCard value cannot carry', () => {
    const parsed = read(toVCard(aContact({ position: 'Analyst\u0000\u0007\u001b\tteam' })));

    expect(value(parsed, 'title')).toBe('Analyst\tteam');
  });

  it.each([0, 1, 2, 3])('folds long lines at 75 octets without splitting a character (offset %i)', (offset) => {
    // 2-, 3- and 4-byte characters in turn, shifted so that they fall on every position of a fold.
    const fullName = 'x'.repeat(offset) + 'Ωμέγα 日本語 😀🇵🇱 Łódź '.repeat(12).trim();
    const contact = aContact({ fullName, position: 'Ä'.repeat(200), expertise: ['ü,'.repeat(60)] });
    const card = toVCard(contact);
    const lines = physicalLines(card);

    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      expect(bytes.length).toBeLessThanOrEqual(75);
      // Every physical line is valid UTF-8 by itself: no character was cut in two.
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    }
    // Long lines are filled, not folded early.
    const fnLines = unfold(card).split('\r\n');
    expect(fnLines).toContain(`FN:${fullName}`);
    const parsed = read(card);
    expect(value(parsed, 'fn')).toBe(fullName);
    expect(value(parsed, 'title')).toBe('Ä'.repeat(200));
    expect(parsed.getFirstProperty('categories')?.getValues()).toEqual(['ü,'.repeat(60)]);
  });

  it('fills each folded line as far as a whole character allows', () => {
    const lines = physicalLines(toVCard(aContact({ position: 'a'.repeat(300) })));
    const start = lines.findIndex((l) => l.startsWith('TITLE:'));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
    const title = lines.slice(start, end);

    expect(title.map((l) => l.length)).toEqual([75, 75, 75, 75, 306 - 75 - 3 * 74 + 1]);
    expect(title.slice(1).every((l) => /^ a+$/.test(l))).toBe(true);
  });

  it('never splits an escape pair across a fold', () => {
    for (let offset = 0; offset < 4; offset++) {
      const card = toVCard(aContact({ position: 'p'.repeat(offset) + ',;\\\n'.repeat(60) }));
      for (const line of physicalLines(card)) {
        const trailingBackslashes = /\\*$/.exec(line)?.[0].length ?? 0;
        expect(trailingBackslashes % 2).toBe(0);
      }
      expect(value(read(card), 'title')).toBe('p'.repeat(offset) + ',;\\\n'.repeat(60));
    }
  });

  it('produces cards that concatenate into one file read as several cards', () => {
    const names = ['Γιάννης Παπαδόπουλος', 'Олена Іваненко', 'Jürgen Müller'];
    const file = names
      .map((fullName, i) => toVCard(aContact({ fullName, id: `0e5f4b6a-1111-4222-8333-44445555666${i}` })))
      .join('');
    const parsed = ICAL.parse(file) as unknown[];

    expect(parsed).toHaveLength(3);
    const cards = parsed.map((jcard) => new ICAL.Component(jcard as unknown[]));
    expect(cards.map((c) => value(c, 'fn'))).toEqual(names);
    expect(cards.map((c) => value(c, 'uid'))).toEqual(
      [0, 1, 2].map((i) => `urn:uuid:0e5f4b6a-1111-4222-8333-44445555666${i}`),
    );
  });

  it('accepts the confirmation date as an ISO string and refuses a date that is not one', () => {
    expect(toVCard(aContact({ lastConfirmedAt: '2026-03-01T08:30:05.120Z' }))).toContain(
      '\r\nREV:20260301T083005Z\r\n',
    );
    expect(toVCard(aContact({ lastConfirmedAt: '2026-03-01T09:30:05+01:00' }))).toContain(
      '\r\nREV:20260301T083005Z\r\n',
    );
    expect(() => toVCard(aContact({ lastConfirmedAt: 'yesterday' }))).toThrow(RangeError);
  });
});

describe('vcardFileName', () => {
  it.each([
    ['Andrei Popescu', 'andrei-popescu.vcf'],
    ['Małgorzata Żółkiewska-Łęcka', 'malgorzata-zolkiewska-lecka.vcf'],
    ['Jürgen Groß', 'jurgen-gross.vcf'],
    ['Γιάννης Παπαδόπουλος', 'giannis-papadopoulos.vcf'],
    ['Олена Іваненко', 'olena-ivanenko.vcf'],
    ['../../etc/passwd', 'etc-passwd.vcf'],
    ['Jean "Jo" <O\'Brien>; rm -rf /', 'jean-jo-obrien-rm-rf.vcf'],
  ])('names the card of %s %s', (name, file) => {
    expect(vcardFileName(name)).toBe(file);
  });

  it('falls back to a neutral name when nothing printable is left', () => {
    expect(vcardFileName('')).toBe('contact.vcf');
    expect(vcardFileName('😀 ★ ✓')).toBe('contact.vcf');
  });

  it('avoids names that Windows reserves', () => {
    expect(vcardFileName('Con')).toBe('contact-con.vcf');
    expect(vcardFileName('Nul')).toBe('contact-nul.vcf');
    expect(vcardFileName('Com1')).toBe('contact-com1.vcf');
  });

  it('keeps names short and ASCII', () => {
    const file = vcardFileName('Ωμέγα-'.repeat(50));

    expect(file.length).toBeLessThanOrEqual(84);
    expect(file).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.vcf$/);
  });
});
