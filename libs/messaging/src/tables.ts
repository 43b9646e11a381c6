/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports, or read a view it publishes (issue 19).
 */
export const OWN_TABLES = [
  'mls_device',
  'mls_key_package',
  'mls_key_package_claim',
  'mls_thread',
  'mls_thread_device',
  'mls_thread_member',
  'mls_message',
  'mls_welcome',
  'mls_attachment',
  'key_backup',
  'key_log_entry',
  'key_log_head',
  'history_archive_chunk',
] as const;

/**
 * The views this context publishes (migration PublishedViews) for other contexts' statements
 * that need a join: read-only for them, columns kept stable by this context.
 */
export const PUBLISHED_VIEWS = [] as const;
