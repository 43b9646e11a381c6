import type { FieldError } from '@liaison/core';

/**
 * One group of people: everyone who meets every condition given (AND); a condition with several
 * values is met by any of them (OR). `everyone` must be said explicitly: a clause without a
 * condition is refused, so an audience never widens to the whole network by accident.
 */
export interface AudienceClause {
  everyone?: boolean;
  countries?: string[];
  regions?: string[];
  euMembers?: boolean;
  organisationKinds?: string[];
  organisations?: string[];
  mandates?: string[];
  groups?: string[];
  roles?: string[];
  users?: string[];
}

/** The people in any `include` clause and in no `exclude` clause. */
export interface Audience {
  include: AudienceClause[];
  exclude?: AudienceClause[];
}

const LIST_FIELDS = [
  'countries',
  'regions',
  'organisationKinds',
  'organisations',
  'mandates',
  'groups',
  'roles',
  'users',
] as const;

const conditionsOf = (c: AudienceClause): number =>
  (c.everyone ? 1 : 0) + (c.euMembers ? 1 : 0) + LIST_FIELDS.filter((f) => (c[f]?.length ?? 0) > 0).length;

/** Structural reasons an audience cannot be used (field paths as the client sent them). */
export function audienceProblems(audience: Audience): FieldError[] {
  const problems: FieldError[] = [];
  if (!audience.include?.length)
    problems.push({ field: 'audience.include', reasons: ['Choose at least one group of people to address.'] });
  const check = (clauses: AudienceClause[] | undefined, side: 'include' | 'exclude') =>
    (clauses ?? []).forEach((c, i) => {
      if (conditionsOf(c) === 0)
        problems.push({
          field: `audience.${side}[${i}]`,
          reasons: [
            side === 'include'
              ? 'This group has no condition. To address the whole network, choose "everyone" explicitly.'
              : 'This exclusion has no condition.',
          ],
        });
      if (side === 'exclude' && c.everyone)
        problems.push({ field: `audience.exclude[${i}].everyone`, reasons: ['Excluding everyone leaves nobody.'] });
    });
  check(audience.include, 'include');
  check(audience.exclude, 'exclude');
  return problems;
}

/** The values an audience names, to check that each exists. */
export function namedValues(audience: Audience): Record<(typeof LIST_FIELDS)[number], string[]> {
  const all = [...(audience.include ?? []), ...(audience.exclude ?? [])];
  return Object.fromEntries(LIST_FIELDS.map((f) => [f, [...new Set(all.flatMap((c) => c[f] ?? []))]])) as Record<
    (typeof LIST_FIELDS)[number],
    string[]
  >;
}

/**
 * The SQL condition that a user (alias `u`, with `o` their organisation and `co` its country,
 * both LEFT JOINed: `AUDIENCE_FROM`) is in the audience. Values are appended to `params` and
 * referenced by position. Mandates mean an active point-of-contact designation, valid today, of
 * the user's directory entry, counted only where the entry is visible at one of `levels` and not
 * departed.
 *
 * With `subject: 'contact'` the same rules select directory entries (alias `ct`, `UNREACHED_FROM`)
 * that have no active account: the people the audience would reach but cannot.
 */
export function audienceSql(
  audience: Audience,
  params: unknown[],
  levels: string[],
  subject: 'user' | 'contact' = 'user',
): string {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const contact = subject === 'contact';
  const designated = (mandates: string[]) => `AND ap.mandate_code = ANY(${p(mandates)}::text[]) AND ap.status = 'active'
            AND ap.valid_from <= current_date AND (ap.valid_to IS NULL OR ap.valid_to >= current_date)`;
  const clause = (c: AudienceClause): string => {
    const parts: string[] = [];
    if (c.countries?.length) parts.push(`o.country_code = ANY(${p(c.countries)}::text[])`);
    if (c.regions?.length) parts.push(`co.region = ANY(${p(c.regions)}::text[])`);
    if (c.euMembers) parts.push(`co.eu_member`);
    if (c.organisationKinds?.length) parts.push(`o.kind = ANY(${p(c.organisationKinds)}::text[])`);
    if (c.organisations?.length) {
      const ids = p(c.organisations);
      parts.push(`(o.id = ANY(${ids}::uuid[]) OR o.parent_id = ANY(${ids}::uuid[]))`);
    }
    if (c.mandates?.length)
      parts.push(
        contact
          ? `EXISTS (SELECT 1 FROM point_of_contact ap WHERE ap.contact_id = ct.id ${designated(c.mandates)})`
          : `EXISTS (SELECT 1 FROM contact ac JOIN point_of_contact ap ON ap.contact_id = ac.id
          WHERE ac.emails @> ARRAY[lower(u.email::text)] AND ac.status <> 'departed' AND ac.visibility = ANY(${p(levels)}::text[])
            ${designated(c.mandates)})`,
      );
    // Working groups, roles and named users are accounts: a directory entry without one is in none.
    if (c.groups?.length)
      parts.push(
        contact
          ? 'FALSE'
          : `EXISTS (SELECT 1 FROM working_group_member ag WHERE ag.user_id = u.id AND ag.group_id = ANY(${p(c.groups)}::uuid[]))`,
      );
    if (c.roles?.length) parts.push(contact ? 'FALSE' : `u.roles && ${p(c.roles)}::text[]`);
    if (c.users?.length) parts.push(contact ? 'FALSE' : `u.id = ANY(${p(c.users)}::uuid[])`);
    if (c.everyone) parts.push('TRUE');
    return parts.length ? `(${parts.join(' AND ')})` : 'FALSE';
  };
  const include = audience.include.map(clause).join(' OR ') || 'FALSE';
  const exclude = (audience.exclude ?? []).map(clause).join(' OR ');
  const base = contact
    ? `ct.status <> 'departed' AND ct.visibility = ANY(${p(levels)}::text[])
       AND NOT EXISTS (SELECT 1 FROM user_account u WHERE u.status = 'active' AND lower(u.email::text) = ANY(ct.emails))`
    : `u.status = 'active'`;
  return `${base} AND (${include})${exclude ? ` AND NOT (${exclude})` : ''}`;
}

/** FROM clause that `audienceSql` expects. */
export const AUDIENCE_FROM = `user_account u LEFT JOIN organisation o ON o.id = u.organisation_id LEFT JOIN country co ON co.code = o.country_code`;

/** FROM clause of `audienceSql` with `subject: 'contact'`. */
export const UNREACHED_FROM = `contact ct LEFT JOIN organisation o ON o.id = ct.organisation_id LEFT JOIN country co ON co.code = o.country_code`;
