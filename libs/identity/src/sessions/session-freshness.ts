import { Injectable } from '@nestjs/common';
import {
  type AuthenticatedUser,
  FRESH_AUTHENTICATION_SECONDS,
  FreshAuthentication,
  reauthenticationRequired,
} from '@liaison/core';
import { SessionsRepository } from './sessions.repository.js';

/** Core's FreshAuthentication: reads the caller's session on every call (never cached). */
@Injectable()
export class SessionFreshness extends FreshAuthentication {
  constructor(private readonly sessions: SessionsRepository) {
    super();
  }

  async assertRecent(user: AuthenticatedUser, withinSeconds = FRESH_AUTHENTICATION_SECONDS): Promise<void> {
    if (!user.sessionId) throw reauthenticationRequired();
    if (!(await this.sessions.isFresh(user.sessionId, user.id, withinSeconds))) throw reauthenticationRequired();
  }

  /** Until when the caller's session counts as freshly authenticated, or null (asked before a sensitive change). */
  async freshUntil(user: AuthenticatedUser, withinSeconds = FRESH_AUTHENTICATION_SECONDS): Promise<Date | null> {
    if (!user.sessionId) return null;
    return this.sessions.freshUntil(user.sessionId, user.id, withinSeconds);
  }
}
