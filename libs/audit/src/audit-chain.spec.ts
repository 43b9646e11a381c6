import { chainHash, GENESIS_HASH, verifyChain, type ChainedEvent } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

const event = (seq: number, over: Partial<ChainedEvent> = {}): ChainedEvent => ({
  seq,
  at: new Date(Date.UTC(2026, 10, 28, 12, 0, seq)),
  actorId: null,
  action: 'auth.login.succeeded',
  targetType: 'user',
  targetId: `u${seq}`,
  ip: '127.0.0.1',
  details: { device: 'laptop' },
  ...over,
});

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e = event(i + 1);
    const hash = chainHash(prev, e);
    const row = { ...e, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('canonicalJson', () => {
  it('is independent of key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(canonicalJson({ a: { y: 2, x: 1 } })).toBe(canonicalJson({ a: { x: 1, y: 2 } }));
  });

  it('refuses values that JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const rows = chain(5);
    expect(verifyChain(rows)).toEqual({ ok: true, events: 5, head: rows[4].hash });
  });

  it('names the exact sequence number of an edited event', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], details: { device: 'phone' } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3, events: 2 });
  });

  it('detects a deleted event and a reordered one', () => {
    const rows = chain(4);
    expect(verifyChain([rows[0], rows[2], rows[3]])).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verifyChain([rows[1], rows[0]])).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

describe('verifyChain from a position', () => {
  it('resumes a chain verified in batches', () => {
    const rows = chain(6);
    const first = verifyChain(rows.slice(0, 3));
    expect(verifyChain(rows.slice(3), { events: first.events, head: first.head })).toEqual({
      ok: true,
      events: 6,
      head: rows[5].hash,
    });
  });
});
