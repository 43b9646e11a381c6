import { HttpStatus } from '@nestjs/common';
import { DomainError, type FieldError } from '@liaison/core';

const STATUS = {
  group_not_found: HttpStatus.NOT_FOUND,
  plan_not_found: HttpStatus.NOT_FOUND,
  item_not_found: HttpStatus.NOT_FOUND,
  not_allowed: HttpStatus.FORBIDDEN,
  invalid_group: HttpStatus.BAD_REQUEST,
  invalid_plan: HttpStatus.BAD_REQUEST,
  invalid_item: HttpStatus.BAD_REQUEST,
  invalid_transition: HttpStatus.BAD_REQUEST,
  dependency_cycle: HttpStatus.BAD_REQUEST,
  last_chair: HttpStatus.CONFLICT,
  duplicate_reference: HttpStatus.CONFLICT,
  stale_version: HttpStatus.CONFLICT,
} as const;

export type PlanningErrorCode = keyof typeof STATUS;

/** The planning context's failures, each with a stable code. */
export class PlanningError extends DomainError {
  constructor(code: PlanningErrorCode, message: string, details?: FieldError[], context?: Record<string, unknown>) {
    super(code, message, STATUS[code], details, context);
  }
}

/** One field's reason as a 400 of the given code. */
export const invalid = (
  code: 'invalid_group' | 'invalid_plan' | 'invalid_item',
  field: string,
  reason: string,
): PlanningError => new PlanningError(code, reason, [{ field, reasons: [reason] }]);
