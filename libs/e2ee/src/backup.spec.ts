import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { createBackupKeys, newRecoveryKey, openBackup, parseRecoveryWords, sealBackup } from './backup.js';
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

const payload = {
  identities: [{ signSecretKey: 'c2lnbg', kemSecretKey: 'a2Vt', createdAt: '2026-11-28T10:00:00.000Z' }],
  epochSecrets: { 'thread-1': { '1': 'ZXBvY2gx', '2': 'ZXBvY2gy' } },
};
// Cheap scrypt parameters for the test; the defaults (N = 2^17) are checked for in the blob below.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('key backup', () => {
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

  it('opens with the recovery key or the passphrase, and with nothing else', async () => {
    const { key } = newRecoveryKey();
    const keys = await createBackupKeys('ana', key, 'correct horse battery staple', FAST);
    const blob = sealBackup(keys, payload);
    expect(JSON.stringify(blob)).not.toContain('ZXBvY2gx');
    expect((await openBackup(blob, { recoveryKey: key })).payload).toEqual(payload);
    expect((await openBackup(blob, { passphrase: 'correct horse battery staple' })).payload).toEqual(payload);
    expect(await reason(() => openBackup(blob, { passphrase: 'wrong horse' }))).toBe('backup_wrong_key');
    expect(await reason(() => openBackup(blob, { recoveryKey: newRecoveryKey().key }))).toBe('backup_wrong_key');
    // Bound to its owner: the same blob presented as someone else's does not open.
    expect(await reason(() => openBackup({ ...blob, userId: 'mallory' }, { recoveryKey: key }))).toBe(
      'backup_wrong_key',
    );
    expect(
      await reason(() => openBackup({ ...blob, ciphertext: blob.ciphertext.slice(2) }, { recoveryKey: key })),
    ).toBe('backup_malformed');
    // A newer payload sealed with the same keys opens with the same secrets.
    const later = sealBackup((await openBackup(blob, { recoveryKey: key })).keys, { ...payload, epochSecrets: {} });
    expect((await openBackup(later, { passphrase: 'correct horse battery staple' })).payload.epochSecrets).toEqual({});
  });

  it('uses scrypt N = 2^17, r = 8, p = 1 by default and refuses a blob that asks for absurd work', async () => {
    const { key } = newRecoveryKey();
    const keys = await createBackupKeys('ana', key, 'passphrase');
    expect(keys.wraps[1]).toMatchObject({ kind: 'passphrase', kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    const blob = sealBackup(keys, payload);
    const greedy = { ...blob, wraps: blob.wraps.map((w) => (w.kind === 'passphrase' ? { ...w, N: 2 ** 30 } : w)) };
    expect(await reason(() => openBackup(greedy, { passphrase: 'passphrase' }))).toBe('backup_malformed');
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
