import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRefusal,
  type ErasureRun,
  mergeSubjects,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
} from '@liaison/core';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { DirectoryPrivacyRepository } from './directory-privacy.repository.js';

/** The directory's part in a person's export and erasure: their entries, history, designations. */
@Injectable()
export class DirectoryPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'directory';

  constructor(
    private readonly repo: DirectoryPrivacyRepository,
    private readonly indexer: ContactIndexer,
    private readonly registry: PersonalDataRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  override async identify(subject: DataSubject): Promise<DataSubject> {
    const entries = await this.repo.contacts(subject.contactIds, subject.emails);
    return mergeSubjects(subject, {
      contactIds: entries.map((e) => e.id),
      emails: entries.flatMap((e) => e.emails),
      names: entries.map((e) => e.fullName),
    });
  }

  /** Every entry of the person must be marked departed (an entry cannot take a current one along). */
  override async refuseErasure(subject: DataSubject, contactId: string): Promise<ErasureRefusal | null> {
    const statuses = await this.repo.statuses(subject.contactIds);
    if ([...statuses.values()].some((s) => s !== 'departed'))
      return {
        code: 'contact_not_departed',
        message:
          statuses.get(contactId) === 'departed'
            ? 'Another directory entry of this person is not marked departed.'
            : 'Mark the entry as departed before erasing the person.',
        field: 'status',
      };
    return null;
  }

  async export(subject: DataSubject): Promise<PersonalDataSection> {
    const data = await this.repo.exportContacts(subject.contactIds);
    return {
      counts: {
        entries: data.entries.length,
        historyEntries: data.history.length,
        designations: data.designations.length,
      },
      data,
    };
  }

  async erase({ subject, pseudonym, manager }: ErasureRun): Promise<Record<string, number>> {
    const words = await this.repo.lexemes(manager, subject.contactIds);
    const counts = await this.repo.erase(manager, subject.contactIds, pseudonym);
    await this.indexer.reindex(manager, subject.contactIds);
    await this.repo.forgetWords(manager, words);
    return counts;
  }
}
