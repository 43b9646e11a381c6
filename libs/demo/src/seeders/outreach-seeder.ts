import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdentitySeeding } from '@liaison/identity';
import { OutreachSeeding, zonedToInstant } from '@liaison/outreach';
import {
  ANNOUNCER,
  DRAFT,
  type DemoAnnouncement,
  MAINTENANCE_NOTICE,
  SUMMIT_ANSWERS,
  SUMMIT_EVENT,
  summitDates,
  summitInvitation,
  VICTIM_IDENTIFICATION_NOTICE,
} from '../fixtures/demo-announcements.js';

const DAY = 86_400_000;

/**
 * Outreach's share of the demo: the WeProtect summit invitation with answers in every state, and
 * a few plain announcements (after planning, and after identity gave the designated contacts
 * accounts).
 */
@Injectable()
export class OutreachDemoSeeder {
  constructor(
    private readonly outreach: OutreachSeeding,
    private readonly identity: IdentitySeeding,
  ) {}

  async seed(m: EntityManager, now = new Date()): Promise<void> {
    const by = (await this.identity.accountIds(m, [ANNOUNCER])).get(ANNOUNCER);
    if (!by) throw new Error(`demo account ${ANNOUNCER} is missing`);
    const publish = (a: DemoAnnouncement) =>
      this.outreach.publish(m, {
        title: a.title,
        body: a.body,
        audience: a.audience,
        publishedAt: new Date(now.getTime() - a.publishedDaysAgo * DAY),
        requiresAcknowledgement: a.requiresAcknowledgement,
        acknowledgeBy: a.acknowledgeByDays ? new Date(now.getTime() + a.acknowledgeByDays * DAY) : null,
        createdBy: by,
      });

    const dates = summitDates(now);
    const zone = SUMMIT_EVENT.timeZone;
    const summit = await publish(summitInvitation(dates.label));
    const eventId = await this.outreach.insertEvent(m, summit, {
      ...SUMMIT_EVENT,
      startsAt: zonedToInstant(dates.start, zone),
      endsAt: zonedToInstant(dates.end, zone),
      rsvpDeadline: zonedToInstant(dates.deadline, zone),
    });
    for (const answer of SUMMIT_ANSWERS) await this.outreach.insertAnswer(m, summit, eventId, answer);
    // Most have opened it; those who answered certainly have.
    await this.outreach.markReadByAnswerersAndMost(m, summit, eventId);

    const notice = await publish(VICTIM_IDENTIFICATION_NOTICE);
    await this.outreach.markMostReadHalfAcknowledged(m, notice);
    await publish(MAINTENANCE_NOTICE);
    await this.outreach.insertDraft(m, { ...DRAFT, createdBy: by });
  }
}
