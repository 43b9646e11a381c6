import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DemoSeedService, renderMarkdown } from '@liaison/core';
import { DEMO_NETWORK_ORGANISATIONS } from '@liaison/directory';
import type { Audience } from '../audience/audience.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import type { Delegate, RsvpResponse } from '../announcements/announcement.entity.js';
import { zonedToInstant } from '../events/zoned-time.js';
import { OutreachDemoRepository } from './outreach-demo.repository.js';

const DAY = 86_400_000;

/** The summit on 11-12 December 2026 while that is ahead; otherwise twelve days after the seeding. */
function summitDates(now: Date): { start: string; end: string; deadline: string; label: string } {
  const fixed = new Date('2026-12-05T00:00:00Z');
  const startDay = now < fixed ? new Date('2026-12-11T00:00:00Z') : new Date(now.getTime() + 12 * DAY);
  const day = (offset: number) => new Date(startDay.getTime() + offset * DAY).toISOString().slice(0, 10);
  const label = `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', timeZone: 'UTC' }).format(startDay)}-${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(startDay.getTime() + DAY))}`;
  return { start: `${day(0)}T09:00`, end: `${day(1)}T17:00`, deadline: `${day(-6)}T23:59`, label };
}

/** Answers by country in the summit demo: every state, Poland's delegation as in the scenario. */
const ANSWERS: {
  country: string;
  response: RsvpResponse;
  delegation: Delegate[];
  authority?: string;
  dietary?: string;
  accessibility?: string;
}[] = [
  {
    country: 'PL',
    response: 'accepted',
    delegation: [
      { name: 'Katarzyna Wiśniewska', role: 'head_of_delegation', level: 'ministerial' },
      { name: 'Piotr Zieliński', role: 'delegate', level: 'expert' },
    ],
    authority: 'Ministry of Justice of the Republic of Poland',
    dietary: 'One vegetarian meal',
  },
  {
    country: 'DK',
    response: 'accepted',
    delegation: [
      { name: 'Mette Sørensen', role: 'head_of_delegation', level: 'senior_official' },
      { name: 'Lars Nielsen', role: 'delegate', level: 'expert' },
    ],
    authority: 'Danish Ministry of Justice',
  },
  {
    country: 'FR',
    response: 'tentative',
    delegation: [{ name: 'Claire Dubois', role: 'head_of_delegation', level: 'senior_official' }],
    authority: 'Ministère de la Justice',
    accessibility: 'Step-free access to the plenary room',
  },
  { country: 'IE', response: 'declined', delegation: [] },
  { country: 'PT', response: 'declined', delegation: [] },
];

/**
 * Seeds the WeProtect summit invitation with answers in every state, and a few plain announcements
 * (after planning, and after identity gave the designated contacts accounts).
 */
@Injectable()
export class OutreachDemo implements OnModuleInit {
  constructor(
    private readonly seeds: DemoSeedService,
    private readonly repo: OutreachDemoRepository,
    private readonly audiences: AudienceRepository,
  ) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 30,
      name: 'outreach: demo announcements and the summit invitation',
      seed: (m) => this.seed(m),
    });
  }

  async seed(m: EntityManager, now = new Date()): Promise<void> {
    const secretariat = await this.repo.secretariat(m);
    if (!secretariat) throw new Error('demo account secretariat@liaison.test is missing');
    const dates = summitDates(now);
    const zone = 'Africa/Addis_Ababa';
    const summit = await this.announce(m, secretariat.id, {
      title: `WeProtect Global Alliance summit, Addis Ababa, ${dates.label}`,
      body: `All national points of contact for **WeProtect** and **policy and legislation**:\n\nThe WeProtect Global Alliance summit takes place in Addis Ababa on ${dates.label}. Ministers and senior officials will review national progress on the *Model National Response*.\n\nPlease confirm your delegation (at most two seats per country) by answering this invitation in Liaison.`,
      audience: {
        include: [
          { mandates: ['weprotect', 'policy_legislation'], euMembers: true },
          { organisations: [DEMO_NETWORK_ORGANISATIONS.commission] },
        ],
      },
      publishedDaysAgo: 4,
      requiresAcknowledgement: false,
      now,
    });
    const eventId = await this.repo.insertEvent(m, {
      announcementId: summit,
      startsAt: zonedToInstant(dates.start, zone),
      endsAt: zonedToInstant(dates.end, zone),
      timeZone: zone,
      rsvpDeadline: zonedToInstant(dates.deadline, zone),
    });
    for (const answer of ANSWERS) {
      await this.repo.insertAnswer(m, {
        eventId,
        announcementId: summit,
        country: answer.country,
        response: answer.response,
        delegation: JSON.stringify(answer.delegation),
        delegates: answer.delegation.length,
        nominatingAuthority: answer.authority ?? null,
        dietary: answer.dietary ?? null,
        accessibility: answer.accessibility ?? null,
      });
    }
    // Most have opened it; those who answered certainly have.
    await this.repo.markSummitRead(m, summit, eventId);

    const vid = await this.announce(m, secretariat.id, {
      title: 'Victim identification: new ICSE database access procedure',
      body: 'From next month, national ICSE database accounts are renewed through the national central bureau.\n\n1. Check your account expiry date.\n2. Ask your bureau for the renewal form.\n\nPlease acknowledge that your unit has taken note.',
      audience: { include: [{ mandates: ['victim_identification'] }] },
      publishedDaysAgo: 2,
      requiresAcknowledgement: true,
      acknowledgeByDays: 10,
      now,
    });
    await this.repo.markReadAndAcknowledged(m, vid);
    await this.announce(m, secretariat.id, {
      title: 'Liaison: maintenance window on Saturday',
      body: 'Liaison will be unavailable on Saturday between 06:00 and 07:00 UTC while the servers are updated. Encrypted threads are not affected: messages sent meanwhile are delivered afterwards.',
      audience: { include: [{ everyone: true }] },
      publishedDaysAgo: 1,
      requiresAcknowledgement: false,
      now,
    });
    await this.repo.insertDraft(m, {
      title: 'Call for contributions: annual report on the Model National Response',
      body: 'Draft: to all policy and legislation points of contact. Please send your country chapter by the end of January.',
      bodyHtml: renderMarkdown(
        'Draft: to all policy and legislation points of contact. Please send your country chapter by the end of January.',
      ),
      audience: JSON.stringify({ include: [{ mandates: ['policy_legislation'] }] } satisfies Audience),
      createdBy: secretariat.id,
    });
  }

  /** A published announcement with its deliveries and e-mails (recorded as sent: the demo sends none). */
  private async announce(
    m: EntityManager,
    by: string,
    a: {
      title: string;
      body: string;
      audience: Audience;
      publishedDaysAgo: number;
      requiresAcknowledgement: boolean;
      acknowledgeByDays?: number;
      now: Date;
    },
  ): Promise<string> {
    const publishedAt = new Date(a.now.getTime() - a.publishedDaysAgo * DAY);
    const id = await this.repo.insertPublished(m, {
      title: a.title,
      body: a.body,
      bodyHtml: renderMarkdown(a.body),
      audience: JSON.stringify(a.audience),
      publishedAt,
      requiresAcknowledgement: a.requiresAcknowledgement,
      acknowledgeBy: a.acknowledgeByDays ? new Date(a.now.getTime() + a.acknowledgeByDays * DAY) : null,
      createdBy: by,
    });
    await this.audiences.seedDeliveries(m, id, publishedAt, a.audience);
    await this.repo.insertSentMails(m, id);
    await this.repo.countRecipients(m, id);
    return id;
  }
}
