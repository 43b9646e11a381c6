/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports (issue 19).
 */
export const OWN_TABLES = [
  'user_account',
  'session',
  'refresh_token',
  'invitation',
  'login_throttle',
  'login_known_source',
  'mfa_recovery_code',
] as const;
