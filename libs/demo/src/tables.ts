/**
 * The demo owns no tables: it hands each context its share of the demo workspace through that
 * context's seeding port, and core records when it was seeded (issue 19).
 */
export const OWN_TABLES = [] as const;

export const PUBLISHED_VIEWS = [] as const;
