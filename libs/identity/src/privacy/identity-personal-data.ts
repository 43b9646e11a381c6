import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRefusal,
  type ErasureRun,
  mergeSubjects,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
  RealtimePublisher,
} from '@liaison/core';
import { IdentityPrivacyRepository } from './identity-privacy.repository.js';

/** Identity's part in a person's export and erasure: the account, sessions, invitations. */
@Injectable()
export class IdentityPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'identity';

  constructor(
    private readonly repo: IdentityPrivacyRepository,
    private readonly registry: PersonalDataRegistry,
    private readonly realtime: RealtimePublisher,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  override async identify(subject: DataSubject): Promise<DataSubject> {
    let next = subject;
    if (subject.userId) {
      const account = await this.repo.accountById(subject.userId);
      if (account) next = mergeSubjects(next, { emails: [account.email], names: [account.displayName] });
    } else {
      // The oldest account holding one of the subject's addresses is theirs.
      const [account] = await this.repo.accountsByEmail(subject.emails);
      if (account)
        next = mergeSubjects(next, { userId: account.id, emails: [account.email], names: [account.displayName] });
    }
    return next;
  }

  /** An account still in use is disabled first (Users), so an entry cannot take a live account along. */
  override async refuseErasure(subject: DataSubject): Promise<ErasureRefusal | null> {
    // The entry's addresses must lead to one account at most: another (a colleague's address
    // added to a made-up entry) would be erased along.
    const accounts = await this.repo.accountsByEmail(subject.emails);
    if (accounts.some((a) => a.id !== subject.userId))
      return {
        code: 'several_accounts',
        message: 'The entry’s addresses belong to more than one account: correct the entry first.',
        field: 'contactId',
      };
    if (!subject.userId) return null;
    const status = await this.repo.accountStatus(subject.userId);
    return status === 'active'
      ? {
          code: 'account_active',
          message: 'Their account is still active: disable it (Users) before erasing the person.',
          field: 'contactId',
        }
      : null;
  }

  async export(subject: DataSubject): Promise<PersonalDataSection> {
    const invitationsReceived = await this.repo.invitationsTo(subject.emails);
    if (!subject.userId)
      return { counts: { invitationsReceived: invitationsReceived.length }, data: { invitationsReceived } };
    const own = await this.repo.exportAccount(subject.userId);
    return {
      counts: {
        sessions: own.sessions.length,
        invitationsReceived: invitationsReceived.length,
        invitationsIssued: own.invitationsIssued.length,
      },
      data: { ...own, invitationsReceived },
    };
  }

  erase(run: ErasureRun): Promise<Record<string, number>> {
    return this.repo.erase(run.manager, run.subject.userId, run.subject.emails, run.pseudonym);
  }

  override async afterErasure(subject: DataSubject): Promise<void> {
    if (subject.userId) this.realtime.disconnectUser(subject.userId, 'user_disabled');
  }
}
