import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRun,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
  likePatterns,
  replaceTerms,
  type RetentionPeriods,
  subjectTerms,
  withoutDiacritics,
} from '@liaison/core';
import { OutreachPrivacyRepository } from './outreach-privacy.repository.js';

const DELEGATE_KEYS = new Set(['name']);

/** Outreach's part in exports, erasures and retention: deliveries, replies, e-mails. */
@Injectable()
export class OutreachPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'outreach';

  constructor(
    private readonly repo: OutreachPrivacyRepository,
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
    return {
      counts: { announcements: data.deliveries.length, rsvps: data.rsvps.length, emails: data.emails.length },
      data,
    };
  }

  async erase({ subject, pseudonym, manager }: ErasureRun): Promise<Record<string, number>> {
    // Delegations list people by name: wherever the subject is listed, the pseudonym stands.
    const terms = subjectTerms(subject);
    const listed = new Set(terms.map((t) => withoutDiacritics(t).toLocaleLowerCase()));
    const isThem = (name: unknown) =>
      typeof name === 'string' && listed.has(withoutDiacritics(name.trim().replace(/\s+/gu, ' ')).toLocaleLowerCase());
    let delegations = 0;
    for (const reply of await this.repo.rsvpsNaming(manager, likePatterns(terms))) {
      const rewritten = reply.delegation.map((d) =>
        d && typeof d === 'object' && isThem((d as { name?: unknown }).name)
          ? replaceTerms(d, [], pseudonym, DELEGATE_KEYS)
          : replaceTerms(d, terms, pseudonym),
      );
      await this.repo.rewriteDelegation(manager, reply.eventId, reply.userId, rewritten);
      delegations += 1;
    }
    const textRewritten = await this.repo.rewriteFreeText(manager, subjectTerms(subject), pseudonym);
    const counts = subject.userId ? await this.repo.erase(manager, subject.userId) : {};
    return { ...counts, delegationsRewritten: delegations, textRewritten };
  }

  override async applyRetention(periods: RetentionPeriods, now: Date): Promise<Record<string, number>> {
    if (periods.deliveriesDays === null) return {};
    return this.repo.expire(now, periods.deliveriesDays);
  }
}
