import { sha256 } from '@noble/hashes/sha2.js';
import { canonical } from '../canonical.js';
import { sign, verify } from '../primitives.js';
import type { DeviceKeys } from './thread-group.js';

/**
 * What a device signs when it hands the delivery service a commit, a message or its leaving: the
 * thread, the kind, the epoch, the MLS bytes (by hash), its message id and, for a commit, the
 * devices it says the commit adds and removes. The server checks it with the device's certified
 * key, so a stolen session without the device's key cannot post for it; members compare a
 * commit's declared changes with what the commit does.
 */

export type DeliveryKind = 'commit' | 'application' | 'proposal';
export interface DeviceRef {
  userId: string;
  deviceId: string;
}
export interface DeliveryRequest {
  threadId: string;
  kind: DeliveryKind;
  epoch: number;
  body: Uint8Array;
  clientMessageId: string;
  added?: readonly DeviceRef[];
  removed?: readonly DeviceRef[];
}

const refs = (list: readonly DeviceRef[] = []) =>
  [...list]
    .map((d) => `${d.userId}/${d.deviceId}`)
    .sort()
    .join('\n');

export const deliveryStatement = (r: DeliveryRequest): Uint8Array =>
  canonical(
    'liaison/v2/delivery',
    r.threadId,
    r.kind,
    r.epoch,
    sha256(r.body),
    r.clientMessageId,
    refs(r.added),
    refs(r.removed),
  );

export const signDelivery = (device: Pick<DeviceKeys, 'secretKey'>, r: DeliveryRequest): Uint8Array =>
  sign(deliveryStatement(r), device.secretKey);

export const isSignedDelivery = (signature: Uint8Array, r: DeliveryRequest, signatureKey: Uint8Array): boolean =>
  verify(signature, deliveryStatement(r), signatureKey);

/**
 * What a device signs to prove it holds its key on one socket connection (the server names the
 * connection): the server then takes that device's messages on that connection without checking
 * each one's delivery signature. Another connection, even with the person's session, proves
 * nothing.
 */
export const socketProofStatement = (userId: string, deviceId: string, socketId: string): Uint8Array =>
  canonical('liaison/v2/socket', userId, deviceId, socketId);

export const signSocketProof = (
  device: Pick<DeviceKeys, 'secretKey'>,
  who: { userId: string; deviceId: string },
  socketId: string,
): Uint8Array => sign(socketProofStatement(who.userId, who.deviceId, socketId), device.secretKey);
