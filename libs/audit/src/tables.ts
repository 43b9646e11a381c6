/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports (issue 19).
 */
export const OWN_TABLES = ['audit_event', 'audit_checkpoint'] as const;
