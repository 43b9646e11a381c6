import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { HotStatements, RealtimePublisher, type Role } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { KeyedHash, randomToken } from '../tokens/keyed-hash.js';
import { User } from '../users/user.entity.js';
import { SessionChecks } from './session-checks.js';
import { RefreshToken, Session } from './session.entity.js';

const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
const IDLE_LIMIT_MS = 14 * 24 * 3600 * 1000;
/** The user behind a live session, as every authenticated request needs it. */
export interface SessionUser {
  id: string;
  email: string;
  roles: Role[];
  organisationId: string | null;
  organisationKind: string | null;
  mfaEnabled: boolean;
}

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
    private readonly hot: HotStatements,
    private readonly checks: SessionChecks,
  ) {}

  /** Opens a session for a user who has fully signed in; returns its first refresh token. */
  async open(
    manager: EntityManager,
    userId: string,
    origin: RequestOrigin,
  ): Promise<{ session: Session; refreshToken: string }> {
    const now = new Date();
    const session = await manager.getRepository(Session).save(
      manager.create(Session, {
        userId,
        device: origin.device.slice(0, 200),
        ip: origin.ip,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
        // Signing in proved the password (and the second factor): the session starts fresh.
        reauthenticatedAt: now,
      }),
    );
    const refreshToken = await this.issueRefreshToken(manager, session.id);
    return { session, refreshToken };
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomToken();
    await manager.insert(RefreshToken, { sessionId, tokenHash: this.keyed.hash('refresh', token) });
    return token;
  }

  /**
   * Exchanges a refresh token for a new one. A token that was already spent means it was stolen
   * (or replayed): the whole session is revoked and the event audited.
   */
  async rotate(token: string, origin: RequestOrigin): Promise<{ session: Session; user: User; refreshToken: string }> {
    const tokenHash = this.keyed.hash('refresh', token);
    const result = await this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(RefreshToken).findOneBy({ tokenHash });
      if (!row) return { kind: 'unknown' as const };
      const session = await manager.getRepository(Session).findOneBy({ id: row.sessionId });
      if (!session) return { kind: 'unknown' as const };
      const spent = await manager
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ spentAt: () => 'now()' })
        .where('id = :id AND spent_at IS NULL', { id: row.id })
        .execute();
      let successor: string | null = null;
      if (spent.affected !== 1) {
        // Spent already: by a racing tab a moment ago (it gets the same successor), or stolen.
        const [{ recent, sealed }] = (await manager.query(
          `SELECT spent_at > now() - make_interval(secs => $2) AS recent, successor_sealed AS sealed
             FROM refresh_token WHERE id = $1`,
          [row.id, REUSE_GRACE_SECONDS],
        )) as { recent: boolean; sealed: string | null }[];
        if (!recent || !sealed) return { kind: 'reused' as const, session };
        const kept = this.openSuccessor(sealed);
        if (!kept || !this.keyed.equals(kept.client, this.clientOf(origin)))
          return { kind: 'reused' as const, session };
        successor = kept.token;
      }
      const now = Date.now();
      const user = await manager.getRepository(User).findOneBy({ id: session.userId });
      if (
        session.revokedAt ||
        session.expiresAt.getTime() < now ||
        session.lastUsedAt.getTime() + IDLE_LIMIT_MS < now ||
        !user ||
        user.status !== 'active'
      ) {
        return { kind: 'invalid' as const };
      }
      await manager.update(Session, { id: session.id }, { lastUsedAt: new Date(now), ip: origin.ip });
      if (successor) return { kind: 'ok' as const, session, user, refreshToken: successor };
      const refreshToken = await this.issueRefreshToken(manager, session.id);
      await manager.query(
        `UPDATE refresh_token SET successor_sealed = CASE WHEN id = $2 THEN $3 ELSE NULL END
          WHERE session_id = $1 AND (id = $2 OR (successor_sealed IS NOT NULL AND spent_at < now() - make_interval(secs => $4)))`,
        [
          session.id,
          row.id,
          this.keyed.seal(
            JSON.stringify({ token: refreshToken, client: this.clientOf(origin) } satisfies SealedSuccessor),
          ),
          REUSE_GRACE_SECONDS,
        ],
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

  /** The user behind a live session of an active account, with current roles; null otherwise. */
  async activeSessionUser(sessionId: string): Promise<SessionUser | null> {
    const known = this.checks.get(sessionId);
    if (known) return known;
    const mark = this.checks.mark();
    // Every authenticated request asks this unless just asked: a prepared statement.
    const [row] = await this.hot.query<SessionUser & { expiresAt: Date }>(
      'identity.active-session-user',
      `SELECT u.id, u.email, u.roles, u.organisation_id AS "organisationId", o.kind AS "organisationKind",
              u.mfa_enabled_at IS NOT NULL AS "mfaEnabled", s.expires_at AS "expiresAt"
         FROM session s JOIN user_account u ON u.id = s.user_id LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
      [sessionId],
    );
    if (!row) return null;
    const { expiresAt, ...user } = row;
    this.checks.set(sessionId, user, expiresAt, mark);
    return user;
  }

  listForUser(userId: string): Promise<Session[]> {
    return this.dataSource.getRepository(Session).find({
      where: { userId, revokedAt: IsNull() },
      order: { lastUsedAt: 'DESC' },
    });
  }

  findActive(sessionId: string): Promise<Session | null> {
    return this.dataSource.getRepository(Session).findOneBy({ id: sessionId, revokedAt: IsNull() });
  }

  /** Ends one session: its refresh tokens stop working and its sockets are closed. */
  async revoke(sessionId: string, reason: string, by: { actorId: string | null; ip: string | null }): Promise<void> {
    const session = await this.dataSource.transaction(async (manager) => {
      const found = await manager.getRepository(Session).findOneBy({ id: sessionId });
      if (!found || found.revokedAt) return null;
      await manager.update(Session, { id: sessionId }, { revokedAt: new Date(), revokedReason: reason });
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
  async revokeAllForUser(manager: EntityManager, userId: string, reason: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }
}
