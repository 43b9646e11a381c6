import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';

const STATUS = {
  announcement_not_found: HttpStatus.NOT_FOUND,
  event_not_found: HttpStatus.NOT_FOUND,
  not_allowed: HttpStatus.FORBIDDEN,
  invalid_announcement: HttpStatus.BAD_REQUEST,
  invalid_audience: HttpStatus.BAD_REQUEST,
  invalid_event: HttpStatus.BAD_REQUEST,
  invalid_rsvp: HttpStatus.BAD_REQUEST,
  audience_empty: HttpStatus.UNPROCESSABLE_ENTITY,
  invalid_state: HttpStatus.CONFLICT,
  stale_version: HttpStatus.CONFLICT,
  rsvp_closed: HttpStatus.CONFLICT,
  seats_exceeded: HttpStatus.CONFLICT,
} as const;

export type OutreachErrorCode = keyof typeof STATUS;

/** The outreach context's failures, each with a stable code. */
export class OutreachError extends DomainError {
  constructor(code: OutreachErrorCode, message: string, details?: FieldError[], context?: Record<string, unknown>) {
    super(code, message, STATUS[code], details, context);
  }
}

/** One field's reason as a 400 of the given code. */
export const invalid = (
  code: 'invalid_announcement' | 'invalid_audience' | 'invalid_event' | 'invalid_rsvp',
  field: string,
  reason: string,
): OutreachError => new OutreachError(code, reason, [{ field, reasons: [reason] }]);
