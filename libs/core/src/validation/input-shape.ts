import type { FieldError } from '../errors/error-body.js';

/** Deeper than any request of the API needs (the deepest DTO nests a few levels). */
export const MAX_INPUT_DEPTH = 32;

/** A lone surrogate: in a `u` pattern a proper pair is one code point, never category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);
/** Keys that reach an object's prototype when merged: refused outright, never dropped silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no route accepts, checked on every parsed body and socket payload before its DTO sees it:
 * nesting deeper than MAX_INPUT_DEPTH (class-transformer and the validators recurse, and a deep
 * enough body overflows the stack), and text that is not well-formed Unicode (a lone surrogate
 * cannot be stored or compared), and the keys `__proto__`, `constructor` and `prototype`. Answers the first problem with its field path, or null. Walks
 * iteratively, so the check itself cannot overflow.
 */
export function inputShapeProblem(input: unknown): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
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
    for (const [key, child] of Object.entries(value)) {
      if (!wellFormed(key)) return { field: path || 'body', reasons: ['has a key that is not well-formed Unicode'] };
      if (FORBIDDEN_KEYS.has(key))
        return { field: path ? `${path}.${key}` : key, reasons: ['is not a field of any request'] };
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}
