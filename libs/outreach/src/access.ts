import type { AuthenticatedUser } from '@liaison/core';

/** Who is calling the outreach context, as far as its rules care. */
export interface Caller {
  userId: string;
  secretariat: boolean;
}

export const callerOf = (user: AuthenticatedUser): Caller => ({
  userId: user.id,
  secretariat: user.roles.includes('secretariat'),
});

/**
 * The directory visibility levels the audience is resolved with. Only the secretariat composes,
 * and it sees every level; the parameter keeps the rule in the statement should that change.
 */
export const COMPOSER_LEVELS = ['network', 'law_enforcement', 'secretariat'];

/** Sockets of the secretariat watching one announcement's statistics. */
export const announcementRoom = (id: string): string => `announcement:${id}`;
