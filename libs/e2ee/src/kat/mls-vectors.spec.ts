import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailures } from './known-answers.js';
import { MLS_VECTOR_FILES, type MlsVectors, runMlsTestVectors } from './mls-vectors.js';
import { SLOW_MLS_VECTOR_FILES } from './mls-vectors-slow.js';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = Object.fromEntries(
  Object.entries(MLS_VECTOR_FILES).map(([key, file]) => [
    key,
    JSON.parse(readFileSync(join(here, 'vectors/mls', file), 'utf8')),
  ]),
) as MlsVectors;
// The slow files run in slices in spec files of their own (mls-vectors-slow-<n>.spec.ts), so Jest's workers share them.
const files = (Object.entries(MLS_VECTOR_FILES) as [keyof MlsVectors, string][]).filter(
  ([key]) => !SLOW_MLS_VECTOR_FILES.includes(key),
);

/** The same hex with its first byte changed, as a wrong expected value. */
const corrupted = (hex: string): string =>
  (parseInt(hex.slice(0, 2), 16) ^ 0x01).toString(16).padStart(2, '0') + hex.slice(2);

/**
 * treekem alone takes about 40 s on two cores (every leaf decrypts every UpdatePath, P-521 and X448
 * in particular are slow); the margin is for a second Jest worker on the same cores.
 */
const PER_FILE_TIMEOUT_MS = 240_000;

describe('MLS test vectors (RFC 9420, IETF mls-implementations)', () => {
  it.each(files)(
    '%s: every case',
    async (key, file) => {
      const results = await runMlsTestVectors(vectors, { only: [key] });
      expect(describeFailures(results)).toEqual([]);
      // One result per case of the file: nothing is skipped without notice.
      expect(results).toHaveLength(vectors[key].length);
      expect(new Set(results.map((r) => r.suite))).toEqual(
        new Set([`RFC 9420 test vectors: ${file.replace('.json', '')}`]),
      );
    },
    PER_FILE_TIMEOUT_MS,
  );

  it('notices a corrupted vector', async () => {
    const keySchedule = structuredClone(vectors.keySchedule);
    keySchedule[2].epochs[1].exporter_secret = corrupted(keySchedule[2].epochs[1].exporter_secret);
    const passive = structuredClone(vectors.passiveClientHandlingCommit.slice(0, 3));
    passive[1].epochs[0].epoch_authenticator = corrupted(passive[1].epochs[0].epoch_authenticator);
    const results = await runMlsTestVectors(
      { ...vectors, keySchedule, passiveClientHandlingCommit: passive },
      { only: ['keySchedule', 'passiveClientHandlingCommit'] },
    );
    expect(results).toHaveLength(keySchedule.length + passive.length);
    expect(describeFailures(results)).toEqual([
      'RFC 9420 test vectors: key-schedule: #2 (cipher suite 3) (epochs[1].exporter_secret differs)',
      'RFC 9420 test vectors: passive-client-handling-commit: #1 (cipher suite 1) (epochs[0].epoch_authenticator differs)',
    ]);
  });
});
