import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { FRESH_AUTHENTICATION_SECONDS } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { verifyTotp } from '../mfa/totp.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { LoginThrottleService } from '../login/login-throttle.service.js';
import { MfaRepository } from '../mfa/mfa.repository.js';
import type { Session } from '../sessions/session.entity.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { type RequestOrigin, SessionsService } from '../sessions/sessions.service.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { KeyedHash } from '../tokens/keyed-hash.js';
import { toMeDto, type MeDto } from '../users/user.dto.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';

export interface SignedIn {
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
  user: MeDto;
}

export type SignInStep = SignedIn | { mfaRequired: true; mfaToken: string };

const invalidCredentials = () =>
  new IdentityError('invalid_credentials', 'The e-mail address or the password is not right.');

/** Sign-in: password, then (when enrolled) a TOTP or recovery code, then a session. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokens,
    private readonly keyed: KeyedHash,
    private readonly mfa: MfaPolicy,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly mfaCodes: MfaRepository,
    private readonly sessionRows: SessionsRepository,
  ) {}

  /** The user these credentials belong to; the same 401 (and the same work) for any failure. */
  async checkCredentials(email: string, password: string, origin: RequestOrigin): Promise<User> {
    await this.throttle.assertMayTry(email, origin.ip);
    const user = await this.users.findByEmail(email.trim());
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!ok || !user || user.status !== 'active') {
      await this.throttle.recordFailure(email, origin.ip);
      await this.audit.record({
        action: 'auth.login.failed',
        actorId: user?.id ?? null,
        targetType: 'user',
        targetId: user?.id ?? null,
        ip: origin.ip,
        details: {
          email: email.trim().toLowerCase(),
          reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled',
        },
      });
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(email, origin.ip);
    return user;
  }

  /** After the password: a session, or the MFA step for an enrolled user. */
  async afterPassword(user: User, origin: RequestOrigin): Promise<SignInStep> {
    if (user.mfaEnabledAt) {
      return { mfaRequired: true, mfaToken: await this.tokens.issueMfaToken(user.id, origin.device) };
    }
    return this.openSession(user, origin, 'password');
  }

  async verifyMfa(mfaToken: string, code: string, origin: RequestOrigin): Promise<SignedIn> {
    const claims = await this.tokens.verifyMfaToken(mfaToken);
    if (!claims) throw new IdentityError('mfa_token_expired', 'The sign-in took too long. Start again.');
    await this.throttle.assertMayTry(`mfa:${claims.sub}`, origin.ip);
    const user = await this.users.findActiveById(claims.sub);
    if (!user?.mfaSecret) throw new IdentityError('mfa_token_expired', 'The sign-in took too long. Start again.');
    const method = await this.consumeCode(user, code.trim());
    if (!method) {
      await this.throttle.recordFailure(`mfa:${user.id}`, origin.ip);
      await this.audit.record({
        action: 'auth.mfa.failed',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip: origin.ip,
      });
      throw new IdentityError('invalid_code', 'That code is not right. Codes change every 30 seconds and work once.');
    }
    await this.throttle.recordSuccess(`mfa:${user.id}`, origin.ip);
    return this.openSession(user, origin, method);
  }

  /**
   * The caller proves the password (and the second factor, where enrolled) again: their session
   * counts as freshly authenticated for a few minutes, for changes that must not rest on a
   * session alone (ASVS 7.5). Failures count towards the same lockout as sign-ins.
   */
  async reauthenticate(
    userId: string,
    sessionId: string,
    password: string,
    code: string | undefined,
    origin: RequestOrigin,
  ): Promise<Date> {
    const key = `reauth:${userId}`;
    await this.throttle.assertMayTry(key, origin.ip);
    const user = await this.users.findActiveById(userId);
    const refuse = async (field: 'password' | 'code', reason: string): Promise<never> => {
      await this.throttle.recordFailure(key, origin.ip);
      await this.audit.record({
        action: 'auth.reauthentication.failed',
        actorId: userId,
        targetType: 'user',
        targetId: userId,
        ip: origin.ip,
        details: { field },
      });
      throw new IdentityError(
        field === 'password' ? 'wrong_password' : 'invalid_code',
        reason,
        [{ field, reasons: [reason] }],
        400,
      );
    };
    if (!user || !(await this.passwords.verify(user.passwordHash, password)))
      return refuse('password', 'the password is not right');
    if (user.mfaEnabledAt) {
      if (!code?.trim()) return refuse('code', 'enter the code from your authenticator app, or a recovery code');
      if (!(await this.consumeCode(user, code.trim()))) return refuse('code', 'that code is not right');
    }
    await this.throttle.recordSuccess(key, origin.ip);
    const at = await this.sessionRows.markReauthenticated(sessionId, userId);
    if (!at) throw new IdentityError('session_invalid', 'You are not signed in.');
    await this.audit.record({
      action: 'auth.reauthenticated',
      actorId: userId,
      targetType: 'user',
      targetId: userId,
      ip: origin.ip,
    });
    return new Date(at.getTime() + FRESH_AUTHENTICATION_SECONDS * 1000);
  }

  /** Accepts a fresh TOTP code (once) or an unused recovery code; says which. */
  private async consumeCode(user: User, code: string): Promise<'totp' | 'recovery_code' | null> {
    if (/^\d{6}$/.test(code)) {
      const step = await verifyTotp(this.keyed.open(user.mfaSecret!), code, user.mfaLastStep);
      if (step === null) return null;
      return (await this.mfaCodes.claimTotpStep(user.id, step)) ? 'totp' : null;
    }
    const codeHash = this.keyed.hash('recovery', code.toLowerCase());
    return (await this.mfaCodes.spendRecoveryCode(user.id, codeHash)) ? 'recovery_code' : null;
  }

  private async openSession(user: User, origin: RequestOrigin, method: string): Promise<SignedIn> {
    const { session, refreshToken } = await this.dataSource.transaction(async (manager) => {
      const opened = await this.sessions.open(manager, user.id, origin);
      await this.users.setLastSignInAt(manager, user.id, new Date());
      await this.audit.record(
        {
          action: 'auth.login.succeeded',
          actorId: user.id,
          targetType: 'session',
          targetId: opened.session.id,
          ip: origin.ip,
          details: { method, device: origin.device },
        },
        manager,
      );
      return opened;
    });
    return { ...(await this.accessFor(user, session)), refreshToken };
  }

  async refresh(refreshToken: string, origin: RequestOrigin): Promise<SignedIn> {
    const { session, user, refreshToken: next } = await this.sessions.rotate(refreshToken, origin);
    return { ...(await this.accessFor(user, session)), refreshToken: next };
  }

  async accessFor(user: User, session: Session): Promise<Omit<SignedIn, 'refreshToken'>> {
    const enrollmentRequired = !user.mfaEnabledAt && this.mfa.requiresMfa(user);
    const { accessToken, expiresAt } = await this.tokens.issue({
      sub: user.id,
      sid: session.id,
      roles: user.roles,
      org: user.organisationId,
      enr: enrollmentRequired,
    });
    return { accessToken, expiresAt, user: toMeDto(user, enrollmentRequired) };
  }
}
