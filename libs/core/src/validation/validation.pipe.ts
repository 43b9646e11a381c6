import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError, type FieldError } from '../errors/error-body.js';

/** Flattens class-validator's tree into `field.path: reasons`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, reasons: Object.values(error.constraints).map((r) => r.replace(/^property /, '')) }]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

const QUERIES_KEPT = 1000;

/** Freezes an object and everything in it (a validated query handed to several requests). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Query strings repeat (a search typed again, a page reloaded, polling): a query that passed is
 * kept, frozen, per DTO class and exact parameters, and handed out again without validating it
 * afresh (about a tenth of a cached search's CPU). Bodies and failures are always validated.
 */
class ValidationPipeKeepingQueries extends ValidationPipe {
  private readonly queries = new Map<unknown, Map<string, unknown>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (metadata.type !== 'query' || !type || typeof value !== 'object' || value === null)
      return super.transform(value, metadata);
    const key = JSON.stringify(value);
    let kept = this.queries.get(type);
    if (!kept) this.queries.set(type, (kept = new Map()));
    const known = kept.get(key);
    if (known !== undefined) return known;
    const valid = deepFreeze(await super.transform(value, metadata));
    if (kept.size >= QUERIES_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, valid);
    return valid;
  }
}

/** The one validation pipe: unknown fields are errors, payloads become typed DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipeKeepingQueries({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInputError(flattenValidationErrors(errors)),
  });
}

let payloadPipe: ValidationPipe | undefined;

/** Validates a payload that did not come through HTTP (a socket event) with the same rules. */
export async function validatePayload<T extends object>(type: new () => T, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new InvalidInputError([{ field: 'payload', reasons: ['must be an object'] }]);
  payloadPipe ??= createValidationPipe();
  return (await payloadPipe.transform(payload, { type: 'body', metatype: type })) as T;
}
