import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '@liaison/core';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { IdentitySeedingRepository } from './identity-seeding.repository.js';

/** An account as seeding creates it (active, with a password, no MFA). */
export interface SeedAccount {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string;
}

/** Whose points of contact get accounts: see IdentitySeeding.insertContactAccounts. */
export interface SeedContactAccounts {
  /** The active points of contact for these mandates in EU member countries… */
  mandatesInEuMembers: string[];
  /** …and the people of this organisation, whose first address is one of these (the demo's own people, never a real contact). */
  organisationId: string;
  onlyEmails: string[];
  /** The existing account whose password they share. */
  samePasswordAs: string;
}

/**
 * The identity context's seeding port (the demo workspace uses it): creates accounts in the
 * caller's transaction, without invitations or audit events.
 */
@Injectable()
export class IdentitySeeding {
  constructor(
    private readonly repo: IdentitySeedingRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Creates these accounts, all with `password` (hashed once). */
  async insertAccounts(manager: EntityManager, accounts: SeedAccount[], password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.repo.insertMany(
      manager,
      accounts.map((a) => ({
        email: a.email,
        displayName: a.displayName,
        passwordHash,
        roles: [a.role],
        organisationId: a.organisationId,
      })),
    );
  }

  /**
   * Creates a member account for each directory contact chosen by `who` that has none (its first
   * address, its name, its organisation), with the password of `who.samePasswordAs`.
   */
  async insertContactAccounts(manager: EntityManager, who: SeedContactAccounts): Promise<void> {
    const passwordHash = await this.repo.passwordHashOf(manager, who.samePasswordAs);
    if (!passwordHash) throw new Error(`account ${who.samePasswordAs} is missing`);
    await this.repo.createContactAccounts(
      manager,
      passwordHash,
      who.mandatesInEuMembers,
      who.organisationId,
      who.onlyEmails,
    );
  }

  /** The ids of the accounts with these addresses, by lower-case address. */
  async accountIds(manager: EntityManager, emails: string[]): Promise<Map<string, string>> {
    const rows = await this.repo.idsByEmail(
      manager,
      emails.map((e) => e.toLowerCase()),
    );
    return new Map(rows.map((r) => [r.email, r.id]));
  }
}
