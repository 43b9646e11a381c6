import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';

export type IdentityErrorCode =
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'invalid_code'
  | 'mfa_token_expired'
  | 'mfa_not_pending'
  | 'session_invalid'
  | 'csrf_failed'
  | 'invitation_not_found'
  | 'invitation_expired'
  | 'invitation_used'
  | 'user_exists'
  | 'invitation_pending'
  | 'forbidden_organisation'
  | 'unknown_organisation'
  | 'forbidden_role'
  | 'user_not_found'
  | 'session_not_found'
  | 'weak_password'
  | 'wrong_password';

const STATUS: Record<IdentityErrorCode, number> = {
  invalid_credentials: HttpStatus.UNAUTHORIZED,
  too_many_attempts: HttpStatus.TOO_MANY_REQUESTS,
  invalid_code: HttpStatus.UNAUTHORIZED,
  mfa_token_expired: HttpStatus.UNAUTHORIZED,
  mfa_not_pending: HttpStatus.CONFLICT,
  session_invalid: HttpStatus.UNAUTHORIZED,
  csrf_failed: HttpStatus.FORBIDDEN,
  invitation_not_found: HttpStatus.NOT_FOUND,
  invitation_expired: HttpStatus.GONE,
  invitation_used: HttpStatus.GONE,
  user_exists: HttpStatus.CONFLICT,
  invitation_pending: HttpStatus.CONFLICT,
  forbidden_organisation: HttpStatus.FORBIDDEN,
  unknown_organisation: HttpStatus.BAD_REQUEST,
  forbidden_role: HttpStatus.FORBIDDEN,
  user_not_found: HttpStatus.NOT_FOUND,
  session_not_found: HttpStatus.NOT_FOUND,
  weak_password: HttpStatus.BAD_REQUEST,
  wrong_password: HttpStatus.BAD_REQUEST,
};

/** Identity's failures, each with a stable code the client can translate. */
export class IdentityError extends DomainError {
  constructor(code: IdentityErrorCode, message: string, details?: FieldError[], status = STATUS[code]) {
    super(code, message, status, details);
  }
}
