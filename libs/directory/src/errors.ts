import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';

const STATUS = {
  organisation_not_found: HttpStatus.NOT_FOUND,
  unknown_country: HttpStatus.BAD_REQUEST,
  unknown_parent: HttpStatus.BAD_REQUEST,
  parent_cycle: HttpStatus.BAD_REQUEST,
  mandate_exists: HttpStatus.CONFLICT,
  mandate_not_found: HttpStatus.NOT_FOUND,
  contact_not_found: HttpStatus.NOT_FOUND,
  invalid_contact: HttpStatus.BAD_REQUEST,
  duplicate_contact: HttpStatus.CONFLICT,
  address_unavailable: HttpStatus.CONFLICT,
  stale_version: HttpStatus.CONFLICT,
  not_allowed: HttpStatus.FORBIDDEN,
  designation_not_found: HttpStatus.NOT_FOUND,
  invalid_designation: HttpStatus.BAD_REQUEST,
  designation_overlap: HttpStatus.CONFLICT,
  designation_not_pending: HttpStatus.CONFLICT,
  confirmation_link_invalid: HttpStatus.NOT_FOUND,
  confirmation_answered: HttpStatus.CONFLICT,
  invalid_csv: HttpStatus.BAD_REQUEST,
  csv_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
} as const;

export type DirectoryErrorCode = keyof typeof STATUS;

/** The directory's failures, each with a stable code. */
export class DirectoryError extends DomainError {
  constructor(code: DirectoryErrorCode, message: string, details?: FieldError[], context?: Record<string, unknown>) {
    super(code, message, STATUS[code], details, context);
  }
}

/** Bad field values of a contact, all at once. */
export function invalidContact(details: FieldError[]): DirectoryError {
  return new DirectoryError('invalid_contact', 'The contact has invalid fields.', details);
}
