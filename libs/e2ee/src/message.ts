import { concat, fromB64, toB64 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { NONCE_BYTES, open, seal, sha256Digest } from './primitives.js';

/** An attachment's description, inside the encrypted message only (the MLS message's body). */
export interface AttachmentDescriptor {
  id: string;
  name: string;
  type: string;
  size: number;
  /** The attachment's own random key (base64url). */
  key: string;
  /** SHA-256 of the attachment's ciphertext (base64url). */
  sha256: string;
}

/** Encrypts an attachment under its own random key; the descriptor travels inside a message. */
export function encryptAttachment(
  data: Uint8Array,
  meta: { id: string; name: string; type: string },
): { descriptor: AttachmentDescriptor; ciphertext: Uint8Array } {
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const { nonce, ciphertext } = seal(key, data, canonical(LABEL.attachment, meta.id));
  const stored = concat(nonce, ciphertext);
  return {
    descriptor: { ...meta, size: data.length, key: toB64(key), sha256: toB64(sha256Digest(stored)) },
    ciphertext: stored,
  };
}

export function decryptAttachment(stored: Uint8Array, descriptor: AttachmentDescriptor): Uint8Array {
  if (toB64(sha256Digest(stored)) !== descriptor.sha256) fail('attachment_corrupted', 'the attachment was changed');
  const data = open(
    fromB64(descriptor.key),
    stored.subarray(0, NONCE_BYTES),
    stored.subarray(NONCE_BYTES),
    canonical(LABEL.attachment, descriptor.id),
  );
  if (!data) return fail('attachment_corrupted', 'the attachment does not decrypt');
  return data;
}
