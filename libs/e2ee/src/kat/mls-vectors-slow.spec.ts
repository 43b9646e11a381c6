import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMlsVectors } from '../../../../test/support/mls-vectors.js';
import { SLOW_MLS_VECTOR_FILES, SLOW_MLS_VECTOR_SLICES } from './mls-vectors-slow.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('the slices of the slow MLS test vector files', () => {
  it('cover every case of each slow file exactly once', () => {
    const vectors = readMlsVectors(SLOW_MLS_VECTOR_FILES);
    for (const file of SLOW_MLS_VECTOR_FILES) {
      const cases = vectors[file]!.length;
      expect(cases).toBeGreaterThan(0);
      const runs = new Array<number>(cases).fill(0);
      for (const slice of SLOW_MLS_VECTOR_SLICES.flat().filter((s) => s.file === file)) {
        expect([file, slice.from >= 0 && slice.from < slice.to && slice.to <= cases]).toEqual([file, true]);
        for (let i = slice.from; i < slice.to; i++) runs[i]++;
      }
      expect({ file, runs }).toEqual({ file, runs: new Array<number>(cases).fill(1) });
    }
  });

  it('are each run by a spec file, mls-vectors-slow-<n>.spec.ts for group n', () => {
    const specs = readdirSync(here)
      .map((name) => /^mls-vectors-slow-(\d+)\.spec\.ts$/.exec(name)?.[1])
      .filter((n) => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    expect(specs).toEqual(SLOW_MLS_VECTOR_SLICES.map((_, n) => n));
    for (const n of specs) {
      const text = readFileSync(join(here, `mls-vectors-slow-${n}.spec.ts`), 'utf8');
      expect([n, text.match(/describeSlowMlsVectors\((\d+)\)/g)]).toEqual([n, [`describeSlowMlsVectors(${n})`]]);
    }
  });
});
