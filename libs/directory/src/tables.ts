/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports, or read a view it publishes (issue 19).
 */
export const OWN_TABLES = [
  'country',
  'organisation',
  'mandate',
  'contact',
  'contact_change',
  'contact_facet_change_log',
  'contact_facet_expertise',
  'contact_facet_group',
  'point_of_contact',
  'confirmation_request',
  'search_term',
] as const;

/**
 * The views this context publishes (migration PublishedViews) for other contexts' statements
 * that need a join: read-only for them, columns kept stable by this context.
 */
export const PUBLISHED_VIEWS = [
  'directory_organisation',
  'directory_country',
  'directory_mandate',
  'directory_contact',
  'directory_designation',
] as const;
