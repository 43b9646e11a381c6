import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { newRecoveryKey, parseRecoveryWords } from './backup.js';
import { toB64 } from './bytes.js';
import { canonical } from './canonical.js';
import { E2eeError } from './errors.js';

const reason = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (err) {
    if (err instanceof E2eeError) return err.reason;
    throw err;
  }
  return 'accepted';
};

describe('recovery words', () => {
  it('shows 256 bits as 24 BIP39 words and reads them back, forgiving case and spacing, not typos', async () => {
    const { key, words } = newRecoveryKey();
    expect(words).toHaveLength(24);
    expect(toB64(parseRecoveryWords(`  ${words.join('   ').toUpperCase()} `))).toBe(toB64(key));
    // A typo in a fixed phrase: with random words, 1 typo in 256 passes BIP39's 8-bit checksum
    // (failed in a CI run), so the words the typo is made in are fixed.
    const fixed = entropyToMnemonic(new Uint8Array(32).fill(7), wordlist).split(' ');
    const typo = [...fixed];
    typo[3] = typo[3] === 'abandon' ? 'ability' : 'abandon';
    expect(await reason(() => parseRecoveryWords(typo))).toBe('recovery_words_invalid');
    expect(await reason(() => parseRecoveryWords(words.slice(0, 12)))).toBe('recovery_words_invalid');
    expect(entropyToMnemonic(key, wordlist).split(' ')).toEqual(words);
  });
});

describe('canonical encoding', () => {
  it('never encodes two different field lists to the same bytes', () => {
    const seen = new Set<string>();
    for (const fields of [['ab', 'c'], ['a', 'bc'], ['abc'], [new Uint8Array([97, 98, 99])], [1], ['1'], [], ['']] as (
      string | number | Uint8Array
    )[][])
      seen.add(toB64(canonical('liaison/v1/test', ...fields)));
    expect(seen.size).toBe(8);
    expect(toB64(canonical('liaison/v1/a', 'x'))).not.toBe(toB64(canonical('liaison/v1/b', 'x')));
    expect(() => canonical('l', -1)).toThrow(RangeError);
  });
});
