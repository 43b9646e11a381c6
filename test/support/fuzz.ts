import fc from 'fast-check';

/** Odd text: lone surrogates, controls, long, numeric-looking, e-mail-looking, prototype names. */
export const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '1e20', '-1', '1e9', 'NaN', 'Infinity', '0x10', 'a\ud800@x.test', 'x'.repeat(70_000)),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'true',
    'null',
    '2026-02-30T25:61',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.emailAddress(),
  fc.uuid(),
);

export const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e20, -1e20, Number.MAX_SAFE_INTEGER + 2),
);

/** Any JSON-like value built of odd strings and numbers, nested a few levels. */
export const oddValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    oddString,
    oddNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(oddString, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

/** Text at the edges of Unicode and of the sizes a socket frame carries (under its 1 MB bound). */
export const edgeString = fc.oneof(
  fc.constantFrom(
    '\ud800',
    '\udfff',
    'a\udc00b',
    '\u0000',
    'a\u0000b',
    '\u0000'.repeat(1000),
    '\ufeff',
    '\u202e',
    '\uffff',
    'e\u0301',
    '👩‍👩‍👧',
    '%00',
    '\\u0000',
    ' '.repeat(300),
  ),
  fc.constantFrom('x'.repeat(300_000), 'é'.repeat(200_000), 'A'.repeat(350_001)),
);

/** Keys that reach or shadow what every object inherits. */
export const prototypeKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
  'then',
  'toJSON',
);

/** An object whose own keys include a prototype name (as JSON.parse makes it, own property and all). */
export const withPrototypeKey = fc
  .tuple(prototypeKey, oddValue)
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`) as unknown);

/**
 * Nested far deeper than any input of the API: objects, arrays and both mixed (as deep as a
 * socket.io client still encodes; deeper input is sent as raw frames).
 */
export const deeplyNested = fc.constantFrom<unknown>(
  JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60)),
  JSON.parse('['.repeat(1000) + ']'.repeat(1000)),
  JSON.parse('{"a":['.repeat(400) + '{}' + ']}'.repeat(400)),
);
