import { createHash } from 'node:crypto';
import { replaceTerms, subjectTerms } from '@liaison/core';
import { canonicalJson } from './canonical-json.js';

/** Whose personal data an erasure replaces in the audit log. */
export interface RedactionSubject {
  /** Their account, if they had one: the events they caused lose their address too. */
  userId: string | null;
  /** Ids that name them as a target (account and directory entries). */
  ids: string[];
  /** Their e-mail addresses, lower-case. */
  emails: string[];
  /** Their names as written. */
  names: string[];
  pseudonym: string;
}

/** Keys whose values name a person when the event is about the subject. */
const PERSONAL_KEYS = new Set(['email', 'emails', 'name', 'displayName', 'fullName', 'phones', 'position', 'q']);

/** What names the subject in the log: addresses and full names, also without diacritics. */
export const redactionTerms = (subject: RedactionSubject): string[] => subjectTerms(subject);

/** SHA-256(canonical({ip, details})), hex: what an erasure event declares for each row it redacts. */
export const redactionDigest = (ip: string | null, details: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalJson({ ip, details }), 'utf8').digest('hex');

/**
 * The details with the subject's e-mails and names replaced by the pseudonym wherever they occur
 * (any depth, any case), and, in events about the subject, every personal field replaced whole.
 */
export function redactDetails(
  details: Record<string, unknown>,
  subject: RedactionSubject,
  aboutSubject: boolean,
): Record<string, unknown> {
  return replaceTerms(details, redactionTerms(subject), subject.pseudonym, aboutSubject ? PERSONAL_KEYS : undefined);
}
