import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { renderMarkdown } from '@liaison/core';
import type { Delegate, RsvpResponse } from '../announcements/announcement.entity.js';
import type { Audience } from '../audience/audience.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { OutreachSeedingRepository } from './outreach-seeding.repository.js';

/** A published announcement as seeding writes it: delivered, and e-mailed, when it was published. */
export interface SeedAnnouncement {
  title: string;
  /** Markdown. */
  body: string;
  audience: Audience;
  publishedAt: Date;
  requiresAcknowledgement: boolean;
  acknowledgeBy: Date | null;
  createdBy: string;
}

/** An announcement's event. */
export interface SeedEvent {
  title: string;
  startsAt: Date | null;
  endsAt: Date | null;
  timeZone: string;
  location: string;
  rsvpDeadline: Date | null;
  seatsPerCountry: number;
}

/** A country's answer to an event, given by the first of its recipients by address. */
export interface SeedAnswer {
  country: string;
  response: RsvpResponse;
  delegation: Delegate[];
  nominatingAuthority: string | null;
  dietary: string | null;
  accessibility: string | null;
}

/** A draft announcement. */
export interface SeedDraft {
  title: string;
  /** Markdown. */
  body: string;
  audience: Audience;
  createdBy: string;
}

/**
 * The outreach context's seeding port (the demo workspace uses it): writes announcements, their
 * deliveries, events and answers in the caller's transaction, as if the jobs had run (no e-mail
 * is sent, no audit event written).
 */
@Injectable()
export class OutreachSeeding {
  constructor(
    private readonly repo: OutreachSeedingRepository,
    private readonly audiences: AudienceRepository,
  ) {}

  /** A published announcement with its deliveries and e-mails (recorded as sent); returns its id. */
  async publish(m: EntityManager, a: SeedAnnouncement): Promise<string> {
    const id = await this.repo.insertPublished(m, {
      ...a,
      bodyHtml: renderMarkdown(a.body),
      audience: JSON.stringify(a.audience),
    });
    await this.audiences.seedDeliveries(m, id, a.publishedAt, a.audience);
    await this.repo.insertSentMails(m, id);
    await this.repo.countRecipients(m, id);
    return id;
  }

  /** The announcement's event; returns its id. */
  insertEvent(m: EntityManager, announcementId: string, e: SeedEvent): Promise<string> {
    return this.repo.insertEvent(m, { announcementId, ...e });
  }

  async insertAnswer(m: EntityManager, announcementId: string, eventId: string, a: SeedAnswer): Promise<void> {
    await this.repo.insertAnswer(m, {
      ...a,
      eventId,
      announcementId,
      delegation: JSON.stringify(a.delegation),
      delegates: a.delegation.length,
    });
  }

  /** Read by everyone who answered the event and by about two in three of the others. */
  async markReadByAnswerersAndMost(m: EntityManager, announcementId: string, eventId: string): Promise<void> {
    await this.repo.markReadByAnswerersAndMost(m, announcementId, eventId);
  }

  /** Read by about three in four recipients, acknowledged by about half of those. */
  async markMostReadHalfAcknowledged(m: EntityManager, announcementId: string): Promise<void> {
    await this.repo.markMostReadHalfAcknowledged(m, announcementId);
  }

  async insertDraft(m: EntityManager, d: SeedDraft): Promise<void> {
    await this.repo.insertDraft(m, { ...d, bodyHtml: renderMarkdown(d.body), audience: JSON.stringify(d.audience) });
  }
}
