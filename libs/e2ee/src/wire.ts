import { fromB64 } from './bytes.js';
import { fail } from './errors.js';
import { KEM_ENC_BYTES, KEY_BYTES } from './primitives.js';

/** Decodes a base64url field of a protocol object, or fails as `malformed`. */
export function decodeField(b64: string, what: string): Uint8Array {
  try {
    return fromB64(b64);
  } catch {
    return fail('malformed', `${what} is not base64url`);
  }
}

/** A key wrapped with HPKE X-Wing: an encapsulation and a 32-byte secret under ChaCha20-Poly1305. */
export function assertWrappedKey(enc: string, ciphertext: string): void {
  if (
    decodeField(enc, 'a wrapped key').length !== KEM_ENC_BYTES ||
    decodeField(ciphertext, 'a wrapped key').length !== KEY_BYTES + 16
  )
    fail('malformed', 'a wrapped key has the wrong size');
}
