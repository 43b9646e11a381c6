import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRun,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
  type RetentionPeriods,
} from '@liaison/core';
import { AttachmentStore } from '../delivery/attachment-store.js';
import { DeliveryRepository } from '../delivery/delivery.repository.js';
import { MessagingPrivacyRepository } from './messaging-privacy.repository.js';

/**
 * Messaging's part in exports, erasures and retention. The server holds ciphertext only: an
 * export lists devices, threads and counts (the text is readable in the person's own browser);
 * an erasure takes the person out of every thread's roster and removes their key material and
 * encrypted history copies, while messages they sent stay as ciphertext under the pseudonym.
 */
@Injectable()
export class MessagingPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'messaging';

  constructor(
    private readonly repo: MessagingPrivacyRepository,
    private readonly delivery: DeliveryRepository,
    private readonly store: AttachmentStore,
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
    return { counts: { devices: data.devices.length, threads: data.threads.length }, data };
  }

  async erase({ subject, manager }: ErasureRun): Promise<Record<string, number>> {
    if (!subject.userId) return {};
    const threads = await this.repo.threadsOf(manager, subject.userId);
    for (const threadId of threads) {
      await this.delivery.markLeft(manager, threadId, subject.userId);
      await this.delivery.keepAnAdmin(manager, threadId);
    }
    return { threadsLeft: threads.length, ...(await this.repo.eraseKeys(manager, subject.userId)) };
  }

  override async applyRetention(periods: RetentionPeriods, now: Date): Promise<Record<string, number>> {
    if (periods.messagesDays === null) return {};
    const { messages, attachments } = await this.repo.expire(now, periods.messagesDays);
    for (const a of attachments) await this.store.remove(a.threadId, a.id);
    return { messages, attachments: attachments.length };
  }
}
