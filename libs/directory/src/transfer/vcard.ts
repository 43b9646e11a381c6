import type { ContactPhone } from '../contacts/contact.entity.js';
import { fold } from '../search/fold.js';

/** What a vCard of a contact shows; the organisation and mandates by their display names. */
export interface VCardContact {
  id: string;
  fullName: string;
  /** The family name when it is known; otherwise the last word of `fullName` is taken as the family name. */
  familyName?: string | null;
  position: string | null;
  organisationName: string;
  /** The first is the preferred one. */
  emails: string[];
  phones: ContactPhone[];
  /** ISO 639-1 codes in order of preference. */
  languages: string[];
  expertise: string[];
  /** Display names of the contact's mandates. */
  mandates: string[];
  timeZone: string | null;
  lastConfirmedAt: Date | string;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

const TEL_TYPES: Record<ContactPhone['kind'], string> = {
  work: 'work,voice',
  mobile: 'cell',
  fax: 'fax',
  // vCard has no type for a 24/7 line: it is a work voice line, and the note says it is the duty line.
  duty: 'work,voice',
};

/**
 * A vCard 4.0 (RFC 6350) of one contact: CRLF line ends, lines folded at 75 octets without
 * splitting a character, text values escaped. Cards can be concatenated into one .vcf file.
 */
export function toVCard(contact: VCardContact): string {
  const [family, given] = nameParts(contact.fullName, contact.familyName);
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID:urn:uuid:${contact.id}`, 'KIND:individual'];
  lines.push(`FN:${text(contact.fullName)}`);
  lines.push(`N:${component(family)};${component(given)};;;`);
  if (contact.organisationName) lines.push(`ORG:${component(contact.organisationName)}`);
  if (contact.position) lines.push(`TITLE:${text(contact.position)}`);
  contact.emails.forEach((email, i) => lines.push(`EMAIL;TYPE=work${i === 0 ? ';PREF=1' : ''}:${text(email)}`));
  for (const phone of contact.phones) {
    lines.push(`TEL;VALUE=uri;TYPE=${TEL_TYPES[phone.kind]}:tel:${phone.number.replace(/\s+/g, '')}`);
  }
  contact.languages.forEach((code, i) => lines.push(`LANG;PREF=${Math.min(i + 1, 100)}:${text(code)}`));
  if (contact.timeZone) lines.push(`TZ;VALUE=text:${text(contact.timeZone)}`);
  if (contact.expertise.length > 0) lines.push(`CATEGORIES:${contact.expertise.map(text).join(',')}`);
  const notes = [
    ...(contact.mandates.length > 0 ? [`Mandates: ${contact.mandates.join(', ')}`] : []),
    ...contact.phones.filter((p) => p.kind === 'duty').map((p) => `24/7 duty line: ${p.number}`),
  ];
  if (notes.length > 0) lines.push(`NOTE:${text(notes.join('\n'))}`);
  lines.push(`REV:${timestamp(contact.lastConfirmedAt)}`, 'END:VCARD');
  return lines.map(foldLine).join('');
}

/** A safe ASCII file name for a contact's card, e.g. `ioannis-papadopoulos.vcf`. */
export function vcardFileName(name: string): string {
  const base = fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  // Windows refuses these names whatever the extension.
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)$/.test(base);
  return `${!base ? 'contact' : reserved ? `contact-${base}` : base}.vcf`;
}

/** [family, given]: the family name when given and found at either end of the name, else the last word. */
function nameParts(fullName: string, familyName?: string | null): [string, string] {
  const name = fullName.trim().replace(/\s+/g, ' ');
  const family = familyName?.trim().replace(/\s+/g, ' ');
  if (family) {
    if (name === family) return [family, ''];
    if (name.endsWith(` ${family}`)) return [family, name.slice(0, -family.length - 1)];
    if (name.startsWith(`${family} `)) return [family, name.slice(family.length + 1)];
    return [family, ''];
  }
  const words = name.split(' ');
  return [words.at(-1) ?? '', words.slice(0, -1).join(' ')];
}

/**
 * Escapes a text value (RFC 6350 §3.4): backslash, comma and line breaks. A semicolon is escaped
 * only in components of compound properties (`component`): elsewhere escaping it is optional and
 * some readers, ical.js among them, would keep the backslash.
 */
function text(value: string): string {
  return (
    value
      // Control characters other than tab and line breaks cannot appear in a vCard value.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
  );
}

/** A component of N or ORG, where a semicolon separates components. */
function component(value: string): string {
  return text(value).replace(/;/g, '\\;');
}

/** `20261128T120000Z`, the form of REV. */
function timestamp(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`lastConfirmedAt is not a date: ${String(value)}`);
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Folds a content line at 75 octets (RFC 6350 §3.2): each continuation starts with one space,
 * which counts in its line. Characters are never split, nor are escape pairs such as `\,`, so
 * even a reader that unescapes before unfolding reads the same value.
 */
function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const unit of line.match(/\\.|[\s\S]/gsu) ?? []) {
    const size = Buffer.byteLength(unit, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      out += `${CRLF} `;
      octets = 1;
    }
    out += unit;
    octets += size;
  }
  return out + CRLF;
}
