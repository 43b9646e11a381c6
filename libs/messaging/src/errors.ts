import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';
import { E2eeError } from '@liaison/e2ee';

const STATUS = {
  keys_invalid: HttpStatus.BAD_REQUEST,
  backup_not_found: HttpStatus.NOT_FOUND,
  backup_conflict: HttpStatus.CONFLICT,
  backup_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  thread_not_found: HttpStatus.NOT_FOUND,
  thread_exists: HttpStatus.CONFLICT,
  not_thread_admin: HttpStatus.FORBIDDEN,
  member_not_found: HttpStatus.NOT_FOUND,
  last_admin: HttpStatus.CONFLICT,
  stale_epoch: HttpStatus.CONFLICT,
  message_rejected: HttpStatus.BAD_REQUEST,
  attachment_not_found: HttpStatus.NOT_FOUND,
  attachment_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  attachment_exists: HttpStatus.CONFLICT,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  device_exists: HttpStatus.CONFLICT,
  device_not_found: HttpStatus.NOT_FOUND,
  too_many_devices: HttpStatus.CONFLICT,
  too_many_key_packages: HttpStatus.CONFLICT,
  archive_full: HttpStatus.PAYLOAD_TOO_LARGE,
  too_many_changes: HttpStatus.TOO_MANY_REQUESTS,
} as const;

export type MessagingErrorCode = keyof typeof STATUS;

/** The messaging context's failures, each with a stable code. */
export class MessagingError extends DomainError {
  constructor(code: MessagingErrorCode, message: string, details?: FieldError[], context?: Record<string, unknown>) {
    super(code, message, STATUS[code], details, context);
  }
}

/** A protocol check that failed on the server: the E2EE reason travels as context. */
export const rejected = (code: MessagingErrorCode, err: E2eeError, field: string): MessagingError =>
  new MessagingError(code, err.message, [{ field, reasons: [err.message] }], { reason: err.reason });

/** Runs a protocol check (libs/e2ee); its failure becomes `code`, with the E2EE reason as context. */
export function protocolCheck<T>(code: MessagingErrorCode, field: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof E2eeError) throw rejected(code, err, field);
    throw err;
  }
}
