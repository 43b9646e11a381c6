import { Injectable } from '@nestjs/common';
import { type AccountRecipient, DirectoryAccounts } from '@liaison/directory';
import { UsersRepository } from './users.repository.js';

/** The directory's view of user accounts: who is who, and whom to notify. */
@Injectable()
export class IdentityDirectoryAccounts extends DirectoryAccounts {
  constructor(private readonly users: UsersRepository) {
    super();
  }

  emailOf(userId: string): Promise<string | null> {
    return this.users.emailOf(userId);
  }

  adminsOf(organisationId: string): Promise<AccountRecipient[]> {
    return this.users.activeAdminsOf(organisationId);
  }

  secretariat(): Promise<AccountRecipient[]> {
    return this.users.activeSecretariat();
  }

  usersByEmail(emails: string[]): Promise<Map<string, string>> {
    return this.users.activeIdsByEmail(emails);
  }
}
