import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ThreadLink, ThreadLinks } from '../thread-links.js';
import { DeliveryRepository } from './delivery.repository.js';

/** The ThreadLinks port on the MLS delivery service's tables, with membership as every delivery route decides it. */
@Injectable()
export class DeliveryThreadLinks extends ThreadLinks {
  constructor(private readonly repo: DeliveryRepository) {
    super();
  }

  async linkedThreadOf(threadId: string, userId: string, manager?: EntityManager): Promise<ThreadLink | null> {
    const thread = await this.repo.forMember(threadId, userId, manager);
    return thread ? { linkedType: thread.linkedType, linkedId: thread.linkedId } : null;
  }

  hasMessage(threadId: string, messageId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    return this.repo.hasApplicationMessage(threadId, messageId, userId, manager);
  }
}
