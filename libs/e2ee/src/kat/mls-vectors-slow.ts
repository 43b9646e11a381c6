import type { MlsVectors } from './mls-vectors.js';

/**
 * The MLS test vector files that take minutes on two cores (every leaf decrypting every
 * UpdatePath, P-521 and X448 in particular), in groups that each get a spec file of their own
 * (`mls-vectors-slow-<n>.spec.ts`), so that Jest's workers share them instead of one worker
 * running them all at the end. Every file is still run in full.
 */
export const SLOW_MLS_VECTOR_FILES: (keyof MlsVectors)[][] = [
  ['treekem'],
  ['passiveClientRandom', 'treeValidation'],
  ['passiveClientHandlingCommit', 'passiveClientWelcome', 'messages'],
];
