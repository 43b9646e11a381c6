import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../errors/error-body.js';
import type { AuthenticatedUser } from './auth.decorators.js';

/** How long a re-authentication counts as fresh (OWASP ASVS 7.5: sensitive changes ask again). */
export const FRESH_AUTHENTICATION_SECONDS = 300;

/**
 * Port the identity context implements: whether the caller's session proved the password (and
 * the second factor, where enrolled) again within the last minutes. Sensitive changes in any
 * context (an identity key reset, a second factor) ask it; it is read fresh on every call.
 */
export abstract class FreshAuthentication {
  /** Throws a 403 `reauthentication_required` unless the caller's session re-authenticated recently. */
  abstract assertRecent(user: AuthenticatedUser, withinSeconds?: number): Promise<void>;
}

export const reauthenticationRequired = (): DomainError =>
  new DomainError(
    'reauthentication_required',
    'Confirm it is you: enter your password (and your authenticator code) again.',
    HttpStatus.FORBIDDEN,
  );
