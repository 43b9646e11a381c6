import { fromUtf8, toB64 } from '../bytes.js';
import { canonical, LABEL } from '../canonical.js';
import { fail } from '../errors.js';
import { generateSigningKeyPair, sign, SIGN_PUBLIC_BYTES, signingPublicKey, verify } from '../primitives.js';

/**
 * Protocol v2's authentication service, the part MLS leaves to the application: a person has one
 * long-term Ed25519 identity key; each of their devices (an MLS client, one per browser) has its
 * own signature key, certified by the identity key. An identity key replaced with the old key's
 * signature is a succession (accepted silently); anything else is a key change for people to see.
 */

/** A person's identity key pair; the secret half leaves the device only inside the key backup. */
export interface IdentityKeyPair {
  userId: string;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** A published identity key; `succession` is the previous key's signature over the change, if any. */
export interface IdentityRecord {
  userId: string;
  identityKey: Uint8Array;
  previousKey: Uint8Array | null;
  succession: Uint8Array | null;
}

/** A device's signature key (its MLS leaf key), certified by the person's identity key. */
export interface DeviceRecord {
  userId: string;
  deviceId: string;
  signatureKey: Uint8Array;
  identityKey: Uint8Array;
  certificate: Uint8Array;
}

/** A device taken out of service by its owner's identity key. */
export interface DeviceRevocation {
  userId: string;
  deviceId: string;
  identityKey: Uint8Array;
  signature: Uint8Array;
}

export function generateIdentityKey(userId: string): IdentityKeyPair {
  const pair = generateSigningKeyPair();
  return { userId, secretKey: pair.secretKey, publicKey: pair.publicKey };
}

export const identityFromSecret = (userId: string, secretKey: Uint8Array): IdentityKeyPair => ({
  userId,
  secretKey,
  publicKey: signingPublicKey(secretKey),
});

/** The record of a first identity key, or of one that follows `previous` with its signature. */
export function identityRecord(next: IdentityKeyPair, previous?: IdentityKeyPair): IdentityRecord {
  if (!previous) return { userId: next.userId, identityKey: next.publicKey, previousKey: null, succession: null };
  if (previous.userId !== next.userId) throw new RangeError('a succession stays with one person');
  return {
    userId: next.userId,
    identityKey: next.publicKey,
    previousKey: previous.publicKey,
    succession: sign(canonical(LABEL.succession, next.userId, previous.publicKey, next.publicKey), previous.secretKey),
  };
}

/** Whether `record` is a succession that its previous key signed (a reset is not). */
export function isSignedSuccession(record: IdentityRecord): boolean {
  return (
    record.previousKey !== null &&
    record.succession !== null &&
    verify(
      record.succession,
      canonical(LABEL.succession, record.userId, record.previousKey, record.identityKey),
      record.previousKey,
    )
  );
}

const deviceStatement = (userId: string, deviceId: string, signatureKey: Uint8Array, identityKey: Uint8Array) =>
  canonical(LABEL.device, userId, deviceId, signatureKey, identityKey);

export function certifyDevice(identity: IdentityKeyPair, deviceId: string, signatureKey: Uint8Array): DeviceRecord {
  if (signatureKey.length !== SIGN_PUBLIC_BYTES) throw new RangeError('device keys are Ed25519 public keys');
  return {
    userId: identity.userId,
    deviceId,
    signatureKey,
    identityKey: identity.publicKey,
    certificate: sign(deviceStatement(identity.userId, deviceId, signatureKey, identity.publicKey), identity.secretKey),
  };
}

/**
 * Signature checks of device certificates already done, by the exact bytes checked (statement,
 * certificate, key). A certificate's validity never changes, and a member's is checked before
 * every message it is sent to; whether the device is still trusted (its owner's current key, a
 * revocation) is decided anew every time by the authority, never kept here.
 */
const certificateChecks = new Map<string, boolean>();
const CERTIFICATE_CHECKS_KEPT = 10_000;

export function isCertifiedDevice(d: DeviceRecord): boolean {
  const statement = deviceStatement(d.userId, d.deviceId, d.signatureKey, d.identityKey);
  const key = `${toB64(statement)}.${toB64(d.certificate)}`;
  const known = certificateChecks.get(key);
  if (known !== undefined) return known;
  const valid = verify(d.certificate, statement, d.identityKey);
  if (certificateChecks.size >= CERTIFICATE_CHECKS_KEPT) certificateChecks.clear();
  certificateChecks.set(key, valid);
  return valid;
}

const revocationStatement = (userId: string, deviceId: string, identityKey: Uint8Array) =>
  canonical(LABEL.deviceRevoked, userId, deviceId, identityKey);

export function revokeDevice(identity: IdentityKeyPair, deviceId: string): DeviceRevocation {
  return {
    userId: identity.userId,
    deviceId,
    identityKey: identity.publicKey,
    signature: sign(revocationStatement(identity.userId, deviceId, identity.publicKey), identity.secretKey),
  };
}

export const isSignedRevocation = (r: DeviceRevocation): boolean =>
  verify(r.signature, revocationStatement(r.userId, r.deviceId, r.identityKey), r.identityKey);

/**
 * The identity of an MLS basic credential: who and which device, nothing else. The signature key
 * beside it in the leaf is what the authentication service checks against the certified device.
 */
export function credentialIdentity(userId: string, deviceId: string): Uint8Array {
  return canonical(LABEL.credential, userId, deviceId);
}

/** Reads a credential identity back, refusing anything that is not exactly one. */
export function parseCredentialIdentity(bytes: Uint8Array): { userId: string; deviceId: string } {
  const fields = readCanonical(bytes);
  if (!fields || fields.length !== 3 || fields[0] !== LABEL.credential) fail('credential_malformed');
  const [, userId, deviceId] = fields;
  if (typeof userId !== 'string' || typeof deviceId !== 'string') fail('credential_malformed');
  const again = credentialIdentity(userId, deviceId);
  if (again.length !== bytes.length || !again.every((b, i) => b === bytes[i])) fail('credential_malformed');
  return { userId, deviceId };
}

/** Decodes text fields of a canonical encoding (tag 2); anything else answers null. */
function readCanonical(bytes: Uint8Array): string[] | null {
  const out: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (at + 5 > bytes.length || bytes[at] !== 2) return null;
    const length = view.getUint32(at + 1);
    if (at + 5 + length > bytes.length) return null;
    try {
      out.push(fromUtf8(bytes.subarray(at + 5, at + 5 + length)));
    } catch {
      return null;
    }
    at += 5 + length;
  }
  return out;
}
