import type { LogEntryJson, SignedHeadJson } from '../transparency/log.js';
import type { DeviceBackupBlob } from '../mls/backup.js';
import type { DeviceRef } from '../mls/delivery.js';

/**
 * What a device needs of the server, as JSON with base64url bytes: the key transparency log, the
 * delivery service, the backup and the history archive. The web client implements it with its
 * HTTP client; tests with the real API. Every answer is untrusted: the device checks what matters.
 */
export interface LiaisonTransport {
  logKey(): Promise<string>;
  head(knownSize: number): Promise<{ head: SignedHeadJson | null; consistency: string[] }>;
  consistency(from: number, to: number): Promise<{ proof: string[] }>;
  records(userId: string, size: number): Promise<{ items: (LogEntryJson & { position: number; proof: string[] })[] }>;
  publishIdentity(body: { identityKey: string; previousKey: string | null; succession: string | null }): Promise<void>;
  publishDevice(body: {
    deviceId: string;
    signatureKey: string;
    identityKey: string;
    certificate: string;
  }): Promise<void>;
  uploadKeyPackages(deviceId: string, keyPackages: string[]): Promise<number>;
  availableKeyPackages(deviceId: string): Promise<number>;
  /** One KeyPackage per current device of each person, or only of the devices named. */
  claimKeyPackages(
    userIds: string[],
    devices?: { userId: string; deviceId: string }[],
  ): Promise<{
    items: { userId: string; deviceId: string; keyPackage: string }[];
    withoutKeyPackages: string[];
  }>;
  backup(): Promise<{ blob: DeviceBackupBlob; version: number } | null>;
  saveBackup(blob: DeviceBackupBlob, expectedVersion: number): Promise<number>;
  createThread(body: {
    threadId: string;
    deviceId: string;
    linkedType?: 'working_group';
    linkedId?: string;
  }): Promise<void>;
  commit(
    threadId: string,
    body: {
      deviceId: string;
      clientMessageId: string;
      epoch: number;
      afterSeq?: number;
      commit: string;
      welcome?: string;
      added: DeviceRef[];
      removed: DeviceRef[];
      signature: string;
    },
  ): Promise<{ seq: number; epoch: number }>;
  send(
    threadId: string,
    body: { deviceId: string; clientMessageId: string; message: string; signature: string },
  ): Promise<{ seq: number; id: string }>;
  leave(
    threadId: string,
    body: { deviceId: string; clientMessageId: string; proposal: string; signature: string },
  ): Promise<{ seq: number }>;
  messages(threadId: string, deviceId: string, afterSeq: number): Promise<{ items: DeliveredMessage[] }>;
  welcomes(deviceId: string): Promise<{ items: { threadId: string; epoch: number; body: string }[] }>;
}

/** A message as the delivery service hands it out. */
export interface DeliveredMessage {
  id: string;
  seq: number;
  epoch: number;
  kind: 'application' | 'commit' | 'proposal';
  senderUserId: string;
  senderDeviceId: string;
  clientMessageId: string;
  body: string;
  createdAt: string;
  added?: DeviceRef[];
  removed?: DeviceRef[];
}

/** Where a device keeps its state between sessions (the web client: IndexedDB). */
export interface DeviceStorage {
  load<T>(key: string): Promise<T | undefined>;
  save(key: string, value: unknown): Promise<void>;
}

/** A 409 from the delivery service: the thread moved on to `currentEpoch`. */
export class StaleEpochError extends Error {
  constructor(readonly currentEpoch: number) {
    super(`the thread is at epoch ${currentEpoch}`);
  }
}
