import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One field's problems, as reported in a 400's `details`. */
export interface FieldError {
  field: string;
  reasons: string[];
}

/** The only error shape Liaison's API ever answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldError[];
  code?: string;
  /** Facts the caller needs to recover, such as the current epoch after a stale one. */
  context?: Record<string, unknown>;
  requestId?: string;
}

/**
 * A domain failure with a stable code. Each context extends this with its own codes; the
 * global filter maps it to the HTTP status it carries.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = HttpStatus.BAD_REQUEST,
    readonly details?: FieldError[],
    readonly context?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input with field-level reasons. */
export class InvalidInputError extends DomainError {
  constructor(details: FieldError[], message = 'The request has invalid fields.') {
    super('invalid_input', message, HttpStatus.BAD_REQUEST, details);
  }
}

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';

/** Turns anything thrown into the public error shape; unknown errors become an opaque 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      error: reason(exception.status),
      message: exception.message,
      code: exception.code,
      ...(exception.details ? { details: exception.details } : {}),
      ...(exception.context ? { context: exception.context } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const message = Array.isArray(body.message)
      ? body.message.join('; ')
      : typeof body.message === 'string'
        ? body.message
        : typeof response === 'string'
          ? response
          : exception.message;
    return {
      statusCode: status,
      error: reason(status),
      message,
      ...(Array.isArray(body.details) ? { details: body.details as FieldError[] } : {}),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
    };
  }
  // body-parser and other connect middleware signal client errors with `status`/`type`.
  const candidate = exception as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown };
  const status = Number(candidate?.status ?? candidate?.statusCode);
  if (status >= 400 && status < 500) {
    const messages: Record<string, string> = {
      'entity.parse.failed': 'The request body is not valid JSON.',
      'entity.too.large': 'The request body is too large.',
      'encoding.unsupported': 'The request body encoding is not supported.',
      'charset.unsupported': 'The request body charset is not supported.',
    };
    return {
      statusCode: status,
      error: reason(status),
      message: messages[String(candidate.type)] ?? reason(status),
    };
  }
  if (isSaturated(exception))
    return {
      statusCode: 503,
      error: reason(503),
      code: 'busy',
      message: 'Liaison is busy. Try again in a moment.',
      details: [{ field: 'retryAfterSeconds', reasons: ['1'] }],
    };
  return { statusCode: 500, error: reason(500), message: 'Something went wrong on our side. Try again later.' };
}

/** PostgreSQL's codes for "no connection for you now": too many clients, starting or shutting down. */
const SATURATED_CODES = new Set(['53300', '57P03']);

/**
 * The database is saturated, not broken: the pool waited too long for a free connection, or the
 * server refused a new one. The request did nothing; the client may retry (503, Retry-After).
 */
function isSaturated(exception: unknown): boolean {
  const err = exception as { message?: unknown; code?: unknown } | null;
  return (
    (typeof err?.code === 'string' && SATURATED_CODES.has(err.code)) ||
    err?.message === 'timeout exceeded when trying to connect'
  );
}
