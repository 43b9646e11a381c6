import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DemoSeedService, renderMarkdown } from '@liaison/core';
import { DEMO_NETWORK_ORGANISATIONS } from '@liaison/directory';
import { AUDIENCE_FROM, type Audience, audienceSql } from '../audience/audience.js';
import { COMPOSER_LEVELS } from '../access.js';
import type { Delegate, RsvpResponse } from '../announcements/announcement.entity.js';
import { zonedToInstant } from '../events/zoned-time.js';

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

/** Seeds the WeProtect summit invitation with answers in every state, and a few plain announcements (after planning). */
@Injectable()
export class OutreachDemo implements OnModuleInit {
  constructor(private readonly seeds: DemoSeedService) {}

  onModuleInit(): void {
    this.seeds.register({
      order: 30,
      name: 'outreach: demo announcements and the summit invitation',
      seed: (m) => seedOutreach(m),
    });
  }
}

export async function seedOutreach(m: EntityManager, now = new Date()): Promise<void> {
  const [secretariat] = await m.query<{ id: string; passwordHash: string }[]>(
    `SELECT id, password_hash AS "passwordHash" FROM user_account WHERE email = 'secretariat@liaison.test'`,
  );
  if (!secretariat) throw new Error('demo account secretariat@liaison.test is missing');
  // The points of contact the demo announcements address get accounts (the demo password), so that
  // the summit has recipients who answer; in a real network they are invited.
  await m.query(
    `INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
     SELECT DISTINCT ON (c.emails[1]) c.emails[1], c.full_name, $1, '{member}', c.organisation_id
       FROM contact c JOIN point_of_contact p ON p.contact_id = c.id AND p.status = 'active'
       JOIN organisation o ON o.id = c.organisation_id LEFT JOIN country co ON co.code = o.country_code
      WHERE c.status <> 'departed'
        AND ((p.mandate_code IN ('weprotect', 'policy_legislation', 'victim_identification') AND co.eu_member) OR o.id = $2)
        AND NOT EXISTS (SELECT 1 FROM user_account u WHERE lower(u.email::text) = ANY(c.emails))
      ORDER BY c.emails[1]`,
    [secretariat.passwordHash, DEMO_NETWORK_ORGANISATIONS.commission],
  );
  const dates = summitDates(now);
  const zone = 'Africa/Addis_Ababa';
  const summit = await announce(m, secretariat.id, {
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
  const [{ id: eventId }] = await m.query<{ id: string }[]>(
    `INSERT INTO outreach_event (announcement_id, title, starts_at, ends_at, time_zone, location, rsvp_deadline, seats_per_country)
     VALUES ($1, 'WeProtect Global Alliance summit', $2, $3, $4, 'African Union Conference Centre, Addis Ababa', $5, 2) RETURNING id`,
    [
      summit,
      zonedToInstant(dates.start, zone),
      zonedToInstant(dates.end, zone),
      zone,
      zonedToInstant(dates.deadline, zone),
    ],
  );
  for (const answer of ANSWERS) {
    await m.query(
      `INSERT INTO event_rsvp (event_id, user_id, country_code, organisation_id, response, delegation, delegates, nominating_authority, dietary, accessibility)
       SELECT $1, d.user_id, d.country_code, u.organisation_id, $3, $4, $5, $6, $7, $8
         FROM announcement_delivery d JOIN user_account u ON u.id = d.user_id
        WHERE d.announcement_id = $9 AND d.country_code = $2
        ORDER BY u.email LIMIT 1`,
      [
        eventId,
        answer.country,
        answer.response,
        JSON.stringify(answer.delegation),
        answer.delegation.length,
        answer.authority ?? null,
        answer.dietary ?? null,
        answer.accessibility ?? null,
        summit,
      ],
    );
  }
  // Most have opened it; those who answered certainly have.
  await m.query(
    `UPDATE announcement_delivery d SET read_at = d.delivered_at + interval '3 hours', read_revision = 1
      WHERE d.announcement_id = $1 AND (EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = $2 AND r.user_id = d.user_id)
                                      OR abs(hashtext(d.user_id::text)) % 3 <> 0)`,
    [summit, eventId],
  );

  const vid = await announce(m, secretariat.id, {
    title: 'Victim identification: new ICSE database access procedure',
    body: 'From next month, national ICSE database accounts are renewed through the national central bureau.\n\n1. Check your account expiry date.\n2. Ask your bureau for the renewal form.\n\nPlease acknowledge that your unit has taken note.',
    audience: { include: [{ mandates: ['victim_identification'] }] },
    publishedDaysAgo: 2,
    requiresAcknowledgement: true,
    acknowledgeByDays: 10,
    now,
  });
  await m.query(
    `UPDATE announcement_delivery SET read_at = delivered_at + interval '1 hour', read_revision = 1,
            acknowledged_at = CASE WHEN abs(hashtext(user_id::text)) % 2 = 0 THEN delivered_at + interval '2 hours' END
      WHERE announcement_id = $1 AND abs(hashtext(user_id::text)) % 4 <> 0`,
    [vid],
  );
  await announce(m, secretariat.id, {
    title: 'Liaison: maintenance window on Saturday',
    body: 'Liaison will be unavailable on Saturday between 06:00 and 07:00 UTC while the servers are updated. Encrypted threads are not affected: messages sent meanwhile are delivered afterwards.',
    audience: { include: [{ everyone: true }] },
    publishedDaysAgo: 1,
    requiresAcknowledgement: false,
    now,
  });
  await m.query(
    `INSERT INTO announcement (title, body, body_html, audience, status, created_by, updated_by)
     VALUES ($1, $2, $3, $4, 'draft', $5, $5)`,
    [
      'Call for contributions: annual report on the Model National Response',
      'Draft: to all policy and legislation points of contact. Please send your country chapter by the end of January.',
      renderMarkdown(
        'Draft: to all policy and legislation points of contact. Please send your country chapter by the end of January.',
      ),
      JSON.stringify({ include: [{ mandates: ['policy_legislation'] }] } satisfies Audience),
      secretariat.id,
    ],
  );
}

/** A published announcement with its deliveries and e-mails (recorded as sent: the demo sends none). */
async function announce(
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
  const [{ id }] = await m.query<{ id: string }[]>(
    `INSERT INTO announcement (title, body, body_html, audience, status, published_at, requires_acknowledgement, acknowledge_by,
                               fanned_out_at, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'published', $5, $6, $7, $5, $8, $8, $5, $5) RETURNING id`,
    [
      a.title,
      a.body,
      renderMarkdown(a.body),
      JSON.stringify(a.audience),
      publishedAt,
      a.requiresAcknowledgement,
      a.acknowledgeByDays ? new Date(a.now.getTime() + a.acknowledgeByDays * DAY) : null,
      by,
    ],
  );
  const params: unknown[] = [id, publishedAt];
  await m.query(
    `INSERT INTO announcement_delivery (announcement_id, user_id, country_code, organisation_kind, delivered_at)
     SELECT $1, u.id, o.country_code, o.kind, $2 FROM ${AUDIENCE_FROM} WHERE ${audienceSql(a.audience, params, COMPOSER_LEVELS)}`,
    params,
  );
  await m.query(
    `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion, status, attempts, sent_at)
     SELECT announcement_id, user_id, 'announcement', 1, 'sent', 1, delivered_at FROM announcement_delivery WHERE announcement_id = $1`,
    [id],
  );
  await m.query(
    `UPDATE announcement SET recipient_count = (SELECT count(*) FROM announcement_delivery WHERE announcement_id = $1) WHERE id = $1`,
    [id],
  );
  return id;
}
