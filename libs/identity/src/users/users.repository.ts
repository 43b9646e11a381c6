import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@liaison/core';
import type { AccountRecipient } from '@liaison/directory';
import { User, type UserStatus } from './user.entity.js';

/** Options of the secretariat's list of accounts, ordered by address. */
export interface UserListOptions {
  /** Part of the address or display name. */
  q?: string;
  limit: number;
  /** The previous page's last address. */
  cursor?: string;
}

/** A new account, as an accepted invitation or seeding (IdentitySeeding) creates it. */
export interface NewAccount {
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  organisationId: string | null;
  status?: UserStatus;
}

/** An account found by its address when inviting it: who, and in which organisation. */
export type InvitedAccount = Pick<User, 'id' | 'organisationId'>;

const PEOPLE_BY_IDS = `u.id = ANY($1::uuid[])`;
const PEOPLE_BY_EMAIL = `lower(u.email) = lower($1)`;

/** A person as the people look-up shows them. */
export interface PersonRow {
  id: string;
  displayName: string;
  email: string;
  organisationId: string | null;
}

/** The statements on accounts (`user_account`): look-ups, profile, password, roles, status, creation. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(userId: string, m: EntityManager = this.dataSource.manager): Promise<User | null> {
    return m.getRepository(User).findOneBy({ id: userId });
  }

  /** The account, or a TypeORM EntityNotFoundError. */
  findByIdOrFail(userId: string): Promise<User> {
    return this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
  }

  /** The account if it is active. */
  findActiveById(userId: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id: userId, status: 'active' });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email });
  }

  /** Reads the account and locks its row until the caller's transaction ends. */
  lockById(m: EntityManager, userId: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  async setDisplayName(userId: string, displayName: string): Promise<void> {
    await this.dataSource.getRepository(User).update({ id: userId }, { displayName });
  }

  async setPasswordHash(m: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await m.update(User, { id: userId }, { passwordHash });
  }

  async setRoles(m: EntityManager, userId: string, roles: Role[]): Promise<void> {
    await m.update(User, { id: userId }, { roles });
  }

  async setStatus(m: EntityManager, userId: string, status: UserStatus): Promise<void> {
    await m.update(User, { id: userId }, { status });
  }

  async setLastSignInAt(m: EntityManager, userId: string, lastSignInAt: Date): Promise<void> {
    await m.update(User, { id: userId }, { lastSignInAt });
  }

  /** A page of accounts by address, one more than the limit (which says whether a next page exists). */
  list(options: UserListOptions): Promise<User[]> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (options.q)
      qb.andWhere('(u.email ILIKE :q OR u.display_name ILIKE :q)', { q: `%${options.q.replace(/[%_\\]/g, '\\$&')}%` });
    if (options.cursor) qb.andWhere('u.email > :cursor', { cursor: options.cursor });
    return qb
      .orderBy('u.email', 'ASC')
      .limit(options.limit + 1)
      .getMany();
  }

  /** The account holding this address (its id and organisation only), or null. */
  findForInvitation(m: EntityManager, email: string): Promise<InvitedAccount | null> {
    return m.getRepository(User).findOne({ where: { email }, select: { id: true, organisationId: true } });
  }

  existsByEmail(m: EntityManager, email: string): Promise<boolean> {
    return m.getRepository(User).exists({ where: { email } });
  }

  /** Creates one account; returns it as stored. */
  create(m: EntityManager, account: NewAccount): Promise<User> {
    return m.getRepository(User).save(m.create(User, account));
  }

  async emailOf(userId: string): Promise<string | null> {
    const rows = (await this.dataSource.query(`SELECT email FROM user_account WHERE id = $1`, [userId])) as {
      email: string;
    }[];
    return rows[0]?.email ?? null;
  }

  /** The active organisation admins of an organisation, by address. */
  async activeAdminsOf(organisationId: string): Promise<AccountRecipient[]> {
    return (await this.dataSource.query(
      `SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
       WHERE organisation_id = $1 AND status = 'active' AND 'org_admin' = ANY(roles) ORDER BY email`,
      [organisationId],
    )) as AccountRecipient[];
  }

  /** The active members of the secretariat, by address. */
  async activeSecretariat(): Promise<AccountRecipient[]> {
    return (await this.dataSource.query(
      `SELECT id AS "userId", email, display_name AS "displayName" FROM user_account
       WHERE status = 'active' AND 'secretariat' = ANY(roles) ORDER BY email`,
    )) as AccountRecipient[];
  }

  /** Active accounts with one of these addresses (compared in lower case): address → id. */
  async activeIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT id, lower(email) AS email FROM user_account WHERE status = 'active' AND lower(email) = ANY($1::text[])`,
      [emails.map((e) => e.toLowerCase())],
    )) as { id: string; email: string }[];
    return new Map(rows.map((r) => [r.email, r.id]));
  }

  /**
   * Up to 100 active people, by name: those whose name or address contains `q`, those with these
   * ids, or the one with this address. Their organisation's name comes along.
   */
  async activePeople(
    match: { q: string } | { ids: string[] } | { email: string },
  ): Promise<(PersonRow & { organisationName: string | null })[]> {
    const where =
      'q' in match ? `(u.display_name ILIKE $1 OR u.email ILIKE $1)` : 'ids' in match ? PEOPLE_BY_IDS : PEOPLE_BY_EMAIL;
    const param = 'q' in match ? `%${match.q.replace(/[%_\\]/g, '\\$&')}%` : 'ids' in match ? match.ids : match.email;
    return (await this.dataSource.query(
      `SELECT u.id, u.display_name AS "displayName", u.email, u.organisation_id AS "organisationId", o.name AS "organisationName"
         FROM user_account u LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        WHERE u.status = 'active' AND ${where}
        ORDER BY u.display_name, u.id LIMIT 100`,
      [param],
    )) as (PersonRow & { organisationName: string | null })[];
  }
}
