import { type AuditEventContent, GENESIS_HASH, sealEvent, verifyChain } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

const event = (seq: number, over: Partial<AuditEventContent> = {}): AuditEventContent => ({
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
    const row = sealEvent(prev, event(i + 1));
    prev = row.hash;
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
    expect(verifyChain(rows)).toEqual({ ok: true, events: 5, head: rows[4].hash, redacted: 0 });
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
      redacted: 0,
    });
  });
});

describe('personal fields under an erasure', () => {
  it('keeps the chain intact when an erasure replaced an event’s address and details', () => {
    const rows = chain(4);
    rows[1] = { ...rows[1], ip: null, details: { device: '∅ 7KQ2F' }, salt: null, redactedBy: 4 };
    expect(verifyChain(rows)).toMatchObject({ ok: true, events: 4, redacted: 1 });
  });

  it('refuses details changed without the mark of an erasure', () => {
    const rows = chain(3);
    rows[1] = { ...rows[1], details: { device: 'phone' } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 2 });
    const unsalted = chain(3);
    unsalted[1] = { ...unsalted[1], salt: null, details: {} };
    expect(verifyChain(unsalted)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('refuses a redaction that names an earlier event as its erasure', () => {
    const rows = chain(3);
    rows[2] = { ...rows[2], salt: null, details: {}, redactedBy: 1 };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('hides the address and details behind salted digests', () => {
    const a = sealEvent(GENESIS_HASH, event(1));
    const b = sealEvent(GENESIS_HASH, event(1));
    expect(a.detailsDigest).not.toBe(b.detailsDigest);
    expect(a.ipDigest).toMatch(/^[0-9a-f]{64}$/);
  });
});
