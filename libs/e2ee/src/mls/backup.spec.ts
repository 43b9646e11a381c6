import { randomBytes, toB64 } from '../bytes.js';
import { newRecoveryKey } from '../backup.js';
import { generateSigningKeyPair } from '../primitives.js';
import { certifyDevice, generateIdentityKey, identityRecord, revokeDevice } from './identity.js';
import {
  foreignRecords,
  newDeviceBackupKey,
  openArchiveChunk,
  openDeviceBackup,
  openDeviceBackupWithKey,
  sealArchiveChunk,
  sealDeviceBackup,
  type DeviceBackupPayload,
} from './backup.js';

const payload = (): DeviceBackupPayload => ({
  v: 2,
  identitySecretKey: toB64(randomBytes(32)),
  logKey: toB64(randomBytes(32)),
  devices: [{ deviceId: 'laptop-1', signatureKey: toB64(randomBytes(32)), createdAt: '2026-12-07T10:00:00Z' }],
  archiveKey: toB64(randomBytes(32)),
  pins: [],
});

describe('the v2 key backup and history archive', () => {
  it('opens only with the 24 words it was sealed under, for the person it belongs to', () => {
    const { key: words } = newRecoveryKey();
    const key = newDeviceBackupKey('ana', words);
    const content = payload();
    const blob = sealDeviceBackup(key, content);
    expect(openDeviceBackup(blob, 'ana', words).payload).toEqual(content);
    expect(() => openDeviceBackup(blob, 'ana', newRecoveryKey().key)).toThrow(
      expect.objectContaining({ reason: 'backup_wrong_key' }),
    );
    expect(() => openDeviceBackup(blob, 'jurgen', words)).toThrow(
      expect.objectContaining({ reason: 'backup_malformed' }),
    );
    // Another person's blob presented as Ana's (userId rewritten) does not open: the user id is bound in.
    expect(() => openDeviceBackup({ ...blob, userId: 'mallory' }, 'mallory', words)).toThrow(
      expect.objectContaining({ reason: 'backup_wrong_key' }),
    );
    const tampered = { ...blob, ciphertext: blob.ciphertext.slice(0, -4) + 'AAAA' };
    expect(() => openDeviceBackupWithKey(tampered, key)).toThrow(
      expect.objectContaining({ reason: 'backup_malformed' }),
    );
  });

  it('seals history chunks that open only for their person, thread and range', () => {
    const archiveKey = randomBytes(32);
    const messages = [
      { seq: 4, senderUserId: 'ana', senderDeviceId: 'laptop-1', sentAt: '2026-12-07T10:00:00Z', body: { text: 'a' } },
      { seq: 7, senderUserId: 'jurgen', senderDeviceId: 'pc', sentAt: '2026-12-07T10:01:00Z', body: { text: 'b' } },
    ];
    const chunk = sealArchiveChunk(archiveKey, 'ana', 'thread-1', messages);
    expect(chunk).toMatchObject({ fromSeq: 4, toSeq: 7 });
    expect(openArchiveChunk(archiveKey, 'ana', chunk)).toEqual(messages);
    for (const moved of [
      { ...chunk, threadId: 'thread-2' },
      { ...chunk, fromSeq: 1 },
    ])
      expect(() => openArchiveChunk(archiveKey, 'ana', moved)).toThrow(
        expect.objectContaining({ reason: 'decrypt_failed' }),
      );
    expect(() => openArchiveChunk(archiveKey, 'jurgen', chunk)).toThrow(
      expect.objectContaining({ reason: 'decrypt_failed' }),
    );
  });

  it('shows a person the identity keys and devices in the log that they did not make', () => {
    const identity = generateIdentityKey('ana');
    const laptop = generateSigningKeyPair();
    const mine = certifyDevice(identity, 'laptop-1', laptop.publicKey);
    const planted = certifyDevice(identity, 'attacker-pc', generateSigningKeyPair().publicKey);
    const swapped = certifyDevice(identity, 'laptop-1', generateSigningKeyPair().publicKey);
    const resetByServer = identityRecord(generateIdentityKey('ana'));
    const entries = [
      { kind: 'identity' as const, record: identityRecord(identity) },
      { kind: 'device' as const, record: mine },
      { kind: 'device' as const, record: planted },
      { kind: 'device' as const, record: swapped },
      { kind: 'identity' as const, record: resetByServer },
      { kind: 'revocation' as const, record: revokeDevice(identity, 'laptop-1') },
    ];
    const foreign = foreignRecords(entries, {
      userId: 'ana',
      identityKeys: [identity.publicKey],
      devices: [{ deviceId: 'laptop-1', signatureKey: laptop.publicKey }],
    });
    expect(foreign).toEqual([entries[2], entries[3], entries[4]]);
  });
});
