import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** Every statement of the key transparency log, the devices it certifies and their KeyPackages. */

export interface LogEntryRow {
  position: number;
  userId: string;
  kind: 'identity' | 'device' | 'revocation';
  deviceId: string | null;
  record: Record<string, string | null>;
}

export interface HeadRow {
  size: number;
  root: Buffer;
  issuedAt: number;
  signature: Buffer;
}

export interface DeviceRow {
  userId: string;
  deviceId: string;
  signatureKey: Buffer;
  identityKey: Buffer;
  revoked: boolean;
}

/** Serialises appends: one writer of the log at a time, across every API instance. */
const APPEND_LOCK = 0x6b65796c; // "keyl"

@Injectable()
export class KeyLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` as the only appender of the log, in one transaction. */
  appending<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [APPEND_LOCK]);
      return work(manager);
    });
  }

  /** Leaf hashes of the first `size` entries (all when omitted), in order. */
  async leafHashes(size?: number, manager: EntityManager = this.dataSource.manager): Promise<Uint8Array[]> {
    const rows = (await manager.query(
      `SELECT leaf_hash FROM key_log_entry WHERE $1::integer IS NULL OR position < $1 ORDER BY position`,
      [size ?? null],
    )) as { leaf_hash: Buffer }[];
    return rows.map((r) => new Uint8Array(r.leaf_hash.buffer, r.leaf_hash.byteOffset, r.leaf_hash.byteLength));
  }

  async insertEntry(
    manager: EntityManager,
    entry: Omit<LogEntryRow, 'position'> & { position: number; leafHash: Uint8Array },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO key_log_entry (position, user_id, kind, device_id, record, leaf_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.position, entry.userId, entry.kind, entry.deviceId, entry.record, Buffer.from(entry.leafHash)],
    );
  }

  async insertHead(manager: EntityManager, head: HeadRow): Promise<void> {
    await manager.query(`INSERT INTO key_log_head (size, root, issued_at, signature) VALUES ($1, $2, $3, $4)`, [
      head.size,
      head.root,
      head.issuedAt,
      head.signature,
    ]);
  }

  async latestHead(manager: EntityManager = this.dataSource.manager): Promise<HeadRow | null> {
    const rows = (await manager.query(
      `SELECT size, root, issued_at AS "issuedAt", signature FROM key_log_head ORDER BY size DESC LIMIT 1`,
    )) as (Omit<HeadRow, 'issuedAt'> & { issuedAt: string })[];
    return rows[0] ? { ...rows[0], issuedAt: Number(rows[0].issuedAt) } : null;
  }

  async headOfSize(size: number): Promise<HeadRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT size, root, issued_at AS "issuedAt", signature FROM key_log_head WHERE size = $1`,
      [size],
    )) as (Omit<HeadRow, 'issuedAt'> & { issuedAt: string })[];
    return rows[0] ? { ...rows[0], issuedAt: Number(rows[0].issuedAt) } : null;
  }

  /** A person's entries below `size`, in log order. */
  async entriesOf(userId: string, size: number): Promise<LogEntryRow[]> {
    return (await this.dataSource.query(
      `SELECT position, user_id AS "userId", kind, device_id AS "deviceId", record
         FROM key_log_entry WHERE user_id = $1 AND position < $2 ORDER BY position`,
      [userId, size],
    )) as LogEntryRow[];
  }

  /** The person's latest identity entry, if any. */
  async currentIdentity(manager: EntityManager, userId: string): Promise<LogEntryRow | null> {
    const rows = (await manager.query(
      `SELECT position, user_id AS "userId", kind, device_id AS "deviceId", record
         FROM key_log_entry WHERE user_id = $1 AND kind = 'identity' ORDER BY position DESC LIMIT 1`,
      [userId],
    )) as LogEntryRow[];
    return rows[0] ?? null;
  }

  async device(
    userId: string,
    deviceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeviceRow | null> {
    const rows = (await manager.query(
      `SELECT user_id AS "userId", device_id AS "deviceId", signature_key AS "signatureKey",
              identity_key AS "identityKey", revoked_at IS NOT NULL AS revoked
         FROM mls_device WHERE user_id = $1 AND device_id = $2`,
      [userId, deviceId],
    )) as DeviceRow[];
    return rows[0] ?? null;
  }

  async countDevices(manager: EntityManager, userId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM mls_device WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    )) as {
      n: number;
    }[];
    return rows[0]!.n;
  }

  async insertDevice(manager: EntityManager, d: Omit<DeviceRow, 'revoked'>): Promise<void> {
    await manager.query(
      `INSERT INTO mls_device (user_id, device_id, signature_key, identity_key) VALUES ($1, $2, $3, $4)`,
      [d.userId, d.deviceId, d.signatureKey, d.identityKey],
    );
  }

  async recertifyDevice(manager: EntityManager, d: Omit<DeviceRow, 'revoked'>): Promise<void> {
    await manager.query(`UPDATE mls_device SET identity_key = $3 WHERE user_id = $1 AND device_id = $2`, [
      d.userId,
      d.deviceId,
      d.identityKey,
    ]);
  }

  /** Marks the device revoked and drops the KeyPackages it had not given out. */
  async revokeDevice(manager: EntityManager, userId: string, deviceId: string): Promise<void> {
    await manager.query(`UPDATE mls_device SET revoked_at = now() WHERE user_id = $1 AND device_id = $2`, [
      userId,
      deviceId,
    ]);
    await manager.query(`DELETE FROM mls_key_package WHERE user_id = $1 AND device_id = $2`, [userId, deviceId]);
  }

  async countKeyPackages(userId: string, deviceId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM mls_key_package
        WHERE user_id = $1 AND device_id = $2 AND expires_at > now() + interval '1 hour'`,
      [userId, deviceId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  /** Stores the KeyPackages if the device then keeps at most `max`, under the device's lock; the new count, or null. */
  async insertKeyPackagesWithin(
    userId: string,
    deviceId: string,
    packages: { bytes: Uint8Array; expiresAt: Date }[],
    max: number,
  ): Promise<number | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT 1 FROM mls_device WHERE user_id = $1 AND device_id = $2 FOR UPDATE`, [userId, deviceId]);
      // KeyPackages past their use are dropped first: they no longer count towards the cap.
      await m.query(
        `DELETE FROM mls_key_package WHERE user_id = $1 AND device_id = $2
            AND (expires_at IS NULL OR expires_at <= now() + interval '1 hour')`,
        [userId, deviceId],
      );
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM mls_key_package WHERE user_id = $1 AND device_id = $2`,
        [userId, deviceId],
      )) as [{ n: number }];
      if (n + packages.length > max) return null;
      await m.query(
        `INSERT INTO mls_key_package (id, user_id, device_id, key_package, expires_at)
         SELECT gen_random_uuid(), $1, $2, kp, e FROM unnest($3::bytea[], $4::timestamptz[]) AS x(kp, e)`,
        [userId, deviceId, packages.map((p) => Buffer.from(p.bytes)), packages.map((p) => p.expiresAt.toISOString())],
      );
      return n + packages.length;
    });
  }

  async identityChangesToday(manager: EntityManager, userId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM key_log_entry WHERE user_id = $1 AND kind = 'identity'
          AND created_at > now() - interval '1 day'`,
      [userId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  /**
   * Runs a person's claim of KeyPackages alone: their claims queue on a lock of their own, so
   * the hourly limit is counted and kept in one transaction.
   */
  claimAlone<T>(claimedBy: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('mls-key-package-claims'), hashtext($1))`, [
        claimedBy,
      ]);
      return work(manager);
    });
  }

  async claimsInLastHour(claimedBy: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM mls_key_package_claim WHERE claimed_by = $1 AND claimed_at > now() - interval '1 hour'`,
      [claimedBy],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  /**
   * Takes one KeyPackage of every unrevoked device of these people (the oldest first), removing
   * each as it is handed out, so that no two callers ever get the same one, and records who took
   * it (a commit may add only devices its committer claimed).
   */
  async claimKeyPackages(
    claimedBy: string,
    userIds: string[],
    /** Only these devices, if given. */
    devices?: { userId: string; deviceId: string }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ userId: string; deviceId: string; keyPackage: Buffer }[]> {
    return (await manager.query(
      `WITH picked AS (
         SELECT k.id
           FROM mls_device d
          CROSS JOIN LATERAL (
                SELECT id FROM mls_key_package k
                 WHERE k.user_id = d.user_id AND k.device_id = d.device_id
                   AND k.expires_at > now() + interval '1 hour'
                 ORDER BY k.created_at, k.id LIMIT 1
                   FOR UPDATE SKIP LOCKED) k
          WHERE d.user_id = ANY($1::uuid[]) AND d.revoked_at IS NULL
            AND ($3::uuid[] IS NULL OR (d.user_id, d.device_id) IN (SELECT * FROM unnest($3::uuid[], $4::text[])))
            -- Only devices certified by the person's current identity key (others are refused by clients).
            AND translate(rtrim(encode(d.identity_key, 'base64'), '='), '+/', '-_') = (
                SELECT e.record->>'identityKey' FROM key_log_entry e
                 WHERE e.user_id = d.user_id AND e.kind = 'identity' ORDER BY e.position DESC LIMIT 1)
       ),
       taken AS (
         DELETE FROM mls_key_package k USING picked WHERE k.id = picked.id
         RETURNING k.user_id, k.device_id, k.key_package
       ),
       claimed AS (
         INSERT INTO mls_key_package_claim (id, claimed_by, user_id, device_id)
         SELECT gen_random_uuid(), $2, user_id, device_id FROM taken
       )
       SELECT user_id AS "userId", device_id AS "deviceId", key_package AS "keyPackage" FROM taken`,
      [userIds, claimedBy, devices?.map((d) => d.userId) ?? null, devices?.map((d) => d.deviceId) ?? null],
    )) as { userId: string; deviceId: string; keyPackage: Buffer }[];
  }

  /** The unrevoked devices of these people (to tell a caller who has none, or none with KeyPackages left). */
  async activeDevices(userIds: string[]): Promise<{ userId: string; deviceId: string }[]> {
    return (await this.dataSource.query(
      `SELECT user_id AS "userId", device_id AS "deviceId" FROM mls_device
        WHERE user_id = ANY($1::uuid[]) AND revoked_at IS NULL ORDER BY user_id, device_id`,
      [userIds],
    )) as { userId: string; deviceId: string }[];
  }
}
