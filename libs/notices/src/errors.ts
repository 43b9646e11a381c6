import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@liaison/core';

const STATUS = {
  // The code notices had in planning: clients know it.
  item_not_found: HttpStatus.NOT_FOUND,
} as const;

export type NoticesErrorCode = keyof typeof STATUS;

/** The notices context's failures, each with a stable code. */
export class NoticesError extends DomainError {
  constructor(code: NoticesErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
