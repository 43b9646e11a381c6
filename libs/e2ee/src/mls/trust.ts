import { equalBytes, fromB64, toB64 } from '../bytes.js';
import { E2eeError, type E2eeFailure } from '../errors.js';
import {
  type DeviceRecord,
  type DeviceRevocation,
  type IdentityRecord,
  isCertifiedDevice,
  isSignedRevocation,
  isSignedSuccession,
  parseCredentialIdentity,
} from './identity.js';

/**
 * What a client trusts about each person: the identity keys it accepted (the first one it saw,
 * every key that followed with its predecessor's signature, and any a person accepted by hand),
 * whether the person's safety number was verified, and a pending key change that blocks adding,
 * removing and sending in every thread with that person until someone accepts it.
 */

export interface PinJson {
  userId: string;
  /** Every accepted identity key, oldest first; the last is the current one. */
  keys: string[];
  verified: boolean;
  /** An identity key the log shows that no accepted key signed over to. */
  pendingKey: string | null;
}

export type PersonTrust = 'verified' | 'trusted' | 'changed';

interface Pin {
  keys: Uint8Array[];
  verified: boolean;
  pendingKey: Uint8Array | null;
}

export class TrustStore {
  private readonly pins = new Map<string, Pin>();

  constructor(saved: readonly PinJson[] = []) {
    for (const p of saved)
      this.pins.set(p.userId, {
        keys: p.keys.map(fromB64),
        verified: p.verified,
        pendingKey: p.pendingKey ? fromB64(p.pendingKey) : null,
      });
  }

  toJson(): PinJson[] {
    return [...this.pins].map(([userId, p]) => ({
      userId,
      keys: p.keys.map(toB64),
      verified: p.verified,
      pendingKey: p.pendingKey ? toB64(p.pendingKey) : null,
    }));
  }

  /**
   * Reads a person's identity records as the log lists them (oldest first, each already shown
   * to be in the log). The first key ever seen is pinned; a record that its predecessor signed
   * moves the pin silently; anything else (a reset, or a history without the pinned key) is a
   * key change, kept pending until accepted.
   */
  review(userId: string, identities: readonly IdentityRecord[]): PersonTrust {
    const records = identities.filter((r) => r.userId === userId);
    if (records.length === 0) return this.trustOf(userId) ?? 'changed';
    let pin = this.pins.get(userId);
    if (!pin) {
      pin = { keys: [records[records.length - 1]!.identityKey], verified: false, pendingKey: null };
      this.pins.set(userId, pin);
      return 'trusted';
    }
    const latest = records[records.length - 1]!;
    // Once seen, a change stays until a person accepts it: a later view that leaves the new key
    // out (a server withholding it) does not make it go away.
    if (pin.pendingKey) {
      if (!equalBytes(pin.pendingKey, latest.identityKey) && !this.isAccepted(userId, latest.identityKey))
        pin.pendingKey = latest.identityKey;
      return 'changed';
    }
    const current = pin.keys[pin.keys.length - 1]!;
    const at = records.findIndex((r) => equalBytes(r.identityKey, current));
    if (at < 0) {
      pin.pendingKey = latest.identityKey;
      return 'changed';
    }
    for (const next of records.slice(at + 1)) {
      const head = pin.keys[pin.keys.length - 1]!;
      if (isSignedSuccession(next) && equalBytes(next.previousKey!, head)) {
        pin.keys.push(next.identityKey);
        continue;
      }
      pin.pendingKey = latest.identityKey;
      return 'changed';
    }
    return pin.verified ? 'verified' : 'trusted';
  }

  trustOf(userId: string): PersonTrust | null {
    const pin = this.pins.get(userId);
    if (!pin) return null;
    if (pin.pendingKey) return 'changed';
    return pin.verified ? 'verified' : 'trusted';
  }

  currentKey(userId: string): Uint8Array | null {
    const pin = this.pins.get(userId);
    return pin ? pin.keys[pin.keys.length - 1]! : null;
  }

  pendingKey(userId: string): Uint8Array | null {
    return this.pins.get(userId)?.pendingKey ?? null;
  }

  /**
   * A person looked at the changed key (its safety number) and accepts it; verification starts
   * over. Only the key that was shown is accepted: if the pending key changed meanwhile, nothing is.
   */
  acceptChange(userId: string, shownKey: Uint8Array): boolean {
    const pin = this.pins.get(userId);
    if (!pin?.pendingKey || !equalBytes(pin.pendingKey, shownKey)) return false;
    pin.keys.push(pin.pendingKey);
    pin.pendingKey = null;
    pin.verified = false;
    return true;
  }

  /** Marks the current key verified (safety numbers compared); never a pending one. */
  markVerified(userId: string, identityKey: Uint8Array): void {
    const pin = this.pins.get(userId);
    if (!pin || pin.pendingKey || !equalBytes(pin.keys[pin.keys.length - 1]!, identityKey)) return;
    pin.verified = true;
  }

  isAccepted(userId: string, identityKey: Uint8Array): boolean {
    return this.pins.get(userId)?.keys.some((k) => equalBytes(k, identityKey)) ?? false;
  }
}

/** The devices the log shows, already checked for inclusion by the caller. */
export interface DeviceView {
  devices: readonly DeviceRecord[];
  revocations: readonly DeviceRevocation[];
}

/**
 * The MLS authentication service: a leaf is accepted only if its credential names a device whose
 * certificate an accepted identity key of that person signed, the device is not revoked, its
 * certified key is the leaf's signature key, and no key change of that person is pending. Why a
 * leaf was refused is kept for the person to read.
 */
export class DeviceAuthority {
  lastRefusal: { reason: E2eeFailure; userId?: string; deviceId?: string } | null = null;

  constructor(
    private readonly trust: TrustStore,
    private readonly view: () => DeviceView,
  ) {}

  /** The check itself, answering the reason of a refusal (or null). */
  refusal(credentialIdentity: Uint8Array, signatureKey: Uint8Array): DeviceAuthority['lastRefusal'] {
    let who: { userId: string; deviceId: string };
    try {
      who = parseCredentialIdentity(credentialIdentity);
    } catch {
      return { reason: 'credential_malformed' };
    }
    const refuse = (reason: E2eeFailure) => ({ reason, ...who });
    if (this.trust.trustOf(who.userId) === 'changed') return refuse('identity_changed');
    const { devices, revocations } = this.view();
    // Only the current identity key certifies devices: a replaced key (perhaps the reason it was
    // replaced) must not add devices, so a person's devices are certified again after a succession.
    const current = this.trust.currentKey(who.userId);
    const certified = devices.filter(
      (d) =>
        d.userId === who.userId &&
        d.deviceId === who.deviceId &&
        current !== null &&
        equalBytes(d.identityKey, current) &&
        isCertifiedDevice(d),
    );
    if (certified.length === 0) return refuse('unknown_device');
    if (!certified.some((d) => equalBytes(d.signatureKey, signatureKey))) return refuse('device_key_mismatch');
    const revoked = revocations.some(
      (r) =>
        r.userId === who.userId &&
        r.deviceId === who.deviceId &&
        this.trust.isAccepted(who.userId, r.identityKey) &&
        isSignedRevocation(r),
    );
    return revoked ? refuse('device_revoked') : null;
  }

  /** ts-mls's AuthenticationService. */
  readonly service = {
    validateCredential: async (
      credential: { credentialType: string; identity?: Uint8Array },
      signatureKey: Uint8Array,
    ): Promise<boolean> => {
      const refusal =
        credential.credentialType === 'basic' && credential.identity
          ? this.refusal(credential.identity, signatureKey)
          : { reason: 'credential_malformed' as const };
      if (refusal) this.lastRefusal = refusal;
      return refusal === null;
    },
  };

  /** Turns a refusal the MLS library reported into the specific reason. */
  explain(fallback: E2eeFailure = 'mls_rejected'): E2eeError {
    const r = this.lastRefusal;
    this.lastRefusal = null;
    return new E2eeError(r?.reason ?? fallback, r?.userId ? `${r.reason}: ${r.userId}/${r.deviceId}` : undefined);
  }
}
