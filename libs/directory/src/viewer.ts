import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, PeopleVisibility } from '@liaison/core';
import type { Visibility } from './contacts/contact.entity.js';
import { DirectoryAccounts } from './directory-accounts.js';
import type { OrganisationKind } from './organisations/organisation.entity.js';
import { ViewerRepository } from './viewer.repository.js';

/** Kinds whose members see `law_enforcement` contacts (with the secretariat). */
export const LAW_ENFORCEMENT_KINDS: readonly OrganisationKind[] = [
  'law_enforcement',
  'prosecution',
  'eu_agency',
  'international_organisation',
];

/** Who is looking at the directory, and therefore what they may see and change. */
export interface Viewer {
  userId: string;
  email: string | null;
  organisationId: string | null;
  secretariat: boolean;
  orgAdmin: boolean;
  /** The visibility levels this viewer sees (besides their own entry and, for org admins, their organisation's). */
  levels: Visibility[];
}

@Injectable()
export class ViewerService {
  constructor(
    private readonly repository: ViewerRepository,
    private readonly accounts: DirectoryAccounts,
  ) {}

  async resolve(user: AuthenticatedUser): Promise<Viewer> {
    const secretariat = user.roles.includes('secretariat');
    // The authenticator usually knows both already; otherwise ask.
    const [email, kind] = await Promise.all([
      user.email !== undefined ? Promise.resolve(user.email) : this.accounts.emailOf(user.id),
      user.organisationKind !== undefined
        ? Promise.resolve(user.organisationKind as OrganisationKind | null)
        : user.organisationId
          ? this.repository.organisationKind(user.organisationId)
          : Promise.resolve(null),
    ]);
    const levels: Visibility[] = secretariat
      ? ['network', 'law_enforcement', 'secretariat']
      : kind && LAW_ENFORCEMENT_KINDS.includes(kind)
        ? ['network', 'law_enforcement']
        : ['network'];
    return {
      userId: user.id,
      email: email?.toLowerCase() ?? null,
      organisationId: user.organisationId ?? null,
      secretariat,
      orgAdmin: user.roles.includes('org_admin'),
      levels,
    };
  }
}

/** A contact the viewer sees whatever its level: their own entry and, for an org admin, their organisation's. */
const exceptionCondition = (alias: string, [email, organisation, orgAdmin]: string[]) =>
  `${alias}.emails[1] = CAST(${email} AS text) OR (${alias}.organisation_id = CAST(${organisation} AS uuid) AND CAST(${orgAdmin} AS boolean))`;

/** The visibility condition over a contact alias, given how its four parameters are written. */
const visibleCondition = (alias: string, [levels, ...others]: string[]) =>
  `(${alias}.visibility = ANY(CAST(${levels} AS text[])) OR ${exceptionCondition(alias, others)})`;

const visibleParams = (viewer: Viewer): unknown[] => [
  viewer.levels,
  viewer.email ?? '',
  viewer.organisationId,
  viewer.orgAdmin,
];

/**
 * The SQL condition that keeps a contact row (alias `c`) visible to the viewer, with its
 * parameters starting at `$first`. The same condition serves search, lists, coverage, exports and
 * counts, so no path can leak a hidden contact.
 */
export function visibleContactSql(viewer: Viewer, first: number, alias = 'c'): { sql: string; params: unknown[] } {
  return {
    sql: visibleCondition(
      alias,
      [0, 1, 2, 3].map((i) => `$${first + i}`),
    ),
    params: visibleParams(viewer),
  };
}

/** The same condition with named parameters, for TypeORM's query builder. */
export function visibleContactWhere(viewer: Viewer, alias = 'c'): { sql: string; params: Record<string, unknown> } {
  const names = ['visibleLevels', 'visibleEmail', 'visibleOrganisation', 'visibleOrgAdmin'];
  const values = visibleParams(viewer);
  return {
    sql: visibleCondition(
      alias,
      names.map((n) => `:${n}`),
    ),
    params: Object.fromEntries(names.map((n, i) => [n, values[i]])),
  };
}

/**
 * The contacts visible to the viewer only by exception (their own entry, an org admin's
 * organisation) and not by their level: with the groups of the viewer's levels in
 * `contact_facet_group`, they make up everything the viewer sees. Parameters as visibleContactSql.
 */
export function visibleByExceptionSql(viewer: Viewer, first: number, alias = 'c'): { sql: string; params: unknown[] } {
  const [levels, ...others] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return {
    sql: `(NOT (${alias}.visibility = ANY(CAST(${levels} AS text[]))) AND (${exceptionCondition(alias, others)}))`,
    params: visibleParams(viewer),
  };
}

/**
 * The directory's answer to PeopleVisibility: an e-mail is hidden from the viewer when a contact
 * lists it and no contact the viewer sees does (the same condition as every directory read).
 */
@Injectable()
export class DirectoryPeopleVisibility extends PeopleVisibility {
  constructor(
    private readonly repository: ViewerRepository,
    private readonly viewers: ViewerService,
  ) {
    super();
  }

  async hiddenEmails(
    user: AuthenticatedUser,
    accounts: readonly { email: string; organisationId: string | null }[],
  ): Promise<Set<string>> {
    if (accounts.length === 0) return new Set();
    const viewer = await this.viewers.resolve(user);
    return this.repository.hiddenEmails(accounts, visibleContactSql(viewer, 3), LAW_ENFORCEMENT_KINDS);
  }
}
