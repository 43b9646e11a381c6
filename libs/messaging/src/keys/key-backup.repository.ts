import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeyBackup } from './key-backup.entity.js';

const BACKUP_COLUMNS = `user_id AS "userId", blob, version, updated_at AS "updatedAt"`;

/** The statements of the key backups: one row per person, replaced whole. */
@Injectable()
export class KeyBackupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(userId: string): Promise<KeyBackup | null> {
    const rows = (await this.dataSource.query(`SELECT ${BACKUP_COLUMNS} FROM key_backup WHERE user_id = $1`, [
      userId,
    ])) as KeyBackup[];
    return rows[0] ?? null;
  }

  /** The version of the person's backup (0 for none), locked until the transaction ends. */
  async lockVersion(m: EntityManager, userId: string): Promise<number> {
    const rows = (await m.query(`SELECT version FROM key_backup WHERE user_id = $1 FOR UPDATE`, [userId])) as {
      version: number;
    }[];
    return rows[0]?.version ?? 0;
  }

  /**
   * Stores the backup as the version after `expectedVersion`, unless another device stored one
   * first (two first backups racing included): then nothing changes and the answer is null.
   */
  async put(
    m: EntityManager,
    userId: string,
    blob: Record<string, unknown>,
    expectedVersion: number,
  ): Promise<KeyBackup | null> {
    const rows = (await m.query(
      `INSERT INTO key_backup (user_id, blob, version, updated_at) VALUES ($1, $2::jsonb, $3 + 1, now())
       ON CONFLICT (user_id) DO UPDATE SET blob = EXCLUDED.blob, version = EXCLUDED.version, updated_at = now()
        WHERE key_backup.version = $3
       RETURNING ${BACKUP_COLUMNS}`,
      [userId, JSON.stringify(blob), expectedVersion],
    )) as KeyBackup[];
    return rows[0] ?? null;
  }
}
