import { inputShapeProblem, MAX_INPUT_DEPTH, MAX_INPUT_FIELDS, MAX_INPUT_VALUES } from './input-shape.js';

describe('the shape every input must have', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

  it('accepts ordinary input up to the depth limit', () => {
    expect(inputShapeProblem({ title: 'Zażółć gęślą jaźń 🇵🇱', items: [{ a: [1, 2] }] })).toBeNull();
    expect(inputShapeProblem(nested(MAX_INPUT_DEPTH))).toBeNull();
  });

  it('names the field nested too deep, or holding a lone surrogate', () => {
    expect(inputShapeProblem(nested(MAX_INPUT_DEPTH + 1))?.reasons[0]).toMatch(/nested/);
    expect(inputShapeProblem(JSON.parse('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)))).not.toBeNull();
    expect(inputShapeProblem({ email: 'a\ud800@x.test' })).toEqual({
      field: 'email',
      reasons: ['is not well-formed Unicode text'],
    });
    expect(inputShapeProblem({ emails: ['ok@x.test', 'b\udc00@x.test'] })?.field).toBe('emails.1');
    expect(inputShapeProblem({ name: 'G\u0000' })).toEqual({ field: 'name', reasons: ['holds a NUL character'] });
    expect(inputShapeProblem({ ['k\ud800']: 1 })?.reasons[0]).toMatch(/key/);
    expect(inputShapeProblem(JSON.parse('{"a":{"__proto__":{"isAdmin":true}}}'))?.field).toBe('a.__proto__');
    expect(inputShapeProblem(JSON.parse('{"constructor":{"prototype":{}}}'))?.field).toBe('constructor');
  });

  it('refuses objects wider and inputs larger than any request, before a validator lists every field', () => {
    const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(inputShapeProblem(wide(MAX_INPUT_FIELDS))).toBeNull();
    expect(inputShapeProblem({ a: wide(MAX_INPUT_FIELDS + 1) })).toEqual({
      field: 'a',
      reasons: [`has more than ${MAX_INPUT_FIELDS} fields`],
    });
    // The largest list a route takes (1,000 devices of 50 people) is far from the bound.
    const devices = Array.from({ length: 1000 }, () => ({ userId: 'u', deviceId: 'd' }));
    expect(inputShapeProblem({ userIds: ['u'], devices })).toBeNull();
    expect(inputShapeProblem({ a: new Array(MAX_INPUT_VALUES).fill(0) })).toEqual({
      field: 'body',
      reasons: [`holds more than ${MAX_INPUT_VALUES} values`],
    });
  });
});
