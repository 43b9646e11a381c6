import { createPublicKey, type KeyObject, verify } from 'node:crypto';

// DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410): the 32 raw bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 50_000;

function keyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('base64url');
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    keys.set(id, key);
  }
  return key;
}

/** Turns a raw public key into OpenSSL's form ahead of its first use (cached). */
export function prepareVerifyKey(publicKey: Uint8Array): void {
  if (publicKey.length === 32) keyObject(publicKey);
}

/**
 * Ed25519 verification by OpenSSL, off the event loop (libuv's thread pool), for the server's
 * defence-in-depth check of every message (twenty times faster than the pure-JavaScript one).
 * OpenSSL refuses a non-canonical S, as RFC 8032 asks; the clients' own strict check (libs/e2ee)
 * decides what is shown.
 */
export function nativeVerifyAsync(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify(null, message, keyObject(publicKey), signature, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}
