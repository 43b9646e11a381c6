import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, type AuthenticatedUser, FreshAuthentication } from '@liaison/core';
import {
  checkKeyPackage,
  consistencyProof,
  deriveKey,
  E2eeError,
  equalBytes,
  fromB64,
  inclusionProof,
  isCertifiedDevice,
  isSignedRevocation,
  isSignedSuccession,
  keyPackageExpiry,
  type LogEntry,
  logEntryFromJson,
  logLeafHash,
  merkleRoot,
  signHead,
  signingPublicKey,
  toB64,
  utf8,
} from '@liaison/e2ee';
import { MessagingError, rejected } from '../errors.js';
import { type HeadRow, KeyLogRepository, type LogEntryRow } from './key-log.repository.js';
import type { AppendedDto, HeadDto, LogEntriesDto, SignedHeadDto } from './transparency.dto.js';

const MAX_DEVICES = 20;
const MAX_KEY_PACKAGES = 200;
const MAX_IDENTITY_CHANGES_A_DAY = 5;
/** KeyPackages one person may claim in an hour (adding people to threads), so nobody drains others'. */
const MAX_CLAIMS_AN_HOUR = 300;

const b = (text: string, field: string): Uint8Array => {
  try {
    return fromB64(text);
  } catch {
    throw new MessagingError('keys_invalid', `${field} is not base64url`, [{ field, reasons: ['not base64url'] }]);
  }
};
const buf = (bytes: Uint8Array) => Buffer.from(bytes);
const headDto = (h: HeadRow): SignedHeadDto => ({
  size: h.size,
  root: toB64(h.root),
  issuedAt: h.issuedAt,
  signature: toB64(h.signature),
});

/** A stored entry back as the record the clients check (the same bytes, the same leaf hash). */
export const entryOf = (row: Pick<LogEntryRow, 'userId' | 'kind' | 'deviceId' | 'record'>): LogEntry =>
  logEntryFromJson(row);

/**
 * The key transparency log and the devices it certifies (protocol v2, docs/e2ee.md): a person
 * publishes their identity key and devices, signed as the protocol requires; every record is a
 * leaf of the RFC 9162 tree, and every append signs a new head. An identity key that does not
 * follow the current one with its signature needs a fresh re-authentication.
 */
@Injectable()
export class KeyLogService {
  private readonly logSecret: Uint8Array;
  readonly logKey: Uint8Array;

  constructor(
    private readonly repo: KeyLogRepository,
    private readonly audit: AuditService,
    private readonly fresh: FreshAuthentication,
    config: AppConfig,
  ) {
    // Derived from the pepper every installation already keeps secret; changing the pepper changes
    // the log key, which every client then reports as a changed log.
    this.logSecret = deriveKey(
      utf8(config.secrets.tokenPepper),
      utf8('liaison'),
      utf8('liaison/v2/transparency-log-key'),
    );
    this.logKey = signingPublicKey(this.logSecret);
  }

  async head(knownSize?: number): Promise<HeadDto> {
    const head = await this.repo.latestHead();
    if (!head) return { head: null, consistency: [] };
    if (knownSize === undefined || knownSize === 0 || knownSize === head.size)
      return { head: headDto(head), consistency: [] };
    if (knownSize > head.size)
      throw new MessagingError('keys_invalid', 'The log has no head of that size.', [
        { field: 'knownSize', reasons: [`the log has ${head.size} entries`] },
      ]);
    const leaves = await this.repo.leafHashes(head.size);
    return { head: headDto(head), consistency: consistencyProof(leaves, knownSize, head.size).map(toB64) };
  }

  /**
   * RFC 9162's consistency proof between two sizes the log has had (a client checks the head a
   * member's commit carries against its own with it).
   */
  async consistency(from: number, to: number): Promise<{ proof: string[] }> {
    const latest = await this.repo.latestHead();
    if (!latest || from > to || to > latest.size)
      throw new MessagingError('keys_invalid', 'The log has no such sizes.', [
        { field: 'to', reasons: [`from ≤ to ≤ ${latest?.size ?? 0}`] },
      ]);
    const leaves = await this.repo.leafHashes(to);
    return { proof: consistencyProof(leaves, from, to).map(toB64) };
  }

  /** A person's records with their inclusion proofs in the tree of `size` (default: the latest head). */
  async entries(userId: string, size?: number): Promise<LogEntriesDto> {
    const head = size === undefined ? await this.repo.latestHead() : await this.repo.headOfSize(size);
    if (!head) {
      if (size === undefined) return { head: null, items: [] };
      throw new MessagingError('keys_invalid', 'The log has no head of that size.', [
        { field: 'size', reasons: ['no such head'] },
      ]);
    }
    const [rows, leaves] = await Promise.all([this.repo.entriesOf(userId, head.size), this.repo.leafHashes(head.size)]);
    return {
      head: headDto(head),
      items: rows.map((r) => ({
        position: r.position,
        kind: r.kind,
        userId: r.userId,
        deviceId: r.deviceId,
        record: r.record,
        proof: inclusionProof(leaves, r.position, head.size).map(toB64),
      })),
    };
  }

  async publishIdentity(
    user: AuthenticatedUser,
    dto: { identityKey: string; previousKey?: string | null; succession?: string | null },
    ip: string | null,
  ): Promise<AppendedDto & { reset: boolean }> {
    const record = {
      userId: user.id,
      identityKey: b(dto.identityKey, 'identityKey'),
      previousKey: dto.previousKey ? b(dto.previousKey, 'previousKey') : null,
      succession: dto.succession ? b(dto.succession, 'succession') : null,
    };
    if (record.identityKey.length !== 32)
      throw new MessagingError('keys_invalid', 'identityKey is an Ed25519 public key', [
        { field: 'identityKey', reasons: ['must be 32 bytes'] },
      ]);
    if ((record.previousKey === null) !== (record.succession === null))
      throw new MessagingError('keys_invalid', 'A succession names the previous key and carries its signature.', [
        { field: 'succession', reasons: ['previousKey and succession go together'] },
      ]);
    if (record.succession && !isSignedSuccession(record))
      throw rejected('keys_invalid', new E2eeError('bad_succession'), 'succession');
    const result = await this.repo.appending(async (manager) => {
      const current = await this.repo.currentIdentity(manager, user.id);
      const currentKey = current ? b(current.record.identityKey ?? '', 'identityKey') : null;
      if (currentKey && equalBytes(currentKey, record.identityKey))
        throw new MessagingError('keys_invalid', 'This identity key is already the current one.', [
          { field: 'identityKey', reasons: ['already published'] },
        ]);
      const succession = !!currentKey && !!record.previousKey && equalBytes(record.previousKey, currentKey);
      if (record.previousKey && !succession)
        throw new MessagingError('keys_invalid', 'previousKey is not your current identity key.', [
          { field: 'previousKey', reasons: ['not the current identity key'] },
        ]);
      const reset = currentKey !== null && !succession;
      // A first key or a reset is what a stolen session would publish to read later messages: it
      // needs a fresh sign-in or re-authentication (a signed succession does not).
      if (!succession) await this.fresh.assertRecent(user);
      if ((await this.repo.identityChangesToday(manager, user.id)) >= MAX_IDENTITY_CHANGES_A_DAY)
        throw new MessagingError('too_many_changes', 'Too many identity key changes today; try again tomorrow.');
      const appended = await this.append(manager, { kind: 'identity', record }, null);
      await this.audit.record(
        {
          action: reset ? 'keys.identity.reset' : current ? 'keys.identity.succeeded' : 'keys.identity.published',
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { position: appended.position },
        },
        manager,
      );
      return { ...appended, reset };
    });
    return result;
  }

  async publishDevice(
    user: AuthenticatedUser,
    dto: { deviceId: string; signatureKey: string; identityKey: string; certificate: string },
    ip: string | null,
  ): Promise<AppendedDto> {
    const record = {
      userId: user.id,
      deviceId: dto.deviceId,
      signatureKey: b(dto.signatureKey, 'signatureKey'),
      identityKey: b(dto.identityKey, 'identityKey'),
      certificate: b(dto.certificate, 'certificate'),
    };
    if (record.signatureKey.length !== 32 || !isCertifiedDevice(record))
      throw rejected('keys_invalid', new E2eeError('bad_device_certificate'), 'certificate');
    return this.repo.appending(async (manager) => {
      await this.assertCurrentIdentity(manager, user.id, record.identityKey);
      const existing = await this.repo.device(user.id, dto.deviceId, manager);
      // The same device certified again by a new (succeeding) identity key keeps its id and key.
      const recertified = existing && !existing.revoked && equalBytes(existing.signatureKey, record.signatureKey);
      if (recertified && equalBytes(existing.identityKey, record.identityKey))
        throw new MessagingError('device_exists', 'This device is already certified by your current identity key.');
      if (existing && !recertified)
        throw new MessagingError('device_exists', 'This device is already registered; a new device needs a new id.');
      if (!existing && (await this.repo.countDevices(manager, user.id)) >= MAX_DEVICES)
        throw new MessagingError('too_many_devices', `At most ${MAX_DEVICES} devices per person; revoke an old one.`);
      const appended = await this.append(manager, { kind: 'device', record }, dto.deviceId);
      const row = {
        userId: user.id,
        deviceId: dto.deviceId,
        signatureKey: buf(record.signatureKey),
        identityKey: buf(record.identityKey),
      };
      if (recertified) await this.repo.recertifyDevice(manager, row);
      else await this.repo.insertDevice(manager, row);
      await this.audit.record(
        {
          action: recertified ? 'keys.device.recertified' : 'keys.device.added',
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { deviceId: dto.deviceId, position: appended.position },
        },
        manager,
      );
      return appended;
    });
  }

  async revokeDevice(
    user: AuthenticatedUser,
    deviceId: string,
    dto: { identityKey: string; signature: string },
    ip: string | null,
  ): Promise<AppendedDto> {
    const record = {
      userId: user.id,
      deviceId,
      identityKey: b(dto.identityKey, 'identityKey'),
      signature: b(dto.signature, 'signature'),
    };
    if (!isSignedRevocation(record)) throw rejected('keys_invalid', new E2eeError('bad_signature'), 'signature');
    return this.repo.appending(async (manager) => {
      const device = await this.repo.device(user.id, deviceId, manager);
      if (!device || device.revoked) throw new MessagingError('device_not_found', 'No such device of yours.');
      await this.assertCurrentIdentity(manager, user.id, record.identityKey);
      const appended = await this.append(manager, { kind: 'revocation', record }, deviceId);
      await this.repo.revokeDevice(manager, user.id, deviceId);
      await this.audit.record(
        {
          action: 'keys.device.revoked',
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { deviceId, position: appended.position },
        },
        manager,
      );
      return appended;
    });
  }

  /** Stores KeyPackages of the caller's own unrevoked device, each checked against its certified key. */
  async uploadKeyPackages(user: AuthenticatedUser, deviceId: string, packages: string[]): Promise<number> {
    const device = await this.repo.device(user.id, deviceId);
    if (!device || device.revoked) throw new MessagingError('device_not_found', 'No such device of yours.');
    // Checked before the (slow) signature checks, and again under the device's lock when storing.
    const available = await this.repo.countKeyPackages(user.id, deviceId);
    if (available + packages.length > MAX_KEY_PACKAGES)
      throw new MessagingError('too_many_key_packages', `A device keeps at most ${MAX_KEY_PACKAGES} KeyPackages.`, [
        { field: 'keyPackages', reasons: [`${available} are stored already`] },
      ]);
    const bytes: { bytes: Uint8Array; expiresAt: Date }[] = [];
    for (const [i, text] of packages.entries()) {
      const field = `keyPackages.${i}`;
      const kp = b(text, field);
      try {
        const checked = await checkKeyPackage(kp, { userId: user.id, deviceId, signatureKey: device.signatureKey });
        bytes.push({ bytes: kp, expiresAt: keyPackageExpiry(checked) });
      } catch (err) {
        if (err instanceof E2eeError) throw rejected('keys_invalid', err, field);
        throw err;
      }
    }
    const stored = await this.repo.insertKeyPackagesWithin(user.id, deviceId, bytes, MAX_KEY_PACKAGES);
    if (stored === null)
      throw new MessagingError('too_many_key_packages', `A device keeps at most ${MAX_KEY_PACKAGES} KeyPackages.`, [
        { field: 'keyPackages', reasons: ['another upload filled the device meanwhile'] },
      ]);
    return stored;
  }

  async availableKeyPackages(user: AuthenticatedUser, deviceId: string): Promise<number> {
    const device = await this.repo.device(user.id, deviceId);
    if (!device || device.revoked) throw new MessagingError('device_not_found', 'No such device of yours.');
    return this.repo.countKeyPackages(user.id, deviceId);
  }

  /** One KeyPackage of every device of these people, each handed out once. */
  async claimKeyPackages(claimedBy: string, userIds: string[], devices?: { userId: string; deviceId: string }[]) {
    const unique = [...new Set(userIds)];
    const strays = (devices ?? []).filter((d) => !unique.includes(d.userId));
    if (strays.length > 0)
      throw new MessagingError('keys_invalid', 'Devices may be named only for the people listed.', [
        { field: 'devices', reasons: strays.map((d) => `${d.userId} is not in userIds`) },
      ]);
    const tooMany = () =>
      new MessagingError('too_many_changes', 'Too many KeyPackages claimed in the last hour; try again later.');
    // Every KeyPackage handed out counts; a claim that would pass the limit hands out none.
    const claimed = await this.repo.claimAlone(claimedBy, async (manager) => {
      const before = await this.repo.claimsInLastHour(claimedBy, manager);
      if (before >= MAX_CLAIMS_AN_HOUR) throw tooMany();
      const taken = await this.repo.claimKeyPackages(claimedBy, unique, devices, manager);
      if (before + taken.length > MAX_CLAIMS_AN_HOUR) throw tooMany();
      return taken;
    });
    const served = new Set(claimed.map((c) => c.userId));
    return {
      items: claimed.map((c) => ({ userId: c.userId, deviceId: c.deviceId, keyPackage: toB64(c.keyPackage) })),
      withoutKeyPackages: unique.filter((id) => !served.has(id)),
    };
  }

  private async assertCurrentIdentity(manager: EntityManager, userId: string, identityKey: Uint8Array) {
    const current = await this.repo.currentIdentity(manager, userId);
    if (!current || !equalBytes(b(current.record.identityKey ?? '', 'identityKey'), identityKey))
      throw new MessagingError('keys_invalid', 'Sign with your current identity key (publish it first).', [
        { field: 'identityKey', reasons: ['not the current identity key'] },
      ]);
  }

  /** Appends one leaf and signs the new head, inside the appending transaction. */
  private async append(manager: EntityManager, entry: LogEntry, deviceId: string | null): Promise<AppendedDto> {
    const leaves = await this.repo.leafHashes(undefined, manager);
    const leafHash = logLeafHash(entry);
    const position = leaves.length;
    await this.repo.insertEntry(manager, {
      position,
      userId: entry.record.userId,
      kind: entry.kind,
      deviceId,
      record: recordJson(entry),
      leafHash,
    });
    leaves.push(leafHash);
    // Heads never go back in time (clients refuse that), whatever the clocks of the instances say.
    const latest = await this.repo.latestHead(manager);
    const issuedAt = Math.max(Date.now(), latest?.issuedAt ?? 0);
    const signed = signHead(leaves.length, merkleRoot(leaves), issuedAt, this.logSecret);
    const head = {
      size: signed.size,
      root: buf(signed.root),
      issuedAt: signed.issuedAt,
      signature: buf(signed.signature),
    };
    await this.repo.insertHead(manager, head);
    return { position, head: headDto(head) };
  }
}

function recordJson(entry: LogEntry): Record<string, string | null> {
  switch (entry.kind) {
    case 'identity':
      return {
        identityKey: toB64(entry.record.identityKey),
        previousKey: entry.record.previousKey ? toB64(entry.record.previousKey) : null,
        succession: entry.record.succession ? toB64(entry.record.succession) : null,
      };
    case 'device':
      return {
        signatureKey: toB64(entry.record.signatureKey),
        identityKey: toB64(entry.record.identityKey),
        certificate: toB64(entry.record.certificate),
      };
    case 'revocation':
      return { identityKey: toB64(entry.record.identityKey), signature: toB64(entry.record.signature) };
  }
}
