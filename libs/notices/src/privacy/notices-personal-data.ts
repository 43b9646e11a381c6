import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRun,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
  subjectTerms,
} from '@liaison/core';
import { NoticesPrivacyRepository } from './notices-privacy.repository.js';

/** The notices' part in a person's export and erasure: their notices and notification settings. */
@Injectable()
export class NoticesPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'notices';

  constructor(
    private readonly repo: NoticesPrivacyRepository,
    private readonly registry: PersonalDataRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(subject: DataSubject): Promise<PersonalDataSection> {
    if (!subject.userId) return { counts: {}, data: {} };
    const data = await this.repo.export(subject.userId);
    return { counts: { notifications: data.notifications.length }, data };
  }

  async erase({ subject, pseudonym, manager }: ErasureRun): Promise<Record<string, number>> {
    // Notices naming them (anyone's) name the pseudonym instead.
    const noticesRewritten = await this.repo.rewriteFreeText(manager, subjectTerms(subject), pseudonym);
    const counts = subject.userId ? await this.repo.erase(manager, subject.userId) : {};
    return { ...counts, noticesRewritten };
  }
}
