import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailures } from './known-answers.js';
import { MLS_VECTOR_FILES, type MlsVectors, runMlsTestVectors } from './mls-vectors.js';
import { SLOW_MLS_VECTOR_FILES } from './mls-vectors-slow.js';

const here = dirname(fileURLToPath(import.meta.url));
const keys = SLOW_MLS_VECTOR_FILES[0];
const vectors = Object.fromEntries(
  keys.map((key) => [key, JSON.parse(readFileSync(join(here, 'vectors/mls', MLS_VECTOR_FILES[key]), 'utf8'))]),
) as unknown as MlsVectors;

describe(`MLS test vectors (RFC 9420, IETF mls-implementations), slow group 0`, () => {
  it.each(keys)(
    '%s: every case',
    async (key) => {
      const results = await runMlsTestVectors(vectors, { only: [key] });
      expect(describeFailures(results)).toEqual([]);
      expect(results).toHaveLength(vectors[key].length);
    },
    600_000,
  );
});
