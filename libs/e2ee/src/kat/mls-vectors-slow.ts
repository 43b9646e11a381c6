import type { MlsVectors } from './mls-vectors.js';

/** Cases `from` (inclusive) to `to` (exclusive) of one MLS test vector file. */
export interface MlsVectorSlice {
  file: keyof MlsVectors;
  from: number;
  to: number;
}

/**
 * The MLS test vector files that take minutes on two cores (every leaf decrypting every
 * UpdatePath, P-521 and X448 in particular), cut into ranges of cases. Each entry is the work of
 * one spec file (`mls-vectors-slow-<n>.spec.ts` runs entry n), sized from timing each case: 20 to
 * 45 s alone on two busy cores (docs/benchmarks.md), so that Jest's two workers share them and
 * neither is left with a long file at the end. Together they run every case of these files exactly once (mls-vectors-slow.spec.ts checks).
 * treekem, tree-validation and the passive-client files list their cases by cipher suite (1 to 7),
 * so their ranges follow the suites: treekem has 11 cases a suite, tree-validation 14,
 * passive-client-handling-commit 13, passive-client-welcome 8.
 */
export const SLOW_MLS_VECTOR_SLICES: MlsVectorSlice[][] = [
  [{ file: 'treekem', from: 0, to: 44 }], // cipher suites 1 to 4
  [{ file: 'treekem', from: 44, to: 55 }], // cipher suite 5 (P-521)
  [
    { file: 'treekem', from: 55, to: 66 }, // cipher suite 6
    { file: 'treeValidation', from: 0, to: 98 },
  ],
  [
    { file: 'treekem', from: 66, to: 77 }, // cipher suite 7
    { file: 'passiveClientWelcome', from: 0, to: 24 }, // cipher suites 1 to 3
  ],
  [
    { file: 'passiveClientRandom', from: 0, to: 1 }, // one long case
    { file: 'messages', from: 0, to: 300 },
  ],
  [{ file: 'passiveClientHandlingCommit', from: 0, to: 91 }],
  [{ file: 'passiveClientWelcome', from: 24, to: 56 }], // cipher suites 4 to 7
];

/** The files the slices come from: the fast remainder runs in mls-vectors.spec.ts. */
export const SLOW_MLS_VECTOR_FILES: (keyof MlsVectors)[] = [
  ...new Set(SLOW_MLS_VECTOR_SLICES.flat().map((slice) => slice.file)),
];
