import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { type AuthenticatedUser, RealtimePublisher, type Role } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { checkPassword, MIN_LENGTH, MIN_LENGTH_WITH_MFA, PASSWORD_PROBLEM_TEXT } from '../passwords/password-policy.js';
import { LoginThrottleService } from '../login/login-throttle.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { toMeDto, type MeDto } from './user.dto.js';
import type { User, UserStatus } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** Accounts: who am I, my password, and the secretariat's management of users. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
    private readonly mfa: MfaPolicy,
    private readonly throttle: LoginThrottleService,
    private readonly repo: UsersRepository,
  ) {}

  async me(userId: string): Promise<MeDto> {
    const user = await this.get(userId);
    return toMeDto(user, !user.mfaEnabledAt && this.mfa.requiresMfa(user));
  }

  private async get(userId: string): Promise<User> {
    const user = await this.repo.findById(userId);
    if (!user) throw new IdentityError('user_not_found', 'There is no such user.');
    return user;
  }

  async updateProfile(userId: string, changes: { displayName?: string }): Promise<MeDto> {
    if (changes.displayName !== undefined) {
      await this.repo.setDisplayName(userId, changes.displayName.trim());
    }
    return this.me(userId);
  }

  /** Changes the password and ends every session of the user, on every device. */
  async changePassword(userId: string, current: string, next: string, ip: string | null): Promise<void> {
    // The same limit as proving the password again: a session must not be a free password oracle.
    const key = `reauth:${userId}`;
    await this.throttle.assertMayTry(key, ip);
    const user = await this.get(userId);
    if (!(await this.passwords.verify(user.passwordHash, current))) {
      await this.throttle.recordFailure(key, ip);
      await this.audit.record({
        action: 'auth.reauthentication.failed',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        ip,
        details: { field: 'currentPassword', during: 'password_change' },
      });
      throw new IdentityError('wrong_password', 'The current password is not right.', [
        { field: 'currentPassword', reasons: ['the current password is not right'] },
      ]);
    }
    const mfa = user.mfaEnabledAt !== null;
    const problems = checkPassword(next, { email: user.email, mfa });
    if (problems.length > 0) {
      throw new IdentityError('weak_password', 'Choose a stronger password.', [
        {
          field: 'newPassword',
          reasons: problems.map((p) => PASSWORD_PROBLEM_TEXT[p](mfa ? MIN_LENGTH_WITH_MFA : MIN_LENGTH)),
        },
      ]);
    }
    const passwordHash = await this.passwords.hash(next);
    await this.dataSource.transaction(async (manager) => {
      await this.repo.setPasswordHash(manager, userId, passwordHash);
      const ended = await this.sessions.revokeAllForUser(manager, userId, 'password_changed');
      await this.audit.record(
        {
          action: 'user.password.changed',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
          ip,
          details: { sessionsEnded: ended },
        },
        manager,
      );
    });
    this.realtime.disconnectUser(userId, 'password_changed');
  }

  async list(query: {
    q?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: User[]; nextCursor: string | null }> {
    const rows = await this.repo.list(query);
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].email : null };
  }

  /**
   * Role and status changes (secretariat); disabling ends every session and socket at once. A
   * role change ends the user's sockets: each holds the roles of its handshake, and a reconnection
   * is checked with the new ones (refused until a second factor is enrolled, where the new role
   * needs one).
   */
  async update(
    actor: AuthenticatedUser,
    userId: string,
    changes: { roles?: Role[]; status?: UserStatus },
    ip: string | null,
  ): Promise<User> {
    let rolesChanged = false;
    const user = await this.dataSource.transaction(async (manager) => {
      const found = await this.repo.lockById(manager, userId);
      if (!found) throw new IdentityError('user_not_found', 'There is no such user.');
      if (
        userId === actor.id &&
        (changes.status === 'disabled' || (changes.roles && !changes.roles.includes('secretariat')))
      ) {
        throw new IdentityError('forbidden_role', 'You cannot disable yourself or remove your own secretariat role.');
      }
      if (changes.roles && changes.roles.join() !== found.roles.join()) {
        await this.repo.setRoles(manager, userId, changes.roles);
        await this.audit.record(
          {
            action: 'user.role.changed',
            actorId: actor.id,
            targetType: 'user',
            targetId: userId,
            ip,
            details: { from: found.roles, to: changes.roles },
          },
          manager,
        );
        found.roles = changes.roles;
        rolesChanged = true;
      }
      if (changes.status && changes.status !== found.status) {
        await this.repo.setStatus(manager, userId, changes.status);
        if (changes.status === 'disabled') await this.sessions.revokeAllForUser(manager, userId, 'user_disabled');
        await this.audit.record(
          {
            action: `user.${changes.status === 'disabled' ? 'disabled' : 'enabled'}`,
            actorId: actor.id,
            targetType: 'user',
            targetId: userId,
            ip,
          },
          manager,
        );
        found.status = changes.status;
      }
      return found;
    });
    if (changes.status === 'disabled') this.realtime.disconnectUser(userId, 'user_disabled');
    else if (rolesChanged) this.realtime.disconnectUser(userId, 'roles_changed');
    return user;
  }
}
