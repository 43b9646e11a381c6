import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { HotStatements } from '@liaison/core';
import { fromB64, type PublicIdentity, toB64, verifyPublicIdentity } from '@liaison/e2ee';
import { MessagingError, protocolCheck } from '../errors.js';
import { KeyBackup } from './key-backup.entity.js';
import { nativeVerifyAsync, prepareVerifyKey } from './native-verifier.js';
import { UserKey } from './user-key.entity.js';

const SIGNING_KEYS_TTL_MS = 60_000;

/** The key directory (public identities with their history) and the key backups. */
@Injectable()
export class KeysService {
  /** Signing keys per user for checking messages, kept a minute (a miss reloads: see `signedBy`). */
  private readonly signingCache = new Map<string, { keys: Uint8Array[]; at: number }>();
  /** Loads under way, so a burst of messages from one user reads their keys once. */
  private readonly loading = new Map<string, Promise<Uint8Array[]>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hot: HotStatements,
  ) {}

  /**
   * Whether `signature` over `bytes` verifies with one of the user's signing keys (natively, off
   * the event loop), taken from a short-lived cache; when not, once more with the keys read
   * afresh (a key published on another instance a moment ago).
   */
  async signedBy(userId: string, signature: Uint8Array, bytes: Uint8Array): Promise<boolean> {
    const check = async (keys: Uint8Array[]) => {
      for (const key of keys) if (await nativeVerifyAsync(signature, bytes, key)) return true;
      return false;
    };
    const cached = this.signingCache.get(userId);
    if (cached && Date.now() - cached.at < SIGNING_KEYS_TTL_MS && (await check(cached.keys))) return true;
    return check(await this.freshSigningKeys(userId));
  }

  /**
   * Reads a user's signing keys into the cache ahead of their first message (called when they
   * subscribe to a thread), so a burst of first messages after a start waits on no query.
   */
  async warmSigningKeys(userId: string): Promise<void> {
    const cached = this.signingCache.get(userId);
    if (cached && Date.now() - cached.at < SIGNING_KEYS_TTL_MS / 2) return;
    for (const key of await this.freshSigningKeys(userId)) prepareVerifyKey(key);
  }

  /** A user's signing keys read now (one read for any number of callers at once), then cached. */
  private async freshSigningKeys(userId: string): Promise<Uint8Array[]> {
    let load = this.loading.get(userId);
    if (!load) {
      load = this.loadSigningKeys(userId).finally(() => this.loading.delete(userId));
      this.loading.set(userId, load);
    }
    const keys = await load;
    if (this.signingCache.size > 10_000) this.signingCache.clear();
    this.signingCache.set(userId, { keys, at: Date.now() });
    return keys;
  }

  /** Every signing key a user has published, newest first (one prepared statement: on the send path). */
  private async loadSigningKeys(userId: string): Promise<Uint8Array[]> {
    const rows = await this.hot.query<{ key: string }>(
      'messaging.signing-keys',
      'SELECT sign_public_key AS key FROM user_key WHERE user_id = $1 ORDER BY version DESC',
      [userId],
    );
    return rows.map((r) => fromB64(r.key));
  }

  /**
   * Publishes the caller's identity. The same keys again change nothing; new keys (a reset) become
   * the current version and the earlier ones stay in the history.
   */
  async publish(userId: string, identity: Omit<PublicIdentity, 'userId'>): Promise<{ key: UserKey; changed: boolean }> {
    const verified = protocolCheck('keys_invalid', 'selfSignature', () =>
      verifyPublicIdentity({ ...identity, userId }),
    );
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`user_key:${userId}`]);
      const current = await m.findOne(UserKey, { where: { userId }, order: { version: 'DESC' } });
      if (current && current.signPublicKey === identity.signPublicKey && current.encPublicKey === identity.encPublicKey)
        return { key: current, changed: false };
      const key = m.create(UserKey, {
        userId,
        version: (current?.version ?? 0) + 1,
        signPublicKey: identity.signPublicKey,
        encPublicKey: identity.encPublicKey,
        selfSignature: identity.selfSignature,
        fingerprint: toB64(verified.fingerprint),
      });
      await m.insert(UserKey, key);
      this.signingCache.delete(userId);
      return { key, changed: current !== null };
    });
  }

  /** Current first, then earlier versions. */
  async history(userId: string): Promise<UserKey[]> {
    return this.dataSource.getRepository(UserKey).find({ where: { userId }, order: { version: 'DESC' } });
  }

  async currentOf(userIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, UserKey>> {
    if (userIds.length === 0) return new Map();
    const rows = await manager.query<UserKey[]>(
      `SELECT DISTINCT ON (user_id) user_id AS "userId", version, sign_public_key AS "signPublicKey",
              enc_public_key AS "encPublicKey", self_signature AS "selfSignature", fingerprint, created_at AS "createdAt"
         FROM user_key WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, version DESC`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.userId, r]));
  }

  /** Every signing key each user has published, current first: what roster and message signatures are checked with. */
  async signingKeys(userIds: string[], manager: EntityManager = this.dataSource.manager) {
    const rows =
      userIds.length === 0
        ? []
        : await manager.find(UserKey, { where: { userId: In(userIds) }, order: { version: 'DESC' } });
    const keys = new Map<string, Uint8Array[]>();
    for (const r of rows) keys.set(r.userId, [...(keys.get(r.userId) ?? []), fromB64(r.signPublicKey)]);
    return (userId: string) => keys.get(userId) ?? [];
  }

  async backup(userId: string): Promise<KeyBackup> {
    const row = await this.dataSource.getRepository(KeyBackup).findOneBy({ userId });
    if (!row) throw new MessagingError('backup_not_found', 'There is no key backup for this account yet.');
    return row;
  }

  /**
   * Replaces the caller's backup. `expectedVersion` (the version the client last read, 0 for none)
   * keeps two devices from overwriting each other's additions.
   */
  async saveBackup(userId: string, blob: Record<string, unknown>, expectedVersion: number): Promise<KeyBackup> {
    return this.dataSource.transaction(async (m) => {
      const current = await m.findOne(KeyBackup, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      if ((current?.version ?? 0) !== expectedVersion)
        throw new MessagingError(
          'backup_conflict',
          'The key backup changed on another device; read it again and merge.',
          [{ field: 'expectedVersion', reasons: [`the current version is ${current?.version ?? 0}`] }],
          { currentVersion: current?.version ?? 0 },
        );
      const row = m.create(KeyBackup, { userId, blob, version: expectedVersion + 1 });
      await m.save(KeyBackup, row);
      return row;
    });
  }
}
