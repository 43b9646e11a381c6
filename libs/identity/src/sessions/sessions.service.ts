import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { KeyedHash, randomToken } from '../tokens/keyed-hash.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { Session } from './session.entity.js';
import { type SessionUser, SessionsRepository } from './sessions.repository.js';

export type { SessionUser } from './sessions.repository.js';

const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
const IDLE_LIMIT_MS = 14 * 24 * 3600 * 1000;

/**
 * Two tabs (or a retried request) may present the same refresh token within moments of each
 * other; inside this window that is a race, not a theft, and the session goes on, but only for
 * the client that rotated it (same source address and user agent): from anywhere else it is reuse.
 */
const REUSE_GRACE_SECONDS = 10;

export interface RequestOrigin {
  ip: string | null;
  device: string;
  /** The raw User-Agent header, which binds the refresh grace to one client. */
  userAgent?: string | null;
}

/** The successor of a spent refresh token, kept sealed with the client that may still receive it. */
interface SealedSuccessor {
  token: string;
  client: string;
}

/** Sessions (one per device) and their rotating refresh tokens. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyed: KeyedHash,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
    private readonly repo: SessionsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Opens a session for a user who has fully signed in; returns its first refresh token. */
  async open(
    manager: EntityManager,
    userId: string,
    origin: RequestOrigin,
  ): Promise<{ session: Session; refreshToken: string }> {
    const now = new Date();
    const session = await this.repo.insertSession(manager, {
      userId,
      device: origin.device.slice(0, 200),
      ip: origin.ip,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      // Signing in proved the password (and the second factor): the session starts fresh.
      reauthenticatedAt: now,
    });
    const refreshToken = await this.issueRefreshToken(manager, session.id);
    return { session, refreshToken };
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomToken();
    await this.repo.insertRefreshToken(manager, sessionId, this.keyed.hash('refresh', token));
    return token;
  }

  /**
   * Exchanges a refresh token for a new one. A token that was already spent means it was stolen
   * (or replayed): the whole session is revoked and the event audited.
   */
  async rotate(token: string, origin: RequestOrigin): Promise<{ session: Session; user: User; refreshToken: string }> {
    const tokenHash = this.keyed.hash('refresh', token);
    const result = await this.dataSource.transaction(async (manager) => {
      const row = await this.repo.findRefreshToken(manager, tokenHash);
      if (!row) return { kind: 'unknown' as const };
      const session = await this.repo.findSession(manager, row.sessionId);
      if (!session) return { kind: 'unknown' as const };
      const spent = await this.repo.spendRefreshToken(manager, row.id);
      let successor: string | null = null;
      if (!spent) {
        // Spent already: by a racing tab a moment ago (it gets the same successor), or stolen.
        const { recent, sealed } = await this.repo.spentRefreshToken(manager, row.id, REUSE_GRACE_SECONDS);
        if (!recent || !sealed) return { kind: 'reused' as const, session };
        const kept = this.openSuccessor(sealed);
        if (!kept || !this.keyed.equals(kept.client, this.clientOf(origin)))
          return { kind: 'reused' as const, session };
        successor = kept.token;
      }
      const now = Date.now();
      const user = await this.users.findById(session.userId, manager);
      if (
        session.revokedAt ||
        session.expiresAt.getTime() < now ||
        session.lastUsedAt.getTime() + IDLE_LIMIT_MS < now ||
        !user ||
        user.status !== 'active'
      ) {
        return { kind: 'invalid' as const };
      }
      await this.repo.touch(manager, session.id, new Date(now), origin.ip);
      if (successor) return { kind: 'ok' as const, session, user, refreshToken: successor };
      const refreshToken = await this.issueRefreshToken(manager, session.id);
      await this.repo.sealSuccessor(
        manager,
        session.id,
        row.id,
        this.keyed.seal(
          JSON.stringify({ token: refreshToken, client: this.clientOf(origin) } satisfies SealedSuccessor),
        ),
        REUSE_GRACE_SECONDS,
      );
      return { kind: 'ok' as const, session, user, refreshToken };
    });
    if (result.kind === 'reused') {
      await this.revoke(result.session.id, 'refresh_token_reused', { actorId: null, ip: origin.ip });
      throw new IdentityError('session_invalid', 'This session has ended. Sign in again.');
    }
    if (result.kind !== 'ok') throw new IdentityError('session_invalid', 'This session has ended. Sign in again.');
    return result;
  }

  /** Who rotated a token: a keyed hash of the source address and the user agent (racing tabs share both). */
  private clientOf(origin: RequestOrigin): string {
    return this.keyed.hash('refresh-client', `${origin.ip ?? ''}\n${origin.userAgent ?? ''}`);
  }

  /** A sealed successor, or null for one sealed before successors were bound to a client. */
  private openSuccessor(sealed: string): SealedSuccessor | null {
    try {
      const kept = JSON.parse(this.keyed.open(sealed)) as Partial<SealedSuccessor>;
      return typeof kept.token === 'string' && typeof kept.client === 'string' ? (kept as SealedSuccessor) : null;
    } catch {
      return null;
    }
  }

  /**
   * The user behind a live session of an active account, with current roles; null otherwise.
   * Read afresh on every request (one prepared statement): a revocation, a role change or a
   * disabled account applies to the very next request, on every instance.
   */
  async activeSessionUser(sessionId: string): Promise<SessionUser | null> {
    const row = await this.repo.activeSessionUser(sessionId);
    if (!row) return null;
    const { expiresAt: _expiresAt, ...user } = row;
    return user;
  }

  listForUser(userId: string): Promise<Session[]> {
    return this.repo.listForUser(userId);
  }

  findActive(sessionId: string): Promise<Session | null> {
    return this.repo.findActive(sessionId);
  }

  /** Ends one session: its refresh tokens stop working and its sockets are closed. */
  async revoke(sessionId: string, reason: string, by: { actorId: string | null; ip: string | null }): Promise<void> {
    const session = await this.dataSource.transaction(async (manager) => {
      const found = await this.repo.findSession(manager, sessionId);
      if (!found || found.revokedAt) return null;
      await this.repo.revoke(manager, sessionId, reason);
      await this.audit.record(
        {
          action: reason === 'refresh_token_reused' ? 'auth.refresh.reused' : 'auth.session.revoked',
          actorId: by.actorId,
          targetType: 'session',
          targetId: sessionId,
          ip: by.ip,
          details: { userId: found.userId, reason },
        },
        manager,
      );
      return found;
    });
    if (session) this.realtime.disconnectUser(session.userId, reason);
  }

  /** Ends every session of a user (password change, disabled account). */
  revokeAllForUser(manager: EntityManager, userId: string, reason: string): Promise<number> {
    return this.repo.revokeAllForUser(manager, userId, reason);
  }
}
