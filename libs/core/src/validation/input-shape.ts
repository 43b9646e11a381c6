import type { FieldError } from '../errors/error-body.js';

/** Deeper than any request of the API needs (the deepest DTO nests a few levels). */
export const MAX_INPUT_DEPTH = 32;
/** Wider than any object a request has (the widest DTO has a few dozen fields). */
export const MAX_INPUT_FIELDS = 200;
/** More values (fields and list items) than any request holds (the largest: 1,000 devices of 50 people). */
export const MAX_INPUT_VALUES = 20_000;

/** A lone surrogate: in a `u` pattern a proper pair is one code point, never category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);
/** Keys that reach an object's prototype when merged: refused outright, never dropped silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no route accepts, checked on every parsed body and socket payload before its DTO sees it:
 * nesting deeper than MAX_INPUT_DEPTH (class-transformer and the validators recurse, and a deep
 * enough body overflows the stack), and text that is not well-formed Unicode (a lone surrogate
 * cannot be stored or compared), and the keys `__proto__`, `constructor` and `prototype`. Nor
 * objects wider than MAX_INPUT_FIELDS or inputs of more than MAX_INPUT_VALUES values: the
 * validation pipe would name every unknown field (15,000 fields in a 256 kB body took a second
 * of CPU and answered megabytes). Answers the first problem with its field path, or null. Walks
 * iteratively, so the check itself cannot overflow.
 */
export function inputShapeProblem(input: unknown): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!wellFormed(value)) return { field: path || 'body', reasons: ['is not well-formed Unicode text'] };
      if (value.includes('\u0000')) return { field: path || 'body', reasons: ['holds a NUL character'] };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH)
      return { field: path || 'body', reasons: [`is nested more than ${MAX_INPUT_DEPTH} levels deep`] };
    // Binary (a socket.io attachment) is one value, not a list of bytes.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    const tooMany = { field: 'body', reasons: [`holds more than ${MAX_INPUT_VALUES} values`] };
    if (Array.isArray(value) && values + value.length > MAX_INPUT_VALUES) return tooMany;
    const keys = Object.keys(value);
    if (!Array.isArray(value) && keys.length > MAX_INPUT_FIELDS)
      return { field: path || 'body', reasons: [`has more than ${MAX_INPUT_FIELDS} fields`] };
    values += keys.length;
    if (values > MAX_INPUT_VALUES) return tooMany;
    for (const key of keys) {
      const child = (value as Record<string, unknown>)[key];
      if (!wellFormed(key)) return { field: path || 'body', reasons: ['has a key that is not well-formed Unicode'] };
      if (FORBIDDEN_KEYS.has(key))
        return { field: path ? `${path}.${key}` : key, reasons: ['is not a field of any request'] };
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}
