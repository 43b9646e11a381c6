import { languages as LANGUAGES } from 'countries-list';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FieldError } from '@liaison/core';
import { fold } from '../search/fold.js';
import {
  CONTACT_STATUSES,
  type ContactPhone,
  type ContactStatus,
  VISIBILITIES,
  type Visibility,
} from './contact.entity.js';

export const PHONE_KINDS = ['work', 'mobile', 'fax', 'duty'] as const;
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** The editable fields of a contact as a client or a CSV row gives them. */
export interface ContactFields {
  organisationId?: string;
  fullName?: string;
  position?: string | null;
  emails?: string[];
  phones?: { number: string; kind?: string }[];
  languages?: string[];
  expertise?: string[];
  timeZone?: string | null;
  status?: string;
  visibility?: string;
}

/** The same fields after checking, in stored form. */
export interface NormalisedContact {
  organisationId?: string;
  fullName?: string;
  position?: string | null;
  emails?: string[];
  phones?: ContactPhone[];
  languages?: string[];
  expertise?: string[];
  expertiseFolded?: string[];
  timeZone?: string | null;
  status?: ContactStatus;
  visibility?: Visibility;
}

/**
 * Checks and normalises contact fields: e-mails lower-cased and well formed, phone numbers valid and
 * written in E.164, languages ISO 639-1, an IANA time zone, known status and visibility. Every
 * problem is reported, each under its field (`phones.0.number`, as the validation pipe names nested fields), none is silently dropped.
 */
export function normaliseContact(input: ContactFields): { value: NormalisedContact; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: NormalisedContact = {};
  const fail = (field: string, reason: string) => errors.push({ field, reasons: [reason] });

  if (input.organisationId !== undefined) value.organisationId = input.organisationId;
  if (input.fullName !== undefined) {
    const name = input.fullName.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (name.length < 2 || name.length > 200) fail('fullName', 'fullName must be 2 to 200 characters');
    else if (!fold(name)) fail('fullName', 'fullName must contain letters');
    value.fullName = name;
  }
  if (input.position !== undefined) {
    const position = input.position?.replace(/\s+/g, ' ').trim() || null;
    if (position && position.length > 200) fail('position', 'position must be at most 200 characters');
    value.position = position;
  }
  if (input.emails !== undefined) {
    const emails = input.emails.map((e) => e.trim().toLowerCase());
    if (emails.length === 0) fail('emails', 'emails must contain at least one address');
    if (emails.length > 5) fail('emails', 'emails must contain at most 5 addresses');
    emails.forEach((e, i) => {
      if (e.length > 254 || !EMAIL.test(e)) fail(`emails.${i}`, `"${e}" is not an e-mail address`);
    });
    if (new Set(emails).size !== emails.length) fail('emails', 'emails must not repeat an address');
    value.emails = emails;
  }
  if (input.phones !== undefined) {
    if (input.phones.length > 5) fail('phones', 'phones must contain at most 5 numbers');
    value.phones = input.phones.map((p, i) => {
      const kind = (p.kind ?? 'work') as ContactPhone['kind'];
      if (!PHONE_KINDS.includes(kind)) fail(`phones.${i}.kind`, `kind must be one of ${PHONE_KINDS.join(', ')}`);
      const raw = String(p.number ?? '').trim();
      const parsed = raw.startsWith('+') ? parsePhoneNumberFromString(raw) : undefined;
      if (!parsed?.isValid()) {
        fail(
          `phones.${i}.number`,
          `"${raw}" is not a valid international number; write it in E.164 form with the country code, e.g. +40212082525`,
        );
        return { number: raw, kind };
      }
      return { number: parsed.number, kind };
    });
  }
  if (input.languages !== undefined) {
    const codes = input.languages.map((l) => l.trim().toLowerCase());
    codes.forEach((c, i) => {
      if (!(c in LANGUAGES)) fail(`languages.${i}`, `"${c}" is not an ISO 639-1 language code`);
    });
    if (codes.length > 20) fail('languages', 'languages must contain at most 20 codes');
    value.languages = [...new Set(codes)];
  }
  if (input.expertise !== undefined) {
    const tags = [...new Set(input.expertise.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean))];
    if (tags.length > 30) fail('expertise', 'expertise must contain at most 30 tags');
    tags.forEach((t, i) => {
      if (t.length > 80) fail(`expertise.${i}`, 'each expertise tag must be at most 80 characters');
      if (t.includes(';'))
        fail(`expertise.${i}`, 'an expertise tag cannot contain ";" (it separates tags in CSV files)');
    });
    value.expertise = tags;
    value.expertiseFolded = [...new Set(tags.map(fold))];
  }
  if (input.timeZone !== undefined) {
    const tz = input.timeZone?.trim() || null;
    if (tz && !TIME_ZONES.has(tz)) fail('timeZone', `"${tz}" is not an IANA time zone such as Europe/Warsaw`);
    value.timeZone = tz;
  }
  if (input.status !== undefined) {
    if (!CONTACT_STATUSES.includes(input.status as ContactStatus))
      fail('status', `status must be one of ${CONTACT_STATUSES.join(', ')}`);
    value.status = input.status as ContactStatus;
  }
  if (input.visibility !== undefined) {
    if (!VISIBILITIES.includes(input.visibility as Visibility))
      fail('visibility', `visibility must be one of ${VISIBILITIES.join(', ')}`);
    value.visibility = input.visibility as Visibility;
  }
  return { value, errors };
}

/** How a name sorts: the last word first, folded ("muller jurgen"). */
export function sortNameOf(fullName: string): string {
  const words = fold(fullName).split(' ');
  return words.length > 1 ? [words.at(-1), ...words.slice(0, -1)].join(' ') : words[0];
}
