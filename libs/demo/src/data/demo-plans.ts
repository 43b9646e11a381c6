import type { GroupRole, ItemStatus, PlanStatus, Priority, Tlp } from '@liaison/planning';

/** Demo people by sign-in address (DEMO_ACCOUNTS). */
export const PEOPLE = {
  sofia: 'secretariat@liaison.test',
  tomasz: 'orgadmin.pl@liaison.test',
  ana: 'ana.ionescu@liaison.test',
  jurgen: 'jurgen.mueller@liaison.test',
  thijs: 'thijs.devries@polderhost.nl.test',
} as const;
export type Person = keyof typeof PEOPLE;

export interface DemoItem {
  reference: string;
  title: string;
  description?: string;
  /** Lead organisation: by country (the first demo law-enforcement body there) or a named organisation id. */
  country?: string;
  assignees?: Person[];
  /** Days from the seeding day. */
  start?: number;
  due?: number;
  priority?: Priority;
  progress?: number;
  status?: ItemStatus;
  reason?: string;
  dependsOn?: string[];
}

export interface DemoPlan {
  title: string;
  objective: string;
  tlp: Tlp;
  status: PlanStatus;
  owner?: string;
  items: DemoItem[];
}

export interface DemoGroup {
  name: string;
  purpose: string;
  members: [Person, GroupRole][];
  plans: DemoPlan[];
}

const COUNTRIES = ['PL', 'BG', 'RO', 'DE', 'FR', 'NL', 'DK', 'SE', 'ES', 'IT', 'SK', 'CZ'];
const CAMPAIGN_TOPICS = [
  'School awareness sessions on sextortion',
  'Parents guide to grooming signs',
  'Helpline number on gaming platforms',
  'Teacher training module',
  'Social media campaign for teenagers',
  'Translation of campaign material',
  'Evaluation survey of last year’s campaign',
  'Youth panel on online safety',
  'Radio spots in regional languages',
  'Campaign website accessibility audit',
];
// Per-country progress targets of the scenario: Poland well ahead, Bulgaria far behind.
const COUNTRY_PROGRESS: Record<string, number> = { PL: 60, BG: 10 };

/** "Prevention campaigns": forty items from twelve countries, five of them overdue (scenario 5). */
function campaignItems(): DemoItem[] {
  const items: DemoItem[] = [];
  for (let i = 0; i < 40; i++) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const overdue = i < 5;
    const target = COUNTRY_PROGRESS[country];
    const status: ItemStatus = overdue
      ? 'in_progress'
      : target !== undefined
        ? 'in_progress'
        : (
            [
              'not_started',
              'in_progress',
              'done',
              'in_progress',
              'blocked',
              'not_started',
              'done',
              'cancelled',
            ] as const
          )[i % 8]!;
    items.push({
      reference: `${Math.floor(i / 10) + 1}.${(i % 10) + 1}`,
      title: `${CAMPAIGN_TOPICS[i % CAMPAIGN_TOPICS.length]} (${country})`,
      country,
      assignees: i % 3 === 0 ? ['ana'] : i % 3 === 1 ? ['tomasz'] : ['thijs'],
      start: -60 + i,
      due: overdue ? -2 - i : 7 + i * 3,
      priority: i % 7 === 0 ? 'high' : 'normal',
      progress: target ?? (status === 'done' ? 100 : status === 'not_started' ? 0 : 30 + (i % 5) * 10),
      status,
      reason:
        status === 'blocked'
          ? 'waiting for the ministry’s approval of the material'
          : status === 'cancelled'
            ? 'merged into 1.1'
            : undefined,
    });
  }
  return items;
}

export const DEMO_GROUPS: DemoGroup[] = [
  {
    name: 'Victim Identification Taskforce liaison',
    purpose:
      'Follow-up of the Victim Identification Taskforce: images to exchange, leads to check, and the national points of contact who act on them.',
    members: [
      ['jurgen', 'chair'],
      ['ana', 'member'],
      ['tomasz', 'member'],
      ['sofia', 'observer'],
    ],
    plans: [
      {
        title: 'Victim Identification Taskforce follow-up 2026',
        objective:
          'Every series identified at the taskforce is followed up by the country concerned within three months.',
        tlp: 'AMBER',
        status: 'active',
        items: [
          {
            reference: '1.1',
            title: 'Upload taskforce series to ICSE',
            country: 'DE',
            assignees: ['jurgen'],
            start: -40,
            due: -10,
            progress: 100,
            status: 'done',
          },
          {
            reference: '1.2',
            title: 'Check Romanian school uniform lead',
            description: 'Series **VIDTF-26-014**: uniform and wall socket point to Romania.',
            country: 'RO',
            assignees: ['ana'],
            start: -20,
            due: 21,
            priority: 'high',
            progress: 40,
            status: 'in_progress',
            dependsOn: ['1.1'],
          },
          {
            reference: '1.3',
            title: 'Request subscriber data from the hosting provider',
            country: 'RO',
            assignees: ['ana'],
            start: -5,
            due: 14,
            progress: 20,
            status: 'blocked',
            reason: 'waiting for provider response',
            dependsOn: ['1.2'],
          },
          {
            reference: '1.4',
            title: 'Polish background noise analysis',
            country: 'PL',
            assignees: ['tomasz'],
            start: -15,
            due: -3,
            progress: 70,
            status: 'in_progress',
            priority: 'high',
          },
          {
            reference: '2.1',
            title: 'Share identification results with Europol',
            country: 'DE',
            assignees: ['jurgen'],
            due: 45,
            status: 'not_started',
            dependsOn: ['1.2', '1.4'],
          },
          {
            reference: '2.2',
            title: 'Translate the victim interview guide',
            country: 'PL',
            assignees: ['tomasz'],
            due: 30,
            status: 'cancelled',
            reason: 'a translation exists already',
            progress: 10,
          },
        ],
      },
      {
        title: 'Operation case coordination (restricted)',
        objective: 'Coordination of one ongoing case between the investigating units.',
        tlp: 'RED',
        status: 'active',
        items: [
          {
            reference: '1',
            title: 'Agree on a common day of action',
            country: 'DE',
            assignees: ['jurgen', 'ana'],
            due: 10,
            status: 'in_progress',
            progress: 50,
          },
          {
            reference: '2',
            title: 'Prepare preservation requests',
            country: 'RO',
            assignees: ['ana'],
            due: 5,
            status: 'not_started',
          },
        ],
      },
    ],
  },
  {
    name: 'EMPACT CSE operational action plan 2026',
    purpose: 'The EMPACT child sexual exploitation priority: operational actions agreed for 2026 and who leads them.',
    members: [
      ['tomasz', 'chair'],
      ['jurgen', 'member'],
      ['ana', 'member'],
    ],
    plans: [
      {
        title: 'EMPACT CSE OAP 2026',
        objective: 'Deliver the operational actions of the 2026 plan on time, with a report per action.',
        tlp: 'AMBER+STRICT',
        status: 'active',
        items: [
          {
            reference: 'OA 1.1',
            title: 'Joint action day against live-distant child abuse',
            country: 'PL',
            assignees: ['tomasz'],
            start: -30,
            due: 60,
            progress: 35,
            status: 'in_progress',
            priority: 'critical',
          },
          {
            reference: 'OA 1.2',
            title: 'Financial investigation training for CSE units',
            country: 'DE',
            assignees: ['jurgen'],
            start: 10,
            due: 120,
            status: 'not_started',
          },
          {
            reference: 'OA 2.1',
            title: 'Dark-web forum takedown coordination',
            country: 'DE',
            assignees: ['jurgen'],
            start: -90,
            due: -20,
            progress: 100,
            status: 'done',
          },
          {
            reference: 'OA 2.2',
            title: 'Victim identification sprint',
            country: 'RO',
            assignees: ['ana'],
            start: -10,
            due: -1,
            progress: 80,
            status: 'in_progress',
            dependsOn: ['OA 2.1'],
          },
          {
            reference: 'OA 3.1',
            title: 'Report on cryptocurrency payments for CSAM',
            country: 'PL',
            assignees: ['tomasz'],
            due: 90,
            status: 'blocked',
            reason: 'data-sharing agreement not signed yet',
            progress: 5,
          },
        ],
      },
      {
        title: 'EMPACT CSE OAP 2025',
        objective: 'Last year’s plan, kept for reference.',
        tlp: 'AMBER',
        status: 'completed',
        items: [
          {
            reference: 'OA 1.1',
            title: 'Action day on peer-to-peer networks',
            country: 'PL',
            assignees: ['tomasz'],
            start: -400,
            due: -300,
            progress: 100,
            status: 'done',
          },
          {
            reference: 'OA 1.2',
            title: 'Undercover officer exchange',
            country: 'DE',
            assignees: ['jurgen'],
            start: -380,
            due: -320,
            progress: 100,
            status: 'done',
          },
        ],
      },
    ],
  },
  {
    name: 'Prevention campaigns',
    purpose: 'Prevention across sectors: ministries, industry, hotlines and NGOs run awareness campaigns together.',
    members: [
      ['sofia', 'chair'],
      ['tomasz', 'member'],
      ['ana', 'member'],
      ['thijs', 'member'],
      ['jurgen', 'observer'],
    ],
    plans: [
      {
        title: 'Prevention campaigns 2026',
        objective: 'An awareness campaign in every participating country, with material shared between them.',
        tlp: 'GREEN',
        status: 'active',
        items: campaignItems(),
      },
      {
        title: 'Safer Internet Day 2027',
        objective: 'Joint messages for Safer Internet Day, in draft.',
        tlp: 'CLEAR',
        status: 'draft',
        items: [
          { reference: '1', title: 'Agree on the common theme', assignees: ['thijs'], due: 40, status: 'not_started' },
        ],
      },
    ],
  },
];
