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
  private changes = 0;

  /** Moves on with every change of what is trusted (a verdict read before may be stale). */
  get version(): number {
    return this.changes;
  }

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
    this.changes++;
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
    this.changes++;
    return true;
  }

  /** Marks the current key verified (safety numbers compared); never a pending one. */
  markVerified(userId: string, identityKey: Uint8Array): void {
    const pin = this.pins.get(userId);
    if (!pin || pin.pendingKey || !equalBytes(pin.keys[pin.keys.length - 1]!, identityKey)) return;
    pin.verified = true;
    this.changes++;
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

/** One key per device of a person, unambiguous whatever the ids hold. */
const deviceKey = (userId: string, deviceId: string) => JSON.stringify([userId, deviceId]);

/**
 * The MLS authentication service: a leaf is accepted only if its credential names a device whose
 * certificate an accepted identity key of that person signed, the device is not revoked, its
 * certified key is the leaf's signature key, and no key change of that person is pending. Why a
 * leaf was refused is kept for the person to read.
 */
export class DeviceAuthority {
  lastRefusal: { reason: E2eeFailure; userId?: string; deviceId?: string } | null = null;
  /**
   * The view's records by device, built again when the view hands out other lists or its lists
   * grew or shrank (a log's lists are only appended to, or replaced).
   */
  private index: {
    devices: readonly DeviceRecord[];
    revocations: readonly DeviceRevocation[];
    sizes: [number, number];
    certificates: Map<string, DeviceRecord[]>;
    revoked: Map<string, DeviceRevocation[]>;
  } | null = null;
  /** Signature checks of certificates and revocations, once per record (records are never changed in place). */
  private readonly certificateChecks = new WeakMap<DeviceRecord, boolean>();
  private readonly revocationChecks = new WeakMap<DeviceRevocation, boolean>();
  private indexBuilds = 0;

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
    return this.refusalOf(who, signatureKey);
  }

  /** The same check for a credential already read. */
  refusalOf(who: { userId: string; deviceId: string }, signatureKey: Uint8Array): DeviceAuthority['lastRefusal'] {
    const refuse = (reason: E2eeFailure) => ({ reason, ...who });
    const { certificates, revoked } = this.indexed();
    const device = deviceKey(who.userId, who.deviceId);
    // A revocation signed by any key the reader accepted stands, even while a key change of that
    // person waits (the change must not make a revoked device's messages readable again).
    const isRevoked = (revoked.get(device) ?? []).some(
      (r) => this.trust.isAccepted(who.userId, r.identityKey) && this.isSignedRevocation(r),
    );
    if (isRevoked) return refuse('device_revoked');
    if (this.trust.trustOf(who.userId) === 'changed') return refuse('identity_changed');
    // Only the current identity key certifies devices: a replaced key (perhaps the reason it was
    // replaced) must not add devices, so a person's devices are certified again after a succession.
    const current = this.trust.currentKey(who.userId);
    const certified = (certificates.get(device) ?? []).filter(
      (d) => current !== null && equalBytes(d.identityKey, current) && this.isCertified(d),
    );
    if (certified.length === 0) return refuse('unknown_device');
    if (!certified.some((d) => equalBytes(d.signatureKey, signatureKey))) return refuse('device_key_mismatch');
    return null;
  }

  /**
   * Changes whenever a verdict could: the trust store changed, or the view handed out other
   * records. Equal generations mean every refusal answered in between still holds.
   */
  get generation(): string {
    this.indexed();
    return `${this.trust.version}/${this.indexBuilds}`;
  }

  private indexed(): NonNullable<DeviceAuthority['index']> {
    const { devices, revocations } = this.view();
    const i = this.index;
    if (
      i?.devices === devices &&
      i.revocations === revocations &&
      i.sizes[0] === devices.length &&
      i.sizes[1] === revocations.length
    )
      return i;
    const certificates = new Map<string, DeviceRecord[]>();
    for (const d of devices) {
      const k = deviceKey(d.userId, d.deviceId);
      certificates.set(k, [...(certificates.get(k) ?? []), d]);
    }
    const revoked = new Map<string, DeviceRevocation[]>();
    for (const r of revocations) {
      const k = deviceKey(r.userId, r.deviceId);
      revoked.set(k, [...(revoked.get(k) ?? []), r]);
    }
    this.index = { devices, revocations, sizes: [devices.length, revocations.length], certificates, revoked };
    this.indexBuilds++;
    return this.index;
  }

  private isCertified(d: DeviceRecord): boolean {
    let valid = this.certificateChecks.get(d);
    if (valid === undefined) {
      valid = isCertifiedDevice(d);
      this.certificateChecks.set(d, valid);
    }
    return valid;
  }

  private isSignedRevocation(r: DeviceRevocation): boolean {
    let valid = this.revocationChecks.get(r);
    if (valid === undefined) {
      valid = isSignedRevocation(r);
      this.revocationChecks.set(r, valid);
    }
    return valid;
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
