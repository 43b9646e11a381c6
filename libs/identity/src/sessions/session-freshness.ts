import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthenticatedUser,
  FRESH_AUTHENTICATION_SECONDS,
  FreshAuthentication,
  reauthenticationRequired,
} from '@liaison/core';

/** Core's FreshAuthentication: reads the caller's session on every call (never cached). */
@Injectable()
export class SessionFreshness extends FreshAuthentication {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async assertRecent(user: AuthenticatedUser, withinSeconds = FRESH_AUTHENTICATION_SECONDS): Promise<void> {
    if (!user.sessionId) throw reauthenticationRequired();
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM session WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
         AND reauthenticated_at > now() - make_interval(secs => $3)`,
      [user.sessionId, user.id, withinSeconds],
    )) as unknown[];
    if (rows.length === 0) throw reauthenticationRequired();
  }

  /** Until when the caller's session counts as freshly authenticated, or null (asked before a sensitive change). */
  async freshUntil(user: AuthenticatedUser, withinSeconds = FRESH_AUTHENTICATION_SECONDS): Promise<Date | null> {
    if (!user.sessionId) return null;
    const rows = (await this.dataSource.query(
      `SELECT reauthenticated_at + make_interval(secs => $3) AS until FROM session
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
          AND reauthenticated_at > now() - make_interval(secs => $3)`,
      [user.sessionId, user.id, withinSeconds],
    )) as { until: Date }[];
    return rows[0]?.until ?? null;
  }
}
