/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports, or read a view it publishes (issue 19).
 */
export const OWN_TABLES = ['notification', 'notification_preference'] as const;

/**
 * The views this context publishes (migration PublishedViews) for other contexts' statements
 * that need a join: read-only for them, columns kept stable by this context.
 */
export const PUBLISHED_VIEWS = [] as const;
