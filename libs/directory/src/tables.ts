/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports (issue 19).
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
