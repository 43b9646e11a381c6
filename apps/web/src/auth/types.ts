import type { components } from '@liaison/contract';

type Schemas = components['schemas'];
export type Role = 'secretariat' | 'org_admin' | 'member';

export const ROLES: readonly Role[] = ['secretariat', 'org_admin', 'member'];

/** GET /me: the signed-in user as the server sees them. */
export type Me = Schemas['MeDto'];

/** What login, MFA verification and refresh answer with once a session exists. */
export interface SessionGrant {
  accessToken: string;
  expiresAt: string;
  user: Me;
}

export type MfaChallenge = Schemas['MfaChallengeDto'];

export function isMfaChallenge(value: SessionGrant | MfaChallenge): value is MfaChallenge {
  return 'mfaRequired' in value && value.mfaRequired === true;
}

export function hasRole(user: Pick<Me, 'roles'> | undefined, ...roles: Role[]): boolean {
  return user !== undefined && roles.some((role) => user.roles.includes(role));
}
