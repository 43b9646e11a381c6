import type { Audience, SeedAnswer } from '@liaison/outreach';
import { DEMO_NETWORK_ORGANISATIONS } from './demo-network.js';

const DAY = 86_400_000;

/** The secretariat's demo account, who sends every demo announcement. */
export const ANNOUNCER = 'secretariat@liaison.test';

/** A demo announcement, dated from the seeding day. */
export interface DemoAnnouncement {
  title: string;
  /** Markdown. */
  body: string;
  audience: Audience;
  publishedDaysAgo: number;
  requiresAcknowledgement: boolean;
  acknowledgeByDays?: number;
}

/** The summit on 11-12 December 2026 while that is ahead; otherwise twelve days after the seeding. */
export function summitDates(now: Date): { start: string; end: string; deadline: string; label: string } {
  const fixed = new Date('2026-12-05T00:00:00Z');
  const startDay = now < fixed ? new Date('2026-12-11T00:00:00Z') : new Date(now.getTime() + 12 * DAY);
  const day = (offset: number) => new Date(startDay.getTime() + offset * DAY).toISOString().slice(0, 10);
  const label = `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', timeZone: 'UTC' }).format(startDay)}-${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(startDay.getTime() + DAY))}`;
  return { start: `${day(0)}T09:00`, end: `${day(1)}T17:00`, deadline: `${day(-6)}T23:59`, label };
}

/** The WeProtect summit invitation, to the points of contact who answer for their countries. */
export function summitInvitation(label: string): DemoAnnouncement {
  return {
    title: `WeProtect Global Alliance summit, Addis Ababa, ${label}`,
    body: `All national points of contact for **WeProtect** and **policy and legislation**:\n\nThe WeProtect Global Alliance summit takes place in Addis Ababa on ${label}. Ministers and senior officials will review national progress on the *Model National Response*.\n\nPlease confirm your delegation (at most two seats per country) by answering this invitation in Liaison.`,
    audience: {
      include: [
        { mandates: ['weprotect', 'policy_legislation'], euMembers: true },
        { organisations: [DEMO_NETWORK_ORGANISATIONS.commission] },
      ],
    },
    publishedDaysAgo: 4,
    requiresAcknowledgement: false,
  };
}

/** The summit's event: two seats per country, local times in its time zone. */
export const SUMMIT_EVENT = {
  title: 'WeProtect Global Alliance summit',
  location: 'African Union Conference Centre, Addis Ababa',
  timeZone: 'Africa/Addis_Ababa',
  seatsPerCountry: 2,
};

/**
 * The people the demo announcements address who get accounts (the demo password), so that the
 * summit has recipients who answer (in a real network they are invited): the active points of
 * contact for these mandates in EU member countries, and the Commission's people.
 */
export const ANNOUNCED_TO = {
  mandatesInEuMembers: ['weprotect', 'policy_legislation', 'victim_identification'],
  organisationId: DEMO_NETWORK_ORGANISATIONS.commission,
};

/** Answers by country in the summit demo: every state, Poland's delegation as in the scenario. */
export const SUMMIT_ANSWERS: SeedAnswer[] = [
  {
    country: 'PL',
    response: 'accepted',
    delegation: [
      { name: 'Katarzyna Wiśniewska', role: 'head_of_delegation', level: 'ministerial' },
      { name: 'Piotr Zieliński', role: 'delegate', level: 'expert' },
    ],
    nominatingAuthority: 'Ministry of Justice of the Republic of Poland',
    dietary: 'One vegetarian meal',
    accessibility: null,
  },
  {
    country: 'DK',
    response: 'accepted',
    delegation: [
      { name: 'Mette Sørensen', role: 'head_of_delegation', level: 'senior_official' },
      { name: 'Lars Nielsen', role: 'delegate', level: 'expert' },
    ],
    nominatingAuthority: 'Danish Ministry of Justice',
    dietary: null,
    accessibility: null,
  },
  {
    country: 'FR',
    response: 'tentative',
    delegation: [{ name: 'Claire Dubois', role: 'head_of_delegation', level: 'senior_official' }],
    nominatingAuthority: 'Ministère de la Justice',
    dietary: null,
    accessibility: 'Step-free access to the plenary room',
  },
  { country: 'IE', response: 'declined', delegation: [], nominatingAuthority: null, dietary: null, accessibility: null },
  { country: 'PT', response: 'declined', delegation: [], nominatingAuthority: null, dietary: null, accessibility: null },
];

/** Read and acknowledged by about half its recipients. */
export const VICTIM_IDENTIFICATION_NOTICE: DemoAnnouncement = {
  title: 'Victim identification: new ICSE database access procedure',
  body: 'From next month, national ICSE database accounts are renewed through the national central bureau.\n\n1. Check your account expiry date.\n2. Ask your bureau for the renewal form.\n\nPlease acknowledge that your unit has taken note.',
  audience: { include: [{ mandates: ['victim_identification'] }] },
  publishedDaysAgo: 2,
  requiresAcknowledgement: true,
  acknowledgeByDays: 10,
};

export const MAINTENANCE_NOTICE: DemoAnnouncement = {
  title: 'Liaison: maintenance window on Saturday',
  body: 'Liaison will be unavailable on Saturday between 06:00 and 07:00 UTC while the servers are updated. Encrypted threads are not affected: messages sent meanwhile are delivered afterwards.',
  audience: { include: [{ everyone: true }] },
  publishedDaysAgo: 1,
  requiresAcknowledgement: false,
};

/** A draft the secretariat has not sent yet. */
export const DRAFT: { title: string; body: string; audience: Audience } = {
  title: 'Call for contributions: annual report on the Model National Response',
  body: 'Draft: to all policy and legislation points of contact. Please send your country chapter by the end of January.',
  audience: { include: [{ mandates: ['policy_legislation'] }] },
};
