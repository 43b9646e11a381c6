import { toB64 } from '../bytes.js';
import { E2eeError } from '../errors.js';
import { certifyDevice, generateIdentityKey, identityRecord } from '../mls/identity.js';
import { generateSigningKeyPair } from '../primitives.js';
import { type LogEntry, LogForkError, logLeafHash, signHead, TransparencyMonitor } from './log.js';
import { consistencyProof, inclusionProof, merkleRoot } from './merkle.js';

/** A log as the server keeps it: entries, their leaf hashes and signed heads. */
class Log {
  readonly key = generateSigningKeyPair();
  readonly entries: LogEntry[] = [];
  append(entry: LogEntry) {
    this.entries.push(entry);
  }
  get leaves() {
    return this.entries.map(logLeafHash);
  }
  head(size = this.entries.length, leaves = this.leaves) {
    return signHead(size, merkleRoot(leaves.slice(0, size)), 1_700_000_000_000 + size, this.key.secretKey);
  }
}

function entries(n: number): LogEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const identity = generateIdentityKey(`user-${i}`);
    return i % 2 === 0
      ? { kind: 'identity', record: identityRecord(identity) }
      : { kind: 'device', record: certifyDevice(identity, `d${i}`, generateSigningKeyPair().publicKey) };
  });
}

describe('the key transparency monitor', () => {
  it('takes the first head on trust, then only heads that extend it, and checks inclusion', () => {
    const log = new Log();
    entries(5).forEach((e) => log.append(e));
    const monitor = new TransparencyMonitor({ logKey: toB64(log.key.publicKey), head: null });
    expect(monitor.observe(log.head(3), [])).toBe('advanced');
    expect(monitor.observe(log.head(5), consistencyProof(log.leaves, 3, 5))).toBe('advanced');
    expect(monitor.observe(log.head(2), consistencyProof(log.leaves, 2, 5))).toBe('older');
    expect(monitor.knownHead?.size).toBe(5);
    expect(monitor.includes(log.entries[3]!, 3, inclusionProof(log.leaves, 3))).toBe(true);
    expect(monitor.includes(log.entries[3]!, 2, inclusionProof(log.leaves, 2))).toBe(false);
    const restored = new TransparencyMonitor(monitor.state);
    expect(restored.knownHead?.size).toBe(5);
  });

  it('shows a fork when the server signs a history that rewrites what a client saw', () => {
    const log = new Log();
    entries(4).forEach((e) => log.append(e));
    const monitor = new TransparencyMonitor({ logKey: toB64(log.key.publicKey), head: null });
    monitor.observe(log.head(4), []);
    // The server shows another member a log where entry 2 is a key it made up.
    const forked = [...log.leaves];
    forked[2] = logLeafHash(entries(1)[0]!);
    const other = log.head(4, forked);
    expect(() => monitor.observe(other, [])).toThrow(LogForkError);
    const longer = [...forked, logLeafHash(entries(1)[0]!)];
    const err = (() => {
      try {
        monitor.observe(log.head(5, longer), consistencyProof(longer, 4, 5));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LogForkError);
    expect((err as LogForkError).known.size).toBe(4);
    expect((err as LogForkError).presented.size).toBe(5);
    expect(monitor.knownHead?.size).toBe(4);
  });

  it('refuses a larger head signed before the one held, and heads whose root is not a tree hash', () => {
    const log = new Log();
    entries(3).forEach((e) => log.append(e));
    const monitor = new TransparencyMonitor({ logKey: toB64(log.key.publicKey), head: null });
    monitor.observe(log.head(2), []);
    const backdated = signHead(3, merkleRoot(log.leaves), 1, log.key.secretKey);
    expect(() => monitor.observe(backdated, consistencyProof(log.leaves, 2, 3))).toThrow(
      expect.objectContaining({ reason: 'log_stale_head' }),
    );
    const fresh = new TransparencyMonitor({ logKey: toB64(log.key.publicKey), head: null });
    expect(() => fresh.observe(signHead(0, new Uint8Array(32), 5, log.key.secretKey), [])).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
    expect(() => fresh.observe(signHead(2, new Uint8Array(31), 5, log.key.secretKey), [])).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
  });

  it('refuses heads not signed by the pinned log key', () => {
    const log = new Log();
    entries(2).forEach((e) => log.append(e));
    const monitor = new TransparencyMonitor({ logKey: toB64(log.key.publicKey), head: null });
    const impostor = new Log();
    impostor.entries.push(...log.entries);
    expect(() => monitor.observe(impostor.head(2), [])).toThrow(
      expect.objectContaining({ reason: 'log_bad_head_signature' }),
    );
    expect(() => monitor.assertLogKey(impostor.key.publicKey)).toThrow(E2eeError);
  });
});
