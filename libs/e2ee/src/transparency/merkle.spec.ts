import {
  consistencyProof,
  inclusionProof,
  merkleLeafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => merkleLeafHash(Uint8Array.of(i, i >> 8, 7)));
const flip = (h: Uint8Array) => {
  const out = h.slice();
  out[5] = (out[5] ?? 0) ^ 1;
  return out;
};

describe('the transparency log tree (RFC 9162)', () => {
  it('proves every leaf of every tree up to 40 leaves, and refuses a proof for another leaf or root', () => {
    for (let size = 1; size <= 40; size++) {
      const all = leaves(size);
      const root = merkleRoot(all);
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(all, i);
        expect(verifyInclusion(i, size, all[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(i, size, all[(i + 1) % size]!, proof, root)).toBe(size === 1);
        expect(verifyInclusion(i, size, all[i]!, proof, flip(root))).toBe(false);
        if (proof.length > 0)
          expect(verifyInclusion(i, size, all[i]!, [flip(proof[0]!), ...proof.slice(1)], root)).toBe(false);
      }
    }
  });

  it('proves that every larger tree extends every smaller one, and refuses a rewritten past', () => {
    const all = leaves(33);
    for (let second = 1; second <= 33; second++)
      for (let first = 1; first <= second; first++) {
        const proof = consistencyProof(all, first, second);
        const r1 = merkleRoot(all.slice(0, first));
        const r2 = merkleRoot(all.slice(0, second));
        expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
        // A log that rewrote one earlier entry has another root for the first size.
        const rewritten = [...all.slice(0, first - 1), merkleLeafHash(Uint8Array.of(99)), ...all.slice(first, second)];
        expect(verifyConsistency(first, second, merkleRoot(rewritten.slice(0, first)), r2, proof)).toBe(false);
        if (first < second) expect(verifyConsistency(first, second, r1, flip(r2), proof)).toBe(false);
      }
  });
});
