import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equalBytes } from '../bytes.js';

/**
 * The Merkle tree of a transparency log as RFC 9162 (Certificate Transparency 2.0), section 2.1,
 * defines it: leaf hashes SHA-256(0x00 ‖ entry), interior nodes SHA-256(0x01 ‖ left ‖ right),
 * the split at the largest power of two below the size. Verification follows the RFC's
 * algorithms (2.1.3.2 inclusion, 2.1.4.2 consistency); proofs are built as 2.1.3.1 and 2.1.4.1
 * define them. Checked against the transparency-dev/merkle test data in known-answer tests.
 */

export const MERKLE_HASH_BYTES = 32;

export const merkleLeafHash = (entry: Uint8Array): Uint8Array => sha256(concat(Uint8Array.of(0), entry));
const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concat(Uint8Array.of(1), left, right));

/** The hash of an empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_HASH = sha256(new Uint8Array(0));

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes, computed bottom-up without recursion. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_TREE_HASH;
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start]!;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** PATH(m, D[n]): the inclusion proof of leaf `index` in the first `size` leaves. */
export function inclusionProof(
  leafHashes: readonly Uint8Array[],
  index: number,
  size = leafHashes.length,
): Uint8Array[] {
  if (!(index >= 0 && index < size && size <= leafHashes.length)) throw new RangeError('leaf outside the tree');
  const path: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n <= 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeRoot(leafHashes, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeRoot(leafHashes, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]): the consistency proof between the trees of `first` and `second` leaves. */
export function consistencyProof(leafHashes: readonly Uint8Array[], first: number, second: number): Uint8Array[] {
  if (!(first >= 0 && first <= second && second <= leafHashes.length)) throw new RangeError('sizes outside the tree');
  if (first === 0 || first === second) return [];
  const proof: Uint8Array[] = [];
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!whole) proof.push(subtreeRoot(leafHashes, start, end));
      return;
    }
    const k = split(n);
    if (m <= k) {
      sub(m, start, start + k, whole);
      proof.push(subtreeRoot(leafHashes, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtreeRoot(leafHashes, start, start + k));
    }
  };
  sub(first, 0, second, true);
  return proof;
}

const isHash = (h: Uint8Array) => h instanceof Uint8Array && h.length === MERKLE_HASH_BYTES;

/** RFC 9162 2.1.3.2: whether `proof` shows the leaf hash at `index` in the tree of `size` with `root`. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(r, root);
}

/**
 * RFC 9162 2.1.4.2: whether `proof` shows that the tree of `second` leaves with `secondRoot`
 * extends the tree of `first` leaves with `firstRoot` (append-only, nothing rewritten). Equal
 * sizes need an empty proof and equal roots. A first tree of no leaves proves nothing and is refused
 * (a client without a head takes its first one on trust).
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) return false;
  if (!proof.every(isHash)) return false;
  if (first === second) return proof.length === 0 && equalBytes(firstRoot, secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}
