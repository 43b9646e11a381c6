import type { AuthenticatedUser } from '@liaison/core';
import type { GroupRole } from './groups/working-group.entity.js';

/** Who is calling the planning context, as far as its rules care. */
export interface Planner {
  userId: string;
  secretariat: boolean;
  orgAdmin: boolean;
  organisationId: string | null;
}

export const plannerOf = (user: AuthenticatedUser): Planner => ({
  userId: user.id,
  secretariat: user.roles.includes('secretariat'),
  orgAdmin: user.roles.includes('org_admin'),
  organisationId: user.organisationId ?? null,
});

/** Chairs and members change items; observers read and comment. */
export const editsItems = (role: GroupRole | null): boolean => role === 'chair' || role === 'member';

export const planRoom = (planId: string): string => `plan:${planId}`;
