import type { Audience, AudienceClause } from '../api/outreach';

/** The conditions a group of people can have, in the order the builder offers them. */
export const CONDITIONS = [
  'countries',
  'regions',
  'euMembers',
  'organisationKinds',
  'organisations',
  'mandates',
  'groups',
  'roles',
  'users',
] as const;
export type Condition = (typeof CONDITIONS)[number];
type ListCondition = Exclude<Condition, 'euMembers'>;

/** One group as edited: which conditions are shown, and their values. */
export interface ClauseDraft {
  key: number;
  everyone: boolean;
  shown: Condition[];
  values: Record<ListCondition, string[]>;
}

let nextKey = 1;

const emptyValues = (): ClauseDraft['values'] => ({
  countries: [],
  regions: [],
  organisationKinds: [],
  organisations: [],
  mandates: [],
  groups: [],
  roles: [],
  users: [],
});

export const emptyClause = (): ClauseDraft => ({ key: nextKey++, everyone: false, shown: [], values: emptyValues() });

export function clauseFromApi(clause: AudienceClause): ClauseDraft {
  const draft = emptyClause();
  draft.everyone = clause.everyone === true;
  for (const condition of CONDITIONS) {
    if (condition === 'euMembers') {
      if (clause.euMembers) draft.shown.push('euMembers');
      continue;
    }
    const values = clause[condition] ?? [];
    if (values.length > 0) {
      draft.shown.push(condition);
      draft.values[condition] = [...values];
    }
  }
  return draft;
}

/** The group as the API takes it: only conditions with a value. */
export function clauseToApi(draft: ClauseDraft): AudienceClause {
  if (draft.everyone) return { everyone: true };
  const clause: AudienceClause = {};
  for (const condition of draft.shown) {
    if (condition === 'euMembers') clause.euMembers = true;
    // The pickers offer only the values the server accepts (its enums for kinds and roles).
    else if (draft.values[condition].length > 0)
      (clause as Record<typeof condition, string[]>)[condition] = [...draft.values[condition]];
  }
  return clause;
}

/** A group with no condition that has a value: refused by the server, so not counted. */
export const isEmptyClause = (draft: ClauseDraft): boolean => Object.keys(clauseToApi(draft)).length === 0;

export interface AudienceDraft {
  include: ClauseDraft[];
  exclude: ClauseDraft[];
}

export const audienceFromApi = (audience: Audience | null | undefined): AudienceDraft => ({
  include: audience?.include.length ? audience.include.map(clauseFromApi) : [emptyClause()],
  exclude: (audience?.exclude ?? []).map(clauseFromApi),
});

export const audienceToApi = (draft: AudienceDraft): Audience => {
  const exclude = draft.exclude.map(clauseToApi);
  return { include: draft.include.map(clauseToApi), ...(exclude.length ? { exclude } : {}) };
};

/** Whether the audience can be counted: every group has a condition. */
export const isCountable = (draft: AudienceDraft): boolean =>
  draft.include.length > 0 && !draft.include.some(isEmptyClause) && !draft.exclude.some(isEmptyClause);
