import type { SeedAccount } from '@liaison/identity';
import { DEMO_NETWORK_ORGANISATIONS } from './demo-network.js';
import { DEMO_ORGANISATIONS } from './demo-organisations.js';

/** The shared password of the fictional demo people (shown on a demo workspace's sign-in page). */
export const DEMO_PASSWORD = 'demo-password-liaison-2026';

/** The demo people who sign in (the directory's demo network has an entry for each). */
export const DEMO_ACCOUNTS: SeedAccount[] = [
  {
    email: 'secretariat@liaison.test',
    displayName: 'Sofia Lindqvist',
    role: 'secretariat',
    organisationId: DEMO_ORGANISATIONS.secretariat,
  },
  {
    email: 'orgadmin.pl@liaison.test',
    displayName: 'Tomasz Kowalczyk',
    role: 'org_admin',
    organisationId: DEMO_ORGANISATIONS.polishPolice,
  },
  {
    email: 'ana.ionescu@liaison.test',
    displayName: 'Ana Ionescu',
    role: 'member',
    organisationId: DEMO_ORGANISATIONS.romanianPolice,
  },
  {
    email: 'jurgen.mueller@liaison.test',
    displayName: 'Jürgen Müller',
    role: 'member',
    organisationId: DEMO_ORGANISATIONS.bka,
  },
  {
    // An industry member (a hosting provider's trust-and-safety lead): sees network contacts only.
    email: 'thijs.devries@polderhost.nl.test',
    displayName: 'Thijs de Vries',
    role: 'member',
    organisationId: DEMO_NETWORK_ORGANISATIONS.hostingProvider,
  },
];
