import { generateSigningKeyPair } from '../primitives.js';
import {
  certifyDevice,
  type DeviceRecord,
  type DeviceRevocation,
  generateIdentityKey,
  type IdentityKeyPair,
  type IdentityRecord,
  identityRecord,
} from './identity.js';
import type { DeviceKeys } from './thread-group.js';
import { DeviceAuthority, TrustStore } from './trust.js';

/**
 * Test fixtures for the MLS layer's specs (not exported by the library): people with one device
 * each, what a server publishes about them, and a client's view of it.
 */

export interface Person {
  userId: string;
  identity: IdentityKeyPair;
  device: DeviceKeys;
  record: DeviceRecord;
}

export function person(userId: string, identity = generateIdentityKey(userId), deviceId = `${userId}-laptop`): Person {
  const keys = generateSigningKeyPair();
  return {
    userId,
    identity,
    device: { userId, deviceId, secretKey: keys.secretKey, publicKey: keys.publicKey },
    record: certifyDevice(identity, deviceId, keys.publicKey),
  };
}

/** What the (honest or not) server publishes: identity, device and revocation records. */
export class Published {
  identities: IdentityRecord[] = [];
  devices: DeviceRecord[] = [];
  revocations: DeviceRevocation[] = [];
  publish(...people: Person[]) {
    for (const p of people) {
      if (!this.identities.some((r) => r.identityKey === p.identity.publicKey))
        this.identities.push(identityRecord(p.identity));
      this.devices.push(p.record);
    }
  }
}

/** A client: its own trust store and authority, reading what `published` serves. */
export function client(published: Published) {
  const trust = new TrustStore();
  const authority = new DeviceAuthority(trust, () => ({
    devices: published.devices,
    revocations: published.revocations,
  }));
  const review = () => {
    for (const userId of new Set(published.identities.map((r) => r.userId))) trust.review(userId, published.identities);
  };
  review();
  return { trust, authority, review };
}
