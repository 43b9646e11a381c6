import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { fromB64, fromUtf8, randomBytes, toB64, utf8 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { deriveKey, KEY_BYTES, open, SCRYPT_DEFAULTS, type ScryptParams, scryptKey, seal } from './primitives.js';

/**
 * Key backup. The payload (every identity the user has had and every epoch secret received) is
 * encrypted under a random data key; the data key is wrapped under a key derived from the
 * 24-word recovery key (HKDF) and, optionally, from a passphrase (scrypt). The login password
 * never derives any of these keys.
 */
export interface BackupPayload {
  /** Current identity first, then earlier ones (kept across resets so history stays readable). */
  identities: { signSecretKey: string; kemSecretKey: string; createdAt: string }[];
  /** threadId -> epoch -> secret (base64url). */
  epochSecrets: Record<string, Record<string, string>>;
}

export type KeyWrap =
  | { kind: 'recovery'; salt: string; nonce: string; ciphertext: string }
  | ({ kind: 'passphrase'; kdf: 'scrypt'; salt: string; nonce: string; ciphertext: string } & ScryptParams);

/** What the server stores (`PUT /keys/me/backup`): opaque to it. */
export interface BackupBlob {
  version: 1;
  userId: string;
  wraps: KeyWrap[];
  nonce: string;
  ciphertext: string;
}

export interface BackupKeys {
  userId: string;
  dataKey: Uint8Array;
  wraps: KeyWrap[];
}

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

const wrapAad = (userId: string, kind: string) => canonical(LABEL.backupKey, userId, kind);
const payloadAad = (userId: string) => canonical(LABEL.backup, userId, 1);

const recoveryWrapKey = (recoveryKey: Uint8Array, salt: Uint8Array) =>
  deriveKey(recoveryKey, salt, utf8(LABEL.backupKey));

/** A new data key, wrapped for the recovery key and, if given, a passphrase. */
export async function createBackupKeys(
  userId: string,
  recoveryKey: Uint8Array,
  passphrase?: string,
  scrypt: ScryptParams = SCRYPT_DEFAULTS,
): Promise<BackupKeys> {
  const dataKey = randomBytes(KEY_BYTES);
  const salt = randomBytes(16);
  const sealed = seal(recoveryWrapKey(recoveryKey, salt), dataKey, wrapAad(userId, 'recovery'));
  const wraps: KeyWrap[] = [
    { kind: 'recovery', salt: toB64(salt), nonce: toB64(sealed.nonce), ciphertext: toB64(sealed.ciphertext) },
  ];
  if (passphrase) {
    const pSalt = randomBytes(16);
    const key = await scryptKey(utf8(passphrase.normalize('NFKC')), pSalt, scrypt);
    const p = seal(key, dataKey, wrapAad(userId, 'passphrase'));
    wraps.push({
      kind: 'passphrase',
      kdf: 'scrypt',
      ...scrypt,
      salt: toB64(pSalt),
      nonce: toB64(p.nonce),
      ciphertext: toB64(p.ciphertext),
    });
  }
  return { userId, dataKey, wraps };
}

export function sealBackup(keys: BackupKeys, payload: BackupPayload): BackupBlob {
  const { nonce, ciphertext } = seal(keys.dataKey, utf8(JSON.stringify(payload)), payloadAad(keys.userId));
  return { version: 1, userId: keys.userId, wraps: keys.wraps, nonce: toB64(nonce), ciphertext: toB64(ciphertext) };
}

/** Opens a backup with the recovery key or the passphrase; `backup_wrong_key` when neither fits. */
export async function openBackup(
  blob: BackupBlob,
  secret: { recoveryKey: Uint8Array } | { passphrase: string },
): Promise<{ keys: BackupKeys; payload: BackupPayload }> {
  if (blob?.version !== 1 || !Array.isArray(blob.wraps)) fail('backup_malformed', 'this is not a key backup');
  let dataKey: Uint8Array | null = null;
  try {
    if ('recoveryKey' in secret) {
      const wrap = blob.wraps.find((w) => w.kind === 'recovery');
      if (wrap)
        dataKey = open(
          recoveryWrapKey(secret.recoveryKey, fromB64(wrap.salt)),
          fromB64(wrap.nonce),
          fromB64(wrap.ciphertext),
          wrapAad(blob.userId, 'recovery'),
        );
    } else {
      const wrap = blob.wraps.find((w) => w.kind === 'passphrase');
      if (wrap && wrap.kind === 'passphrase') {
        if (wrap.N > 2 ** 20 || wrap.r > 16 || wrap.p > 4)
          fail('backup_malformed', 'the backup asks for too much work');
        const key = await scryptKey(utf8(secret.passphrase.normalize('NFKC')), fromB64(wrap.salt), wrap);
        dataKey = open(key, fromB64(wrap.nonce), fromB64(wrap.ciphertext), wrapAad(blob.userId, 'passphrase'));
      }
    }
  } catch (err) {
    if ((err as { reason?: string }).reason) throw err;
    fail('backup_malformed', 'the key backup is damaged');
  }
  if (!dataKey) return fail('backup_wrong_key', 'this recovery key or passphrase does not open the backup');
  let plaintext: Uint8Array | null;
  try {
    plaintext = open(dataKey, fromB64(blob.nonce), fromB64(blob.ciphertext), payloadAad(blob.userId));
  } catch {
    plaintext = null;
  }
  if (!plaintext) return fail('backup_malformed', 'the key backup is damaged');
  return {
    keys: { userId: blob.userId, dataKey, wraps: blob.wraps },
    payload: JSON.parse(fromUtf8(plaintext)) as BackupPayload,
  };
}

/** Opens a newer version of a backup with the data key this device already holds (to merge before saving). */
export function openBackupWithDataKey(blob: BackupBlob, keys: BackupKeys): BackupPayload {
  if (blob?.version !== 1 || blob.userId !== keys.userId)
    fail('backup_malformed', "this is not this user's key backup");
  let plaintext: Uint8Array | null;
  try {
    plaintext = open(keys.dataKey, fromB64(blob.nonce), fromB64(blob.ciphertext), payloadAad(blob.userId));
  } catch {
    plaintext = null;
  }
  if (!plaintext) fail('backup_wrong_key', 'the backup was sealed with another key');
  return JSON.parse(fromUtf8(plaintext)) as BackupPayload;
}
