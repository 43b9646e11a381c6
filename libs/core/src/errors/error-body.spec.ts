import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DomainError, InvalidInputError, toErrorBody } from './error-body.js';

describe('toErrorBody', () => {
  it('maps a domain error to its status and code', () => {
    class PlanError extends DomainError {}
    expect(toErrorBody(new PlanError('cycle', 'Dependencies may not form a cycle.', 409))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Dependencies may not form a cycle.',
      code: 'cycle',
    });
  });

  it('keeps field-level details of invalid input', () => {
    const body = toErrorBody(new InvalidInputError([{ field: 'email', reasons: ['must be an email'] }]));
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'invalid_input',
      details: [{ field: 'email', reasons: ['must be an email'] }],
    });
  });

  it('keeps Nest HTTP exceptions and their messages', () => {
    expect(toErrorBody(new ForbiddenException('Only the secretariat may do this.'))).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Only the secretariat may do this.',
    });
    expect(toErrorBody(new NotFoundException()).statusCode).toBe(404);
    expect(toErrorBody(new BadRequestException(['a', 'b'])).message).toBe('a; b');
  });

  it('never reveals the message of an unexpected error', () => {
    const body = toErrorBody(new Error('connection to 10.0.0.5 failed: password=secret'));
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Try again later.',
    });
  });

  it('answers 503 with a retry hint when the database is saturated, never a 500', () => {
    const busy = {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'busy',
      message: 'Liaison is busy. Try again in a moment.',
      details: [{ field: 'retryAfterSeconds', reasons: ['1'] }],
    };
    // pg-pool gave up waiting for a free connection; PostgreSQL refused more connections.
    expect(toErrorBody(new Error('timeout exceeded when trying to connect'))).toEqual(busy);
    expect(toErrorBody(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toEqual(busy);
    expect(toErrorBody(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toEqual(
      busy,
    );
    // Any other database error stays an opaque 500.
    expect(toErrorBody(Object.assign(new Error('syntax error'), { code: '42601' })).statusCode).toBe(500);
  });

  it('reads client errors raised by body parsing', () => {
    expect(toErrorBody(Object.assign(new Error('x'), { status: 413, type: 'entity.too.large' }))).toMatchObject({
      statusCode: 413,
      message: 'The request body is too large.',
    });
  });
});
