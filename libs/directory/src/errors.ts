import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';

export type DirectoryErrorCode =
  | 'organisation_not_found'
  | 'unknown_country'
  | 'unknown_parent'
  | 'parent_cycle'
  | 'mandate_exists'
  | 'mandate_not_found';

const STATUS: Record<DirectoryErrorCode, number> = {
  organisation_not_found: HttpStatus.NOT_FOUND,
  unknown_country: HttpStatus.BAD_REQUEST,
  unknown_parent: HttpStatus.BAD_REQUEST,
  parent_cycle: HttpStatus.BAD_REQUEST,
  mandate_exists: HttpStatus.CONFLICT,
  mandate_not_found: HttpStatus.NOT_FOUND,
};

/** The directory's failures, each with a stable code. */
export class DirectoryError extends DomainError {
  constructor(code: DirectoryErrorCode, message: string, details?: FieldError[]) {
    super(code, message, STATUS[code], details);
  }
}
