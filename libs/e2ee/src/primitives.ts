import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, HkdfSha256 } from '@hpke/core';
import { XWing } from '@hpke/hybridkem-x-wing';
import { randomBytes } from './bytes.js';

/** The audited primitives of protocol v1, behind one small surface. */

export const SIGN_PUBLIC_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const KEM_PUBLIC_BYTES = 1216;
export const KEM_ENC_BYTES = 1120;
export const NONCE_BYTES = 24;
export const KEY_BYTES = 32;

export const sha256Digest = (data: Uint8Array): Uint8Array => sha256(data);
export const deriveKey = (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length = KEY_BYTES): Uint8Array =>
  hkdf(sha256, ikm, salt, info, length);

export interface SigningKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const secretKey = ed25519.utils.randomSecretKey();
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

export const signingPublicKey = (secretKey: Uint8Array): Uint8Array => ed25519.getPublicKey(secretKey);
export const sign = (message: Uint8Array, secretKey: Uint8Array): Uint8Array => ed25519.sign(message, secretKey);

/** Strict RFC 8032 verification (no ZIP-215 leniency); malformed input is simply "does not verify". */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== SIGN_PUBLIC_BYTES) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** XChaCha20-Poly1305 with a random 24-byte nonce. */
export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): { nonce: Uint8Array; ciphertext: Uint8Array } {
  const nonce = randomBytes(NONCE_BYTES);
  return { nonce, ciphertext: xchacha20poly1305(key, nonce, aad).encrypt(plaintext) };
}

/** Opens XChaCha20-Poly1305, or null when the tag does not verify. */
export function open(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (nonce.length !== NONCE_BYTES || ciphertext.length < 16) return null;
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch {
    return null;
  }
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const SCRYPT_DEFAULTS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
export const scryptKey = (passphrase: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> =>
  scryptAsync(passphrase, salt, { ...params, dkLen: KEY_BYTES, maxmem: 256 * 1024 * 1024 });

// HPKE (RFC 9180) base mode with the X-Wing KEM, HKDF-SHA256 and ChaCha20-Poly1305.
let suite: { kem: XWing; cipher: CipherSuite } | undefined;
const hpkeSuite = () => {
  if (!suite) {
    const kem = new XWing();
    suite = { kem, cipher: new CipherSuite({ kem, kdf: new HkdfSha256(), aead: new Chacha20Poly1305() }) };
  }
  return suite;
};
const hpke = () => hpkeSuite().cipher;

export interface KemKeyPair {
  /** The X-Wing decapsulation key as the draft serialises it (its 32-byte seed). */
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export async function generateKemKeyPair(): Promise<KemKeyPair> {
  const pair = await hpke().kem.generateKeyPair();
  return {
    secretKey: new Uint8Array(await hpke().kem.serializePrivateKey(pair.privateKey)),
    publicKey: new Uint8Array(await hpke().kem.serializePublicKey(pair.publicKey)),
  };
}

export async function kemPublicKey(secretKey: Uint8Array): Promise<Uint8Array> {
  const { kem } = hpkeSuite();
  const pair = await kem.generateKeyPairDerand(secretKey);
  return new Uint8Array(await kem.serializePublicKey(pair.publicKey));
}

/** Wraps a secret for one recipient's KEM public key; `info` binds it to its context. */
export async function hpkeSeal(
  recipientPublicKey: Uint8Array,
  info: Uint8Array,
  plaintext: Uint8Array,
): Promise<{ enc: Uint8Array; ciphertext: Uint8Array }> {
  const key = await hpke().kem.deserializePublicKey(recipientPublicKey);
  const { enc, ct } = await hpke().seal({ recipientPublicKey: key, info }, plaintext);
  return { enc: new Uint8Array(enc), ciphertext: new Uint8Array(ct) };
}

/** Unwraps, or null when the key, context or ciphertext do not match. */
export async function hpkeOpen(
  recipientSecretKey: Uint8Array,
  info: Uint8Array,
  enc: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array | null> {
  try {
    const key = await hpke().kem.deserializePrivateKey(recipientSecretKey);
    return new Uint8Array(await hpke().open({ recipientKey: key, enc, info }, ciphertext));
  } catch {
    return null;
  }
}
