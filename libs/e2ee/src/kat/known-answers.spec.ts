import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailures, KAT_FILES, type KatVectors, runKnownAnswerTests } from './known-answers.js';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = Object.fromEntries(
  Object.entries(KAT_FILES).map(([key, file]) => [key, JSON.parse(readFileSync(join(here, 'vectors', file), 'utf8'))]),
) as KatVectors;

describe('known-answer tests (Node)', () => {
  it('reproduces every RFC, draft and Wycheproof vector', async () => {
    const results = await runKnownAnswerTests(vectors);
    expect(describeFailures(results)).toEqual([]);
    const bySuite = results.reduce<Record<string, number>>((n, r) => ({ ...n, [r.suite]: (n[r.suite] ?? 0) + 1 }), {});
    expect(bySuite).toEqual({
      'RFC 8032 Ed25519': 5,
      'RFC 7748 X25519': 3,
      'RFC 8439 ChaCha20-Poly1305': 2,
      'draft-irtf-cfrg-xchacha XChaCha20-Poly1305': 1,
      'RFC 5869 HKDF-SHA256': 3,
      'RFC 9180 HPKE A.2.1 (X25519, HKDF-SHA256, ChaCha20-Poly1305)': 1,
      'X-Wing (draft-connolly-cfrg-xwing-kem-06)': 3,
      'BIP39 (English, 256-bit)': 8,
      'Wycheproof Ed25519 (strict)': 39,
      'Wycheproof ChaCha20-Poly1305': 33,
      'Wycheproof XChaCha20-Poly1305': 33,
      'Wycheproof X25519': 28,
      'RFC 9162 Merkle inclusion (transparency-dev)': 98,
      'RFC 9162 Merkle consistency (transparency-dev)': 98,
    });
  });

  it('notices a wrong answer', async () => {
    const broken = structuredClone(vectors);
    broken.ed25519.vectors[0].signature = broken.ed25519.vectors[1].signature;
    broken.xwing.vectors[0].ss = broken.xwing.vectors[1].ss;
    expect(describeFailures(await runKnownAnswerTests(broken))).toEqual([
      'RFC 8032 Ed25519: TEST 1',
      'X-Wing (draft-connolly-cfrg-xwing-kem-06): vector 1',
    ]);
  });
});
