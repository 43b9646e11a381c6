import { Injectable } from '@nestjs/common';
import { MessagingError } from '../errors.js';
import type { KeyBackup } from './key-backup.entity.js';
import { KeyBackupRepository } from './key-backup.repository.js';

/** The key backups: one per person, replaced whole on each update. */
@Injectable()
export class KeysService {
  constructor(private readonly backups: KeyBackupRepository) {}

  async backup(userId: string): Promise<KeyBackup> {
    const row = await this.backups.find(userId);
    if (!row) throw new MessagingError('backup_not_found', 'There is no key backup for this account yet.');
    return row;
  }

  /**
   * Replaces the caller's backup. `expectedVersion` (the version the client last read, 0 for none)
   * keeps two devices from overwriting each other's additions.
   */
  async saveBackup(userId: string, blob: Record<string, unknown>, expectedVersion: number): Promise<KeyBackup> {
    return this.backups.transaction(async (m) => {
      const current = await this.backups.lockVersion(m, userId);
      const saved = current === expectedVersion ? await this.backups.put(m, userId, blob, expectedVersion) : null;
      if (saved) return saved;
      const now = current === expectedVersion ? await this.backups.lockVersion(m, userId) : current;
      throw new MessagingError(
        'backup_conflict',
        'The key backup changed on another device; read it again and merge.',
        [{ field: 'expectedVersion', reasons: [`the current version is ${now}`] }],
        { currentVersion: now },
      );
    });
  }
}
