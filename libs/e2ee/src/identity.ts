import { concat, fromB64, toB64 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { E2eeError, fail } from './errors.js';
import {
  generateKemKeyPair,
  kemPublicKey,
  signingPublicKey,
  generateSigningKeyPair,
  KEM_PUBLIC_BYTES,
  sha256Digest,
  sign,
  SIGN_PUBLIC_BYTES,
  SIGNATURE_BYTES,
  verify,
} from './primitives.js';

/** A user's identity, private halves included: it never leaves the client except inside the key backup. */
export interface IdentityKeys {
  userId: string;
  signSecretKey: Uint8Array;
  signPublicKey: Uint8Array;
  kemSecretKey: Uint8Array;
  kemPublicKey: Uint8Array;
}

/** What the key directory publishes (base64url), as `PUT /keys/me` takes it. */
export interface PublicIdentity {
  userId: string;
  signPublicKey: string;
  encPublicKey: string;
  selfSignature: string;
}

/** A published identity whose self-signature has been checked, as bytes. */
export interface VerifiedIdentity {
  userId: string;
  signPublicKey: Uint8Array;
  kemPublicKey: Uint8Array;
  fingerprint: Uint8Array;
}

const selfSigned = (userId: string, signPublicKey: Uint8Array, kemPublicKey: Uint8Array) =>
  canonical(LABEL.identity, userId, signPublicKey, kemPublicKey);

export async function generateIdentity(userId: string): Promise<IdentityKeys> {
  const signing = generateSigningKeyPair();
  const kem = await generateKemKeyPair();
  return {
    userId,
    signSecretKey: signing.secretKey,
    signPublicKey: signing.publicKey,
    kemSecretKey: kem.secretKey,
    kemPublicKey: kem.publicKey,
  };
}

/** Rebuilds an identity from its private halves (restored from a backup). */
export async function identityFromSecrets(
  userId: string,
  signSecretKey: Uint8Array,
  kemSecretKey: Uint8Array,
): Promise<IdentityKeys> {
  return {
    userId,
    signSecretKey,
    signPublicKey: signingPublicKey(signSecretKey),
    kemSecretKey,
    kemPublicKey: await kemPublicKey(kemSecretKey),
  };
}

export function publicIdentity(keys: IdentityKeys): PublicIdentity {
  return {
    userId: keys.userId,
    signPublicKey: toB64(keys.signPublicKey),
    encPublicKey: toB64(keys.kemPublicKey),
    selfSignature: toB64(sign(selfSigned(keys.userId, keys.signPublicKey, keys.kemPublicKey), keys.signSecretKey)),
  };
}

/** Decodes a published identity and checks its sizes and self-signature (`bad_self_signature`, `malformed`). */
export function verifyPublicIdentity(identity: PublicIdentity): VerifiedIdentity {
  let signPublicKey: Uint8Array, kemPublicKey: Uint8Array, signature: Uint8Array;
  try {
    signPublicKey = fromB64(identity.signPublicKey);
    kemPublicKey = fromB64(identity.encPublicKey);
    signature = fromB64(identity.selfSignature);
  } catch {
    return fail('malformed', 'the published keys are not base64url');
  }
  if (
    typeof identity.userId !== 'string' ||
    signPublicKey.length !== SIGN_PUBLIC_BYTES ||
    kemPublicKey.length !== KEM_PUBLIC_BYTES ||
    signature.length !== SIGNATURE_BYTES
  )
    fail('malformed', 'the published keys have the wrong sizes');
  if (!verify(signature, selfSigned(identity.userId, signPublicKey, kemPublicKey), signPublicKey))
    fail('bad_self_signature', `the keys published for ${identity.userId} are not signed by their own key`);
  return {
    userId: identity.userId,
    signPublicKey,
    kemPublicKey,
    fingerprint: fingerprint(signPublicKey, kemPublicKey),
  };
}

export const fingerprint = (signPublicKey: Uint8Array, kemPublicKey: Uint8Array): Uint8Array =>
  sha256Digest(concat(signPublicKey, kemPublicKey));

/**
 * The safety number of an identity: its fingerprint read as a 256-bit integer, reduced to 60
 * decimal digits, in 12 groups of 5. Two people compare them out of band.
 */
export function safetyNumber(fp: Uint8Array): string[] {
  let n = 0n;
  for (const b of fp) n = (n << 8n) | BigInt(b);
  const digits = (n % 10n ** 60n).toString().padStart(60, '0');
  return Array.from({ length: 12 }, (_, i) => digits.slice(5 * i, 5 * i + 5));
}

/** Trust on first use: what a client's pinned fingerprint says about the identity it sees now. */
export type PinCheck = 'first_seen' | 'same' | 'changed';
export function checkPin(pinned: Uint8Array | null, seen: VerifiedIdentity): PinCheck {
  if (!pinned) return 'first_seen';
  return toB64(pinned) === toB64(seen.fingerprint) ? 'same' : 'changed';
}

export { E2eeError };

/**
 * The bytes a client signs to show the server that it holds the signing key of the user a
 * connection (`connectionId`, chosen by the server for that connection alone) belongs to. The
 * label keeps it from ever being taken for a message, roster event or anything else signed.
 */
export const connectionProofBytes = (userId: string, connectionId: string): Uint8Array =>
  canonical(LABEL.socket, userId, connectionId);

/** The proof for one connection, base64url. */
export const signConnectionProof = (keys: IdentityKeys, connectionId: string): string =>
  toB64(sign(connectionProofBytes(keys.userId, connectionId), keys.signSecretKey));
