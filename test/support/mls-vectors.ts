import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailures } from '../../libs/e2ee/src/kat/known-answers.js';
import { MLS_VECTOR_FILES, type MlsVectors, runMlsTestVectors } from '../../libs/e2ee/src/kat/mls-vectors.js';
import { SLOW_MLS_VECTOR_SLICES } from '../../libs/e2ee/src/kat/mls-vectors-slow.js';

// The file-reading side of the MLS test vector specs (libs/e2ee itself stays free of Node modules).

const vectorDir = join(dirname(fileURLToPath(import.meta.url)), '../../libs/e2ee/src/kat/vectors/mls');

/** Parses the vector files named. */
export function readMlsVectors(files: (keyof MlsVectors)[]): Partial<MlsVectors> {
  return Object.fromEntries(
    files.map((key) => [key, JSON.parse(readFileSync(join(vectorDir, MLS_VECTOR_FILES[key]), 'utf8'))]),
  ) as Partial<MlsVectors>;
}

/** The tests of spec file `libs/e2ee/src/kat/mls-vectors-slow-<n>.spec.ts`: slice group n, each slice one test. */
export function describeSlowMlsVectors(n: number): void {
  const slices = SLOW_MLS_VECTOR_SLICES[n];
  if (slices === undefined) throw new RangeError(`no slow MLS vector group ${n}`);
  const vectors = readMlsVectors(slices.map((slice) => slice.file)) as MlsVectors;

  describe(`MLS test vectors (RFC 9420, IETF mls-implementations), slow group ${n}`, () => {
    it.each(slices.map((slice) => [slice.file, slice.from, slice.to - 1, slice] as const))(
      '%s: cases %i to %i',
      async (_file, _from, _last, { file, from, to }) => {
        const results = await runMlsTestVectors(vectors, { only: [file], cases: { from, to } });
        expect(describeFailures(results)).toEqual([]);
        // One result per case of the slice: nothing is skipped without notice.
        expect(results.map((r) => r.name.replace(/ .*/, ''))).toEqual(
          Array.from({ length: to - from }, (_, i) => `#${from + i}`),
        );
      },
      600_000,
    );
  });
}
