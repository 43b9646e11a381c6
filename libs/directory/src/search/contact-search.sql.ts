import { createHash } from 'node:crypto';
import { type Viewer, visibleByExceptionSql, visibleContactSql } from '../viewer.js';
import { fold, queryTerms } from './fold.js';

// The contact search's statements, assembled as text and parameters: nothing here runs them.
// ContactSearchRepository runs them; the benchmark and the tests build the same statements here.

export interface ContactSearchFilters {
  q?: string;
  countries?: string[];
  regions?: string[];
  kinds?: string[];
  mandates?: string[];
  languages?: string[];
  expertise?: string[];
  statuses?: string[];
  /** Only contacts with an active designation. */
  designated?: boolean;
  page: number;
  limit: number;
}

/** The facets counted for each filter (each with the other filters applied, not its own). */
export const FACETS = ['country', 'region', 'kind', 'mandate', 'language', 'expertise', 'status'] as const;
export type Facet = (typeof FACETS)[number];

interface SearchParts {
  values: unknown[];
  /** Common table expressions the match needs (each ends with a comma), or ''. */
  ctes: string;
  param: (v: unknown, cast?: string) => string;
  visible: string;
  match: string;
  /** Whether every query word matches a name of the contact row (alias `c`). */
  namesMatch: string;
  /** 3 exact name, 2 name prefix, 1 fuzzy name, 0 other text, given the `namesMatch` of the row. */
  tier: (namesMatch: string) => string;
  score: string;
  conditions: Record<Facet, string>;
  designated: string;
}

/** The words of a query that can match anything (letters or digits, folded). */
const searchWords = (q: string | undefined): string[] => (q ? queryTerms(q).filter((t) => /[a-z0-9]/.test(t)) : []);

type Statement = { text: string; values: unknown[] };

/**
 * The statements a search runs: with text (or filtered by several expertise tags) the one statement
 * of contactSearchSql; without, the page in name order and the counts from the facet groups,
 * which are independent and can run side by side. The service and the benchmark run these.
 */
export function contactSearchStatements(
  viewer: Viewer,
  filters: ContactSearchFilters,
): { one: Statement & { name: string | null } } | { page: Statement; counts: Statement } {
  if (!searchWords(filters.q).length) {
    const { page, limit, q: _q, ...rest } = filters;
    const counts = contactCountsSql(viewer, rest);
    if (counts) return { counts, page: contactExportSql(viewer, rest, null, limit, (page - 1) * limit) };
  }
  return { one: contactSearchSql(viewer, filters) };
}

/** The columns of `matched`, the contacts a text search found (before the filters of each facet). */
const MATCHED_COLUMNS = `c.id, c.country_code, cn.region, c.organisation_kind AS kind, c.mandates, c.languages, c.expertise_folded,
         c.status, c.sort_name, c.search_names, c.visibility`;

/** One result of the search page as JSON (contact `c`, organisation `o`, page row `p`). */
const ITEM_JSON = `json_build_object(
      'id', c.id, 'fullName', c.full_name, 'position', c.position, 'organisationId', c.organisation_id,
      'organisationName', o.name, 'organisationAcronym', o.acronym, 'organisationKind', o.kind,
      'countryCode', c.country_code, 'emails', c.emails, 'phones', c.phones, 'languages', c.languages,
      'expertise', c.expertise, 'mandates', c.mandates, 'timeZone', c.time_zone, 'status', c.status,
      'visibility', c.visibility, 'lastConfirmedAt', c.last_confirmed_at, 'tier', p.tier)`;

/** The columns of an export batch or a browsing page (contact `c`, organisation `o`). */
const EXPORT_COLUMNS = `c.id, c.full_name AS "fullName", c.sort_name AS "sortName", c.position, c.organisation_id AS "organisationId",
       o.name AS "organisationName", o.acronym AS "organisationAcronym", o.kind AS "organisationKind",
       c.country_code AS "countryCode", c.emails, c.phones, c.languages, c.expertise, c.mandates,
       c.time_zone AS "timeZone", c.status, c.visibility, c.last_confirmed_at AS "lastConfirmedAt"`;

/** What each filter tests, in the aliases of the statement over `contact c` and `country cn`. */
const CONTACT_COLUMNS: Record<Facet, string> = {
  country: 'c.country_code',
  region: 'cn.region',
  kind: 'c.organisation_kind',
  mandate: 'c.mandates',
  language: 'c.languages',
  expertise: 'c.expertise_folded',
  status: 'c.status',
};
const ARRAY_FACETS: ReadonlySet<Facet> = new Set(['mandate', 'language', 'expertise']);

/** Each filter as a condition over the given columns ('true' when absent); the values become parameters. */
function filterConditions(
  filters: Omit<ContactSearchFilters, 'page' | 'limit'>,
  param: (v: unknown, cast?: string) => string,
  columns: Record<Facet, string>,
): Record<Facet, string> {
  const chosen: Record<Facet, string[] | undefined> = {
    country: filters.countries,
    region: filters.regions,
    kind: filters.kinds,
    mandate: filters.mandates,
    language: filters.languages,
    expertise: filters.expertise?.map(fold),
    status: filters.statuses,
  };
  return Object.fromEntries(
    FACETS.map((f) => {
      const values = chosen[f];
      if (!values?.length) return [f, 'true'];
      const list = param(values, '::text[]');
      return [f, ARRAY_FACETS.has(f) ? `${columns[f]} && ${list}` : `${columns[f]} = ANY(${list})`];
    }),
  ) as Record<Facet, string>;
}

/** A statement's parameter list, starting with `initial`: `param` adds a value and returns its placeholder. */
function parameters(initial: unknown[]): { values: unknown[]; param: (v: unknown, cast?: string) => string } {
  const values = [...initial];
  return {
    values,
    param: (v, cast = '') => {
      values.push(v);
      return `$${values.length}${cast}`;
    },
  };
}

/**
 * The facet flags of a statement's rows: one boolean column per filter present (`columns`, for its
 * SELECT list), and the condition that every present filter but one facet's own holds (`allBut`).
 */
function facetFlags(conditions: Record<Facet, string>): {
  columns: string;
  names: string;
  allBut: (facet?: Facet) => string;
} {
  const present = FACETS.filter((f) => conditions[f] !== 'true');
  return {
    columns: present.map((f) => `${conditions[f]} AS f_${f}`).join(', ') || 'true AS f_none',
    names: present.map((f) => `f_${f}`).join(', ') || 'f_none',
    allBut: (facet) =>
      present
        .filter((f) => f !== facet)
        .map((f) => `f_${f}`)
        .join(' AND ') || 'true',
  };
}

/**
 * The common table expressions of a text search (`terms` the placeholder of the query words): each
 * word becomes the lexicon words it may mean, those it begins (as you type) or, when it begins none
 * and has four letters or more, those within trigram distance (a typo); `query` joins every word's
 * alternatives into one full-text query, and one over the names (weight A) only; `names_possible`
 * says whether every word may name someone at all (one of its alternatives, or a word it begins,
 * is some contact's name in the lexicon).
 */
const textMatchCtes = (terms: string) => `
terms AS (SELECT u.t, u.i FROM unnest(${terms}) WITH ORDINALITY AS u(t, i)),
expanded AS (
  SELECT terms.i, w.term FROM terms CROSS JOIN LATERAL (
    (SELECT s.term FROM search_term s WHERE s.term >= terms.t AND s.term < terms.t || '~' ORDER BY s.term LIMIT 50)
    UNION
    (SELECT s.term FROM search_term s
     WHERE length(terms.t) >= 4 AND s.term % terms.t
       AND NOT EXISTS (SELECT 1 FROM search_term p WHERE p.term >= terms.t AND p.term < terms.t || '~')
     ORDER BY s.term <-> terms.t LIMIT 8)
  ) w
),
query AS (
  SELECT to_tsquery('simple', string_agg(alts, ' & ')) AS q, to_tsquery('simple', string_agg(name_alts, ' & ')) AS names_q,
         bool_and(named) AS names_possible
  FROM (SELECT '(' || string_agg(quote_literal(e.term), ' | ') || ')' AS alts,
               '(' || quote_literal(min(terms.t)) || ':*A | ' || string_agg(quote_literal(e.term) || ':A', ' | ') || ')' AS name_alts,
               bool_or(s.name) OR EXISTS (SELECT 1 FROM search_term p WHERE p.name AND p.term >= min(terms.t) AND p.term < min(terms.t) || '~') AS named
        FROM expanded e JOIN terms USING (i) JOIN search_term s ON s.term = e.term GROUP BY i) x
  HAVING count(*) = (SELECT count(*) FROM terms)
),`;

/** 3 exact name, 2 name prefix, 1 fuzzy name, 0 other text, given `names` (every word matches a name) and the folded query. */
const nameTier = (names: string, folded: string) => `CASE
        WHEN NOT ${names} THEN 0
        WHEN (' ' || c.search_names || ' ') LIKE '% ' || ${folded} || ' %' THEN 3
        WHEN (' ' || c.search_names) LIKE '% ' || ${folded} || '%' THEN 2
        ELSE 1 END`;

/** The parts every statement over contacts shares: visibility, text match, ranking, filters. */
function searchParts(viewer: Viewer, filters: Omit<ContactSearchFilters, 'page' | 'limit'>): SearchParts {
  const visible = visibleContactSql(viewer, 1);
  const { values, param } = parameters(visible.params);
  const terms = searchWords(filters.q);

  let ctes = '';
  let match = 'true';
  let tier = (_namesMatch: string) => '0';
  let score = '0';
  let namesMatch = 'false';
  if (terms.length) {
    // The contacts are found by one indexed full-text match of every word's alternatives.
    const t = param(terms, '::text[]');
    const folded = param(terms.join(' '), '::text');
    ctes = textMatchCtes(t);
    match = `c.search_doc @@ (SELECT q FROM query)`;
    // Names carry weight A in search_doc: every word of the query matching a name (a name word it
    // begins, even one beyond the 50 words of the expansion, or a typo's alternative) decides
    // whether a row is a name match at all; the string comparisons and the similarity then run
    // only on those rows. When some word names nobody (a topic), no row is tested: testing the
    // weighted words of the 16,951 contacts a topic matched took 218 ms at 100,000 contacts.
    namesMatch = `((SELECT names_possible FROM query) AND c.search_doc @@ (SELECT names_q FROM query))`;
    tier = (names) => nameTier(names, folded);
    score = `word_similarity(${folded}, c.search_names)`;
  }

  const conditions = filterConditions(filters, param, CONTACT_COLUMNS);
  const designated = filters.designated ? `AND cardinality(c.mandates) > 0` : '';
  return { values, param, ctes, visible: visible.sql, match, namesMatch, tier, score, conditions, designated };
}

/**
 * The contact search as one SQL statement (the service and the benchmark run the same text): the
 * viewer's visibility, then the text match (full text over names, position, organisation, expertise
 * and mandates, each query word standing for the lexicon words it begins or, as a typo, resembles),
 * then the filters; the page of results ranked exact name > name prefix > every word matching a name
 * (by word similarity) > other text, designated points of contact first; the total; and the facet
 * counts.
 */
export function contactSearchSql(
  viewer: Viewer,
  filters: ContactSearchFilters,
): { text: string; values: unknown[]; name: string | null } {
  const parts = searchParts(viewer, filters);
  const { values, param, ctes, visible, match, namesMatch, tier, score, conditions, designated } = parts;
  const flags = facetFlags(conditions);
  const { allBut } = flags;

  const limit = param(filters.limit, '::int');
  const offset = param((filters.page - 1) * filters.limit, '::int');

  const text = `
WITH ${ctes}
matched AS MATERIALIZED (
  SELECT ${MATCHED_COLUMNS}, ${namesMatch} AS names_match, ${flags.columns}
  FROM contact c
  LEFT JOIN country cn ON cn.code = c.country_code
  WHERE ${visible} AND ${match} ${designated}
),
ranked AS (
  SELECT id, sort_name, search_names, ${ctes ? 'cardinality(mandates) > 0' : 'false'} AS designated, ${tier('c.names_match')} AS tier
  FROM matched c WHERE ${allBut()}
),
page AS (
  SELECT id, tier, score, sort_name, designated
  FROM (SELECT *, CASE WHEN tier = 1 THEN ${score} ELSE 1 END AS score FROM ranked c) r
  ORDER BY tier DESC, designated DESC, score DESC, sort_name, id
  LIMIT ${limit} OFFSET ${offset}
),
grouped AS MATERIALIZED (
  SELECT country_code, region, kind, status, mandates, languages, ${flags.names}, count(*)::int AS n
  FROM matched GROUP BY country_code, region, kind, status, mandates, languages, ${flags.names}
)
SELECT
  (SELECT count(*)::int FROM matched WHERE ${allBut()}) AS total,
  (SELECT json_agg(${ITEM_JSON}
    ORDER BY p.tier DESC, p.designated DESC, p.score DESC, p.sort_name, p.id)
   FROM page p JOIN contact c ON c.id = p.id JOIN organisation o ON o.id = c.organisation_id) AS items,
  ${facetsSql('grouped', 'v.n', allBut, { expertise: facetSql('expertise', 'matched', '1', allBut) })} AS facets`;
  return { text, values, name: preparedName(text, parts) };
}

/** The column of each facet in the rows counted (`matched` of the search, `visible` of the counts). */
const FACET_COLUMNS: Record<Facet, string> = {
  country: 'country_code',
  region: 'region',
  kind: 'kind',
  mandate: 'mandates',
  language: 'languages',
  expertise: 'expertise_folded',
  status: 'status',
};
/** The most expertise tags a facet lists (the others have a filter box). */
const EXPERTISE_SHOWN = 20;

/**
 * One facet as JSON: `weight` summed per value over `rows` (alias v) where every filter but the
 * facet's own holds; an array column counts each element.
 */
function facetSql(facet: Facet, rows: string, weight: string, allBut: (facet: Facet) => string): string {
  const column = FACET_COLUMNS[facet];
  const array = ARRAY_FACETS.has(facet);
  const from = array ? `${rows} v CROSS JOIN LATERAL unnest(v.${column}) AS u(k)` : `${rows} v`;
  const key = array ? 'u.k' : `v.${column}`;
  const top = facet === 'expertise' ? ` LIMIT ${EXPERTISE_SHOWN}` : '';
  return `(SELECT json_object_agg(k, n) FROM (SELECT ${key} AS k, sum(${weight})::int AS n FROM ${from} WHERE ${allBut(facet)} AND ${key} IS NOT NULL AND ${key} <> '' GROUP BY 1 HAVING sum(${weight}) > 0 ORDER BY n DESC, k${top}) f)`;
}

/** Every facet as one JSON object (facetSql of each); `custom` replaces the statement of a facet. */
function facetsSql(
  rows: string,
  weight: string,
  allBut: (facet: Facet) => string,
  custom: Partial<Record<Facet, string>> = {},
): string {
  return `json_build_object(${FACETS.map((f) => `'${f}', ${custom[f] ?? facetSql(f, rows, weight, allBut)}`).join(', ')})`;
}

/** What each filter tests over the rows of `visible` in contactCountsSql. */
const GROUP_COLUMNS: Record<Facet, string> = {
  country: 'v.country_code',
  region: 'v.region',
  kind: 'v.kind',
  mandate: 'v.mandates',
  language: 'v.languages',
  expertise: 'v.expertise_folded',
  status: 'v.status',
};

/**
 * The total and the facet counts of a search without text, from `contact_facet_group` instead of
 * the contacts: the groups of the viewer's visibility levels (one row per visibility, country,
 * organisation kind, status, mandates and languages, with how many contacts share them), the
 * changes of the viewer's levels not folded into them yet (`contact_facet_change_log`, +1 and -1
 * per contact: counts are sums, so they simply add up), plus the few contacts the viewer sees only
 * by exception (their own entry,
 * an org admin's organisation), read through their indexes. One expertise tag filters by each
 * group's count of that tag (`contact_facet_expertise`). With several expertise tags (contacts
 * having any of them, which the per-tag counts cannot tell) it returns null: the one statement of
 * contactSearchSql counts then.
 */
export function contactCountsSql(
  viewer: Viewer,
  filters: Omit<ContactSearchFilters, 'page' | 'limit' | 'q'>,
): { text: string; values: unknown[] } | null {
  const tags = filters.expertise?.map(fold) ?? [];
  if (tags.length > 1) return null;
  const exception = visibleByExceptionSql(viewer, 1);
  const { values, param } = parameters(exception.params);
  const { expertise: _expertise, ...others } = filters;
  const conditions = filterConditions(others, param, GROUP_COLUMNS);
  const tag = tags.length ? param(tags[0], '::text') : null;
  const designated = (mandates: string) => (filters.designated ? `AND cardinality(${mandates}) > 0` : '');
  const flags = facetFlags(conditions);
  const { allBut } = flags;

  // n counts a row's contacts; nx those of them having the expertise tag filtered by (all without one).
  const text = `
WITH visible AS MATERIALIZED (
  SELECT v.*, ${flags.columns}
  FROM (
    SELECT g.id, g.country_code, cn.region, g.kind, g.status, g.mandates, g.languages, NULL::text[] AS expertise_folded,
           g.n, ${tag ? 'coalesce(x.n, 0)' : 'g.n'} AS nx
    FROM contact_facet_group g
    LEFT JOIN country cn ON cn.code = g.country_code
    ${tag ? `LEFT JOIN contact_facet_expertise x ON x.group_id = g.id AND x.tag = ${tag}` : ''}
    WHERE g.visibility = ANY(CAST($1 AS text[])) ${designated('g.mandates')}
    UNION ALL
    SELECT NULL, l.country_code, cn.region, l.kind, l.status, l.mandates, l.languages, l.expertise,
           l.d, ${tag ? `CASE WHEN ${tag} = ANY(l.expertise) THEN l.d ELSE 0 END` : 'l.d'}
    FROM contact_facet_change_log l
    LEFT JOIN country cn ON cn.code = l.country_code
    WHERE l.visibility = ANY(CAST($1 AS text[])) ${designated('l.mandates')}
    UNION ALL
    SELECT NULL, coalesce(c.country_code::text, ''), cn.region, c.organisation_kind, c.status, c.mandates, c.languages,
           c.expertise_folded, 1, ${tag ? `(${tag} = ANY(c.expertise_folded))::int` : '1'}
    FROM contact c
    LEFT JOIN country cn ON cn.code = c.country_code
    WHERE ${exception.sql} ${designated('c.mandates')}
  ) v
)
SELECT
  (SELECT coalesce(sum(v.nx), 0)::int FROM visible v WHERE ${allBut()}) AS total,
  ${facetsSql('visible', 'v.nx', allBut, {
    // A group's tags are in contact_facet_expertise; a change not folded in yet and a contact seen
    // by exception carry their own. The groups are a semi-join (hashed), not a join: PostgreSQL
    // then scans the tags once instead of hashing them (100,000 contacts, one country: 35 -> 22 ms).
    expertise: `(SELECT json_object_agg(k, n) FROM (
      SELECT k, sum(n)::int AS n FROM (
        SELECT x.tag AS k, x.n FROM contact_facet_expertise x
        WHERE x.group_id IN (SELECT v.id FROM visible v WHERE ${allBut('expertise')}) AND x.tag <> ''
        UNION ALL
        SELECT u.k, v.n FROM visible v CROSS JOIN LATERAL unnest(v.expertise_folded) AS u(k)
        WHERE v.id IS NULL AND ${allBut('expertise')} AND u.k <> ''
      ) t GROUP BY k HAVING sum(n) > 0 ORDER BY n DESC, k LIMIT ${EXPERTISE_SHOWN}) f)`,
  })} AS facets`;
  return { text, values };
}

/** Filters at most in a statement that is kept prepared: 37 shapes of text search at most. */
const MAX_PREPARED_FILTERS = 2;

/**
 * The name under which a text search's statement is kept prepared on each connection (planned once,
 * generically: see HOT_SESSION_OPTIONS), or null. Searches with text and at most two filters are
 * the ones typed all day; the text of a statement depends only on which filters are present, so
 * they share a few dozen statements. Rarer shapes are planned afresh each time rather than
 * multiply what each connection keeps.
 */
function preparedName(text: string, { ctes, conditions, designated }: SearchParts): string | null {
  const present = Object.values(conditions).filter((c) => c !== 'true').length + (designated ? 1 : 0);
  if (!ctes || present > MAX_PREPARED_FILTERS) return null;
  return `directory.search.${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}

/**
 * One batch of an export (after a key), or a page of browsing (at an offset): the same visibility,
 * match and filters, in name order, which is the order of a search without text.
 */
export function contactExportSql(
  viewer: Viewer,
  filters: Omit<ContactSearchFilters, 'page' | 'limit'>,
  after: { sortName: string; id: string } | null,
  limit: number,
  offset = 0,
): { text: string; values: unknown[] } {
  const { values, param, ctes, visible, match, namesMatch, tier, conditions, designated } = searchParts(
    viewer,
    filters,
  );
  const key = after
    ? `AND (c.sort_name, c.id) > (${param(after.sortName, '::text')}, ${param(after.id, '::uuid')})`
    : '';
  const text = `${ctes ? `WITH ${ctes.replace(/,\s*$/, '')}` : ''}
SELECT ${EXPORT_COLUMNS}, ${tier(namesMatch)} AS tier
FROM contact c
JOIN organisation o ON o.id = c.organisation_id
LEFT JOIN country cn ON cn.code = c.country_code
WHERE ${visible} AND ${match} ${designated} AND ${Object.values(conditions).join(' AND ')} ${key}
ORDER BY c.sort_name, c.id
LIMIT ${param(limit, '::int')}${offset ? ` OFFSET ${param(offset, '::int')}` : ''}`;
  return { text, values };
}

/** A text search's one statement, or browsing's page or counts statement, as contactSearchStatements built it. */
export type { Statement as ContactSearchStatement };
