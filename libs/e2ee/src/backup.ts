import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { randomBytes } from './bytes.js';
import { fail } from './errors.js';
import { KEY_BYTES } from './primitives.js';

/**
 * The recovery key: 256 random bits written as 24 BIP39 words, the only secret that opens a
 * person's key backup (`mls/backup.ts`). The login password never derives any key.
 */
export const RECOVERY_WORDS = 24;

/** 256 random bits, written as 24 BIP39 words. */
export function newRecoveryKey(): { key: Uint8Array; words: string[] } {
  const key = randomBytes(KEY_BYTES);
  return { key, words: recoveryWords(key) };
}

export const recoveryWords = (key: Uint8Array): string[] => entropyToMnemonic(key, wordlist).split(' ');

/** Reads words back (case, spacing and order of typing forgiven; the checksum is not). */
export function parseRecoveryWords(input: string | string[]): Uint8Array {
  const words = (Array.isArray(input) ? input.join(' ') : input).toLowerCase().trim().split(/\s+/);
  const phrase = words.join(' ');
  if (words.length !== RECOVERY_WORDS || !validateMnemonic(phrase, wordlist))
    fail('recovery_words_invalid', `these are not ${RECOVERY_WORDS} valid recovery words`);
  return mnemonicToEntropy(phrase, wordlist);
}
