import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { HotStatements, type Role } from '@liaison/core';
import { RefreshToken, Session } from './session.entity.js';

/** The user behind a live session, as every authenticated request needs it. */
export interface SessionUser {
  id: string;
  email: string;
  roles: Role[];
  organisationId: string | null;
  organisationKind: string | null;
  mfaEnabled: boolean;
}

/** A session as a sign-in opens it. */
export interface NewSession {
  userId: string;
  device: string;
  ip: string | null;
  lastUsedAt: Date;
  expiresAt: Date;
  reauthenticatedAt: Date;
}

/** A spent refresh token: whether it was spent within the grace period, and the successor sealed with it. */
export interface SpentRefreshToken {
  recent: boolean;
  sealed: string | null;
}

/** Sessions (`session`) and their rotating refresh tokens (`refresh_token`), and their freshness. */
@Injectable()
export class SessionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hot: HotStatements,
  ) {}

  /** Stores a new session; returns it with its id. */
  insertSession(m: EntityManager, session: NewSession): Promise<Session> {
    return m.getRepository(Session).save(m.create(Session, session));
  }

  async insertRefreshToken(m: EntityManager, sessionId: string, tokenHash: string): Promise<void> {
    await m.insert(RefreshToken, { sessionId, tokenHash });
  }

  findRefreshToken(m: EntityManager, tokenHash: string): Promise<RefreshToken | null> {
    return m.getRepository(RefreshToken).findOneBy({ tokenHash });
  }

  findSession(m: EntityManager, sessionId: string): Promise<Session | null> {
    return m.getRepository(Session).findOneBy({ id: sessionId });
  }

  /** Marks a refresh token spent; false when it was spent already. */
  async spendRefreshToken(m: EntityManager, tokenId: string): Promise<boolean> {
    const spent = await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ spentAt: () => 'now()' })
      .where('id = :id AND spent_at IS NULL', { id: tokenId })
      .execute();
    return spent.affected === 1;
  }

  /** How a spent refresh token was spent: within the last `graceSeconds`, and its sealed successor. */
  async spentRefreshToken(m: EntityManager, tokenId: string, graceSeconds: number): Promise<SpentRefreshToken> {
    const [row] = (await m.query(
      `SELECT spent_at > now() - make_interval(secs => $2) AS recent, successor_sealed AS sealed
             FROM refresh_token WHERE id = $1`,
      [tokenId, graceSeconds],
    )) as SpentRefreshToken[];
    return row;
  }

  /** Records a session's use: when, and from where. */
  async touch(m: EntityManager, sessionId: string, lastUsedAt: Date, ip: string | null): Promise<void> {
    await m.update(Session, { id: sessionId }, { lastUsedAt, ip });
  }

  /**
   * Seals the successor with the token just spent, and forgets the successors of the session's
   * tokens spent longer than `graceSeconds` ago.
   */
  async sealSuccessor(
    m: EntityManager,
    sessionId: string,
    tokenId: string,
    sealed: string,
    graceSeconds: number,
  ): Promise<void> {
    await m.query(
      `UPDATE refresh_token SET successor_sealed = CASE WHEN id = $2 THEN $3 ELSE NULL END
          WHERE session_id = $1 AND (id = $2 OR (successor_sealed IS NOT NULL AND spent_at < now() - make_interval(secs => $4)))`,
      [sessionId, tokenId, sealed, graceSeconds],
    );
  }

  /**
   * The user behind a live session of an active account, with the session's expiry. Every
   * authenticated request asks this afresh: a prepared statement.
   */
  async activeSessionUser(sessionId: string): Promise<(SessionUser & { expiresAt: Date }) | undefined> {
    const [row] = await this.hot.query<SessionUser & { expiresAt: Date }>(
      'identity.active-session-account',
      `SELECT u.id, u.email, u.roles, u.organisation_id AS "organisationId", o.kind AS "organisationKind",
              u.mfa_enabled_at IS NOT NULL AS "mfaEnabled", s.expires_at AS "expiresAt"
         FROM session s JOIN user_account u ON u.id = s.user_id LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`,
      [sessionId],
    );
    return row;
  }

  /** A user's sessions that are not revoked, most recently used first. */
  listForUser(userId: string): Promise<Session[]> {
    return this.dataSource.getRepository(Session).find({
      where: { userId, revokedAt: IsNull() },
      order: { lastUsedAt: 'DESC' },
    });
  }

  /** The session unless revoked. */
  findActive(sessionId: string): Promise<Session | null> {
    return this.dataSource.getRepository(Session).findOneBy({ id: sessionId, revokedAt: IsNull() });
  }

  async revoke(m: EntityManager, sessionId: string, reason: string): Promise<void> {
    await m.update(Session, { id: sessionId }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Revokes every live session of a user; returns how many. */
  async revokeAllForUser(m: EntityManager, userId: string, reason: string): Promise<number> {
    const result = await m
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  /** Marks a live session of this user freshly authenticated; returns when, or undefined for no such session. */
  async markReauthenticated(sessionId: string, userId: string): Promise<Date | undefined> {
    const rows = (await this.dataSource.query(
      `UPDATE session SET reauthenticated_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
       RETURNING reauthenticated_at`,
      [sessionId, userId],
    )) as [{ reauthenticated_at: Date }[], number];
    return rows[0][0]?.reauthenticated_at;
  }

  /** Whether this live session of this user was authenticated within the last `withinSeconds`. */
  async isFresh(sessionId: string, userId: string, withinSeconds: number): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM session WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
         AND reauthenticated_at > now() - make_interval(secs => $3)`,
      [sessionId, userId, withinSeconds],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Until when this live session of this user counts as freshly authenticated, or null. */
  async freshUntil(sessionId: string, userId: string, withinSeconds: number): Promise<Date | null> {
    const rows = (await this.dataSource.query(
      `SELECT reauthenticated_at + make_interval(secs => $3) AS until FROM session
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
          AND reauthenticated_at > now() - make_interval(secs => $3)`,
      [sessionId, userId, withinSeconds],
    )) as { until: Date }[];
    return rows[0]?.until ?? null;
  }
}
