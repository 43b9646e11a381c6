import type { Contact } from './contact.entity.js';

/** A contact's fields, each as it was and as it is (an entry of its history). */
export type ContactChanges = Record<string, { from: unknown; to: unknown }>;

/** The fields a contact's history records. */
const TRACKED: (keyof Contact)[] = [
  'organisationId',
  'fullName',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'timeZone',
  'status',
  'visibility',
];

/** A new contact's recorded fields, each from nothing. */
export function snapshot(contact: Contact): ContactChanges {
  return Object.fromEntries(TRACKED.map((k) => [k, { from: null, to: contact[k] ?? null }]));
}

/** The recorded fields among `keys` that differ between the two. */
export function changesBetween(before: Contact, after: Contact, keys: string[]): ContactChanges {
  const out: ContactChanges = {};
  for (const key of keys as (keyof Contact)[]) {
    if (!TRACKED.includes(key)) continue;
    const from = key in before ? (before as never)[key] : null;
    const to = after[key] ?? null;
    if (canonical(from) !== canonical(to)) out[key] = { from, to };
  }
  return out;
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
