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

/**
 * The SQL condition under which a plan (alias `p`) exists for the caller, parameters from
 * `$first`: `CLEAR` and `GREEN` for the whole network; `AMBER` for the group's members, people
 * of their organisations and the secretariat; `AMBER+STRICT` for members and the secretariat;
 * `RED` for the group's members alone. The same condition serves lists, counts and reads.
 */
export function visiblePlanSql(planner: Planner, first: number, alias = 'p'): { sql: string; params: unknown[] } {
  const [user, secretariat, organisation] = [first, first + 1, first + 2].map((i) => `$${i}`);
  const member = `EXISTS (SELECT 1 FROM working_group_member vm WHERE vm.group_id = ${alias}.group_id AND vm.user_id = ${user})`;
  const sameOrganisation = `EXISTS (SELECT 1 FROM working_group_member vo JOIN user_account vu ON vu.id = vo.user_id
      WHERE vo.group_id = ${alias}.group_id AND vu.organisation_id = CAST(${organisation} AS uuid))`;
  return {
    sql: `(${alias}.tlp IN ('CLEAR', 'GREEN') OR ${member}
      OR (CAST(${secretariat} AS boolean) AND ${alias}.tlp <> 'RED')
      OR (${alias}.tlp = 'AMBER' AND CAST(${organisation} AS uuid) IS NOT NULL AND ${sameOrganisation}))`,
    params: [planner.userId, planner.secretariat, planner.organisationId],
  };
}

/** Chairs and members change items; observers read and comment. */
export const editsItems = (role: GroupRole | null): boolean => role === 'chair' || role === 'member';

export const planRoom = (planId: string): string => `plan:${planId}`;
