import type { AuthenticatedUser } from './auth.decorators.js';

/**
 * Port the directory context implements: which of these sign-in e-mails belong to people whose
 * directory entry the caller may not see (a `law_enforcement` entry to an industry member, a
 * `secretariat` entry to anyone but the secretariat). Whoever lists account holders (people
 * search) leaves them out, so an account never shows what its entry hides.
 */
export abstract class PeopleVisibility {
  /**
   * The hidden ones among these accounts' e-mails, lower-cased. An account without a directory
   * entry counts as an entry at its organisation's default level (law enforcement's accounts are
   * not shown to industry).
   */
  abstract hiddenEmails(
    viewer: AuthenticatedUser,
    accounts: readonly { email: string; organisationId: string | null }[],
  ): Promise<Set<string>>;
}
