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
