/** A person the directory writes to (re-confirmation escalations, proposals to approve). */
export interface AccountRecipient {
  userId: string;
  email: string;
  displayName: string;
}

/**
 * What the directory needs to know about user accounts, implemented by the identity context (which
 * depends on the directory, never the other way round).
 */
export abstract class DirectoryAccounts {
  /** The sign-in e-mail of a user, to recognise the user's own directory entry. */
  abstract emailOf(userId: string): Promise<string | null>;
  /** Active org admins of an organisation. */
  abstract adminsOf(organisationId: string): Promise<AccountRecipient[]>;
  /** Active secretariat users. */
  abstract secretariat(): Promise<AccountRecipient[]>;
  /** Active users by e-mail (lower-case), for in-app notices to contacts who have an account. */
  abstract usersByEmail(emails: string[]): Promise<Map<string, string>>;
}
