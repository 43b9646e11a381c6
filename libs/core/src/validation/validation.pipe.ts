import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
import { inputShapeProblem } from './input-shape.js';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
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

/** The one validation pipe: unknown fields are errors, payloads become typed DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInputError(flattenValidationErrors(errors)),
  });
}

let payloadPipe: ValidationPipe | undefined;

type Check = <T extends object>(payload: Record<string, unknown>) => T | undefined;
const checks = new Map<unknown, Check | null>();

/**
 * A check of a flat DTO class made once from its own decorators: the same constraint objects
 * the validation pipe calls, without its per-call metadata lookups, class-transformer pass and
 * error objects. It answers the DTO instance when every constraint holds and nothing else is in
 * the payload, and undefined otherwise (the pipe then validates it and says what is wrong). Only
 * classes the pipe would merely copy are made one: no nested, asynchronous, grouped or
 * per-element validation and no class-transformer metadata (a `@Type` converts, say); null for
 * the others. Nor are classes with exposed or excluded fields, accessors or methods under a field's
 * name, which class-transformer treats in its own ways.
 */
export function compiledCheck(type: new () => object): Check | null {
  if (checks.has(type)) return checks.get(type)!;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  const properties = new Map<string, typeof metadatas>();
  for (const m of metadatas) properties.set(m.propertyName, [...(properties.get(m.propertyName) ?? []), m]);
  const sample = new type() as Record<string, unknown>;
  const plainField = (p: string) => {
    for (let o: object | null = type.prototype as object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, p);
      if (d && (d.get || d.set || typeof d.value === 'function')) return false;
    }
    return typeof sample[p] !== 'function';
  };
  const simple =
    metadatas.length > 0 &&
    defaultMetadataStorage.getStrategy(type) === 'none' &&
    defaultMetadataStorage.getExposedMetadatas(type).length === 0 &&
    defaultMetadataStorage.getExcludedMetadatas(type).length === 0 &&
    [...properties.keys()].every(plainField) &&
    metadatas.every(
      (m) =>
        !m.each &&
        !m.always &&
        !m.groups?.length &&
        [
          ValidationTypes.CUSTOM_VALIDATION,
          ValidationTypes.IS_DEFINED,
          ValidationTypes.CONDITIONAL_VALIDATION,
          ValidationTypes.WHITELIST,
        ].includes(m.type),
    ) &&
    [...properties.keys()].every(
      (p) =>
        !defaultMetadataStorage.findTypeMetadata(type, p) &&
        !defaultMetadataStorage.findExposeMetadata(type, p) &&
        !defaultMetadataStorage.findExcludeMetadata(type, p) &&
        defaultMetadataStorage.findTransformMetadatas(type, p, TransformationType.PLAIN_TO_CLASS).length === 0,
    );
  const compiled = simple
    ? [...properties].map(([property, ms]) => ({
        property,
        conditions: ms
          .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
          .map((m) => m.constraints[0] as (object: object, value: unknown) => boolean),
        // In the pipe's order: whether it is defined first, then the rest.
        constraints: [ValidationTypes.IS_DEFINED, ValidationTypes.CUSTOM_VALIDATION].flatMap((kind) =>
          ms
            .filter((m) => m.type === kind)
            .flatMap((m) =>
              storage.getTargetValidatorConstraints(m.constraintCls).map((c) => ({
                async: c.async,
                validate: (value: unknown, args: ValidationArguments) => c.instance.validate(value, args),
                constraints: m.constraints,
                validateIf: m.validateIf,
              })),
            ),
        ),
      }))
    : null;
  const check: Check | null =
    compiled && compiled.every((p) => p.constraints.every((c) => !c.async))
      ? <T extends object>(payload: Record<string, unknown>): T | undefined => {
          for (const key of Object.keys(payload)) {
            const value = payload[key];
            // The pipe deep-copies objects through class-transformer; those take its path.
            if (!properties.has(key) || (typeof value === 'object' && value !== null)) return undefined;
          }
          const object = Object.assign(new type(), payload) as Record<string, unknown>;
          // The pipe's whitelist looks at the instance: a field initialised without a decorator counts too.
          for (const key of Object.keys(object)) if (!properties.has(key)) return undefined;
          for (const { property, conditions, constraints } of compiled) {
            const value = object[property];
            if (!conditions.every((c) => c(object, value))) continue;
            for (const c of constraints) {
              const args = { targetName: type.name, property, object, value, constraints: c.constraints };
              if (c.validateIf && !c.validateIf(object, value)) continue;
              if (c.validate(value, args) !== true) return undefined;
            }
          }
          return object as T;
        }
      : null;
  checks.set(type, check);
  return check;
}

/** Validates a payload that did not come through HTTP (a socket event) with the same rules. */
export async function validatePayload<T extends object>(type: new () => T, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || ArrayBuffer.isView(payload))
    throw new InvalidInputError([{ field: 'payload', reasons: ['must be an object'] }]);
  const problem = inputShapeProblem(payload);
  if (problem) throw new InvalidInputError([problem]);
  // Most payloads are well formed: checked by the class's compiled check, else by the pipe.
  const valid = compiledCheck(type)?.<T>(payload as Record<string, unknown>);
  if (valid) return valid;
  payloadPipe ??= createValidationPipe();
  return (await payloadPipe.transform(payload, { type: 'body', metatype: type })) as T;
}
