import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, RequestAuthenticator } from '@liaison/core';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { SessionsService } from './sessions.service.js';

/** Core's authentication port: a valid access token of a live session of an active user. */
@Injectable()
export class IdentityAuthenticator extends RequestAuthenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaPolicy,
  ) {
    super();
  }

  async authenticateToken(token: string): Promise<AuthenticatedUser | null> {
    const claims = await this.tokens.verify(token);
    if (!claims) return null;
    // Roles and MFA state come from the database, so changes apply at the next request.
    const user = await this.sessions.activeSessionUser(claims.sid);
    if (!user || user.id !== claims.sub) return null;
    return {
      id: user.id,
      email: user.email,
      roles: user.roles,
      organisationId: user.organisationId,
      organisationKind: user.organisationKind,
      sessionId: claims.sid,
      expiresAt: new Date(claims.exp * 1000),
      mfaEnrollmentRequired: !user.mfaEnabled && this.mfa.requiresMfa(user),
    };
  }
}
