import { equalBytes, fromB64, fromUtf8, randomBytes, toB64, utf8 } from '../bytes.js';
import { canonical, LABEL } from '../canonical.js';
import { E2eeError, fail } from '../errors.js';
import { deriveKey, KEY_BYTES, open, seal } from '../primitives.js';
import type { LogEntry } from '../transparency/log.js';
import type { PinJson } from './trust.js';

/**
 * Protocol v2's key backup and history archive. The backup is sealed under the 24 recovery words
 * only: they carry 256 bits, so an offline attack on the stored blob is out of reach, where a
 * passphrase chosen by a person can be guessed (v1 offered one; v2 does not). It holds what a new
 * device needs: the identity key, the pinned log key, the person's own devices (to notice a
 * device nobody of theirs made), the trust store, and the key of the history archive, whose
 * chunks (messages as this person's devices read them) the server keeps without being able to
 * open them.
 */

export interface DeviceBackupPayload {
  v: 2;
  identitySecretKey: string;
  logKey: string;
  devices: { deviceId: string; signatureKey: string; createdAt: string }[];
  archiveKey: string;
  pins: PinJson[];
}

/** What the server stores (opaque to it): one data key wrapped under the recovery words. */
export interface DeviceBackupBlob {
  version: 2;
  userId: string;
  salt: string;
  wrapNonce: string;
  wrappedKey: string;
  nonce: string;
  ciphertext: string;
}

const ARCHIVE = 'liaison/v2/archive';
const wrapKey = (recoveryKey: Uint8Array, salt: Uint8Array) => deriveKey(recoveryKey, salt, utf8(LABEL.backupKey));
const wrapAad = (userId: string) => canonical(LABEL.backupKey, userId, 'recovery', 2);
const payloadAad = (userId: string) => canonical(LABEL.backup, userId, 2);

/** The data key of a person's backup, held by each of their devices to save the backup again. */
export interface DeviceBackupKey {
  userId: string;
  dataKey: Uint8Array;
  salt: Uint8Array;
  wrapNonce: Uint8Array;
  wrappedKey: Uint8Array;
}

export function newDeviceBackupKey(userId: string, recoveryKey: Uint8Array): DeviceBackupKey {
  const dataKey = randomBytes(KEY_BYTES);
  const salt = randomBytes(16);
  const wrapped = seal(wrapKey(recoveryKey, salt), dataKey, wrapAad(userId));
  return { userId, dataKey, salt, wrapNonce: wrapped.nonce, wrappedKey: wrapped.ciphertext };
}

export function sealDeviceBackup(key: DeviceBackupKey, payload: DeviceBackupPayload): DeviceBackupBlob {
  const sealed = seal(key.dataKey, utf8(JSON.stringify(payload)), payloadAad(key.userId));
  return {
    version: 2,
    userId: key.userId,
    salt: toB64(key.salt),
    wrapNonce: toB64(key.wrapNonce),
    wrappedKey: toB64(key.wrappedKey),
    nonce: toB64(sealed.nonce),
    ciphertext: toB64(sealed.ciphertext),
  };
}

/** Opens a backup with the 24 words (`backup_wrong_key` if they are other words). */
export function openDeviceBackup(
  blob: DeviceBackupBlob,
  userId: string,
  recoveryKey: Uint8Array,
): { key: DeviceBackupKey; payload: DeviceBackupPayload } {
  if (blob?.version !== 2 || blob.userId !== userId) fail('backup_malformed', "this is not this person's backup");
  let key: DeviceBackupKey;
  try {
    const salt = fromB64(blob.salt);
    const wrapNonce = fromB64(blob.wrapNonce);
    const wrappedKey = fromB64(blob.wrappedKey);
    const dataKey = open(wrapKey(recoveryKey, salt), wrapNonce, wrappedKey, wrapAad(userId));
    if (!dataKey) return fail('backup_wrong_key', 'these recovery words do not open the backup');
    key = { userId, dataKey, salt, wrapNonce, wrappedKey };
  } catch (err) {
    if (err instanceof E2eeError) throw err;
    return fail('backup_malformed', 'the key backup is damaged');
  }
  return { key, payload: openWithKey(blob, key) };
}

/** Opens a newer version of the backup with the data key a device holds (to merge before saving). */
export function openDeviceBackupWithKey(blob: DeviceBackupBlob, key: DeviceBackupKey): DeviceBackupPayload {
  if (blob?.version !== 2 || blob.userId !== key.userId) fail('backup_malformed', "this is not this person's backup");
  return openWithKey(blob, key);
}

function openWithKey(blob: DeviceBackupBlob, key: DeviceBackupKey): DeviceBackupPayload {
  let plaintext: Uint8Array | null;
  try {
    plaintext = open(key.dataKey, fromB64(blob.nonce), fromB64(blob.ciphertext), payloadAad(key.userId));
  } catch {
    plaintext = null;
  }
  if (!plaintext) fail('backup_malformed', 'the key backup is damaged');
  const payload = JSON.parse(fromUtf8(plaintext)) as DeviceBackupPayload;
  if (payload?.v !== 2) fail('backup_malformed', 'the key backup is damaged');
  return payload;
}

/** A message of the history archive: what the device read, as it showed it. */
export interface ArchivedMessage {
  seq: number;
  senderUserId: string;
  senderDeviceId: string;
  sentAt: string;
  body: unknown;
}

export interface ArchiveChunk {
  threadId: string;
  fromSeq: number;
  toSeq: number;
  nonce: string;
  ciphertext: string;
}

const chunkAad = (userId: string, threadId: string, fromSeq: number, toSeq: number) =>
  canonical(ARCHIVE, userId, threadId, fromSeq, toSeq);

/** Seals messages of one thread (seqs fromSeq..toSeq) under the archive key, bound to who and where. */
export function sealArchiveChunk(
  archiveKey: Uint8Array,
  userId: string,
  threadId: string,
  messages: ArchivedMessage[],
): ArchiveChunk {
  if (messages.length === 0) throw new RangeError('an archive chunk holds at least one message');
  const fromSeq = Math.min(...messages.map((m) => m.seq));
  const toSeq = Math.max(...messages.map((m) => m.seq));
  const sealed = seal(archiveKey, utf8(JSON.stringify(messages)), chunkAad(userId, threadId, fromSeq, toSeq));
  return { threadId, fromSeq, toSeq, nonce: toB64(sealed.nonce), ciphertext: toB64(sealed.ciphertext) };
}

/** Opens a chunk; one altered, moved to another thread or range, or of another person is refused. */
export function openArchiveChunk(archiveKey: Uint8Array, userId: string, chunk: ArchiveChunk): ArchivedMessage[] {
  let plaintext: Uint8Array | null;
  try {
    plaintext = open(
      archiveKey,
      fromB64(chunk.nonce),
      fromB64(chunk.ciphertext),
      chunkAad(userId, chunk.threadId, chunk.fromSeq, chunk.toSeq),
    );
  } catch {
    plaintext = null;
  }
  if (!plaintext) fail('decrypt_failed', 'an archived part of the history does not open');
  const messages = JSON.parse(fromUtf8(plaintext)) as ArchivedMessage[];
  if (!messages.every((m) => m.seq >= chunk.fromSeq && m.seq <= chunk.toSeq)) fail('malformed', 'archive chunk');
  return messages;
}

/**
 * What a person's own client checks in the log about them: every identity key and device there
 * must be one they made (their backup lists them). Anything else is shown at once: someone with
 * the server (or a stolen session and key) published it.
 */
export function foreignRecords(
  entries: readonly LogEntry[],
  own: { userId: string; identityKeys: Uint8Array[]; devices: { deviceId: string; signatureKey: Uint8Array }[] },
): LogEntry[] {
  return entries.filter((e) => {
    if (e.record.userId !== own.userId) return false;
    if (e.kind === 'identity') return !own.identityKeys.some((k) => equalBytes(k, e.record.identityKey));
    if (e.kind === 'device')
      return !own.devices.some(
        (d) => d.deviceId === e.record.deviceId && equalBytes(d.signatureKey, e.record.signatureKey),
      );
    return !own.devices.some((d) => d.deviceId === e.record.deviceId);
  });
}
