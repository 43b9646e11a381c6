import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export { type FreeTextColumns, rewriteFreeText } from './free-text.repository.js';

/**
 * One person whose data is exported or erased, as the contexts know them together: the privacy
 * context asks every holder to add what it knows (an account finds its directory entry by
 * address, an entry its account) until nothing new turns up.
 */
export interface DataSubject {
  userId: string | null;
  contactIds: string[];
  /** E-mail addresses, lower-case. */
  emails: string[];
  /** Names as written (the account's display name, the entries' full names). */
  names: string[];
}

/** What an erasure hands to each holder, inside the one transaction that erases everything. */
export interface ErasureRun {
  subject: DataSubject;
  /** What the person is called from now on wherever a name is needed (`∅ 7KQ2F`). */
  pseudonym: string;
  manager: EntityManager;
}

/** One context's part of a person's export: plain JSON, plus counts for the readable summary. */
export interface PersonalDataSection {
  /** Numbers a person reads in the summary, by item key (`sessions`, `rsvps`, …). */
  counts: Record<string, number>;
  data: Record<string, unknown>;
}

/** The retention periods the secretariat sets, in days (null: kept until deleted). */
export interface RetentionPeriods {
  auditEventsDays: number | null;
  deliveriesDays: number | null;
  messagesDays: number | null;
}

/** A context's reason not to erase someone yet (a 409 with the field). */
export interface ErasureRefusal {
  code: string;
  message: string;
  field: string;
}

/**
 * Port each context implements for the data it holds about people (GDPR articles 15 and 17):
 * what it knows about a subject, their export, and their erasure (personal data removed or
 * replaced by the pseudonym, rows others rely on kept). Holders register with the registry at
 * start-up; the privacy context calls them.
 */
export abstract class PersonalDataHolder {
  /** The context's name, the export's section key (`identity`, `directory`, …). */
  abstract readonly context: string;

  /** Adds what this context knows about the subject (ids, addresses, names); most know nothing more. */
  identify(subject: DataSubject): Promise<DataSubject> {
    return Promise.resolve(subject);
  }

  /** Everything this context holds about the subject. */
  abstract export(subject: DataSubject): Promise<PersonalDataSection>;

  /** Erases the subject's personal data in the run's transaction; returns counts by item. */
  abstract erase(run: ErasureRun): Promise<Record<string, number>>;

  /** Applies the retention periods that concern this context; returns counts by item. */
  applyRetention?(periods: RetentionPeriods, now: Date): Promise<Record<string, number>>;

  /** Why this subject may not be erased now (named by this directory entry), or null. */
  refuseErasure?(subject: DataSubject, contactId: string): Promise<ErasureRefusal | null>;

  /** Work after the erasure committed (ending live connections, removing files). */
  afterErasure?(subject: DataSubject): Promise<void>;
}

/** The holders of every context, registered at start-up. */
@Injectable()
export class PersonalDataRegistry {
  private readonly holders: PersonalDataHolder[] = [];

  register(holder: PersonalDataHolder): void {
    if (this.holders.some((h) => h.context === holder.context))
      throw new Error(`A personal data holder for "${holder.context}" is registered already`);
    this.holders.push(holder);
  }

  all(): readonly PersonalDataHolder[] {
    return this.holders;
  }
}

/** Merges two views of a subject (sets, order kept). */
export function mergeSubjects(a: DataSubject, b: Partial<DataSubject>): DataSubject {
  const union = (x: string[], y: string[] = []) => [...new Set([...x, ...y])];
  return {
    userId: a.userId ?? b.userId ?? null,
    contactIds: union(a.contactIds, b.contactIds),
    emails: union(
      a.emails,
      b.emails?.map((e) => e.toLowerCase()),
    ),
    names: union(a.names, b.names),
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The spelling without diacritics (Wąsowicz → Wasowicz, Łukasz → Lukasz, Groß → Gross). */
export function withoutDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØđĐ]/g, (c) => ({ ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D' })[c]!)
    .replace(/ß/g, 'ss');
}

const words = (name: string) => name.trim().split(/\s+/u).filter(Boolean);

/**
 * What names the subject in text: their e-mail addresses and their names of two words or more,
 * each also without diacritics; longest first. A single word (a one-word name such as "example",
 * a first name, a surname alone) is never a term: it could be anyone's, and replacing it
 * everywhere would rewrite other people's text.
 */
export function subjectTerms(subject: Pick<DataSubject, 'emails' | 'names'>): string[] {
  const names = subject.names.map((n) => words(n).join(' ')).filter((n) => words(n).length >= 2);
  const terms = [...subject.emails, ...names].flatMap((t) => [t.trim(), withoutDiacritics(t.trim())]);
  return [...new Set(terms)].filter((t) => t.length >= 3).sort((a, b) => b.length - a.length);
}

/** ILIKE patterns that find these terms, also as they are escaped inside JSON text. */
export function likePatterns(terms: string[]): string[] {
  const like = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [...new Set(terms.flatMap((t) => [like(t), like(JSON.stringify(t).slice(1, -1))]))];
}

/**
 * A copy of a JSON value with every whole-word occurrence of these terms (any case, any depth)
 * replaced by the pseudonym, and, where `personalKeys` is given, those keys' values replaced whole.
 */
export function replaceTerms<T>(value: T, terms: string[], pseudonym: string, personalKeys?: ReadonlySet<string>): T {
  const pattern =
    terms.length > 0
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
      : null;
  const walk = (v: unknown, key: string | null): unknown => {
    if (personalKeys && key !== null && personalKeys.has(key) && v !== null) return pseudonym;
    if (typeof v === 'string') return pattern ? v.replace(pattern, pseudonym) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, null) as T;
}
