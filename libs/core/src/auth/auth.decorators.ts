import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'liaison:isPublic';
export const ALLOW_MFA_ENROLLMENT_KEY = 'liaison:allowDuringMfaEnrollment';

/**
 * Keeps a route open to a user who must still enrol MFA (the enrolment routes themselves, who
 * am I, sign out). Every other route answers 403 `mfa_enrollment_required` to such a user.
 */
export const AllowDuringMfaEnrollment = () => SetMetadata(ALLOW_MFA_ENROLLMENT_KEY, true);

/** Opens a route to callers without a session. Every other route requires one. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

export const ROLES_KEY = 'liaison:roles';

/** Network-wide roles (DOMAIN.md). */
export type Role = 'secretariat' | 'org_admin' | 'member';

/** Restricts a route to callers holding at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Who is calling, as established by the identity context. */
export interface AuthenticatedUser {
  id: string;
  /** The sign-in address (lower case), when the authenticator knows it. */
  email?: string;
  roles: string[];
  organisationId?: string | null;
  /** The kind of the user's organisation in the directory, when the authenticator knows it. */
  organisationKind?: string | null;
  sessionId?: string;
  /** When the credential that authenticated this user expires. */
  expiresAt?: Date;
  /** The user must enrol MFA before using anything else. */
  mfaEnrollmentRequired?: boolean;
}

/**
 * Port the identity context implements: turns an access token (HTTP bearer or socket.io
 * handshake) into a user, or null. Core only knows the port, so contexts never depend on
 * identity's internals.
 */
export abstract class RequestAuthenticator {
  abstract authenticateToken(token: string): Promise<AuthenticatedUser | null>;
}

/** The bearer token of an HTTP request, if any. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | null {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer ([A-Za-z0-9._~+/-]+=*)$/);
  return match ? match[1] : null;
}

/** The caller of the current route (set by the global guard). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  return request.user;
});
