import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessagingError } from '../errors.js';
import { KeyBackup } from './key-backup.entity.js';

/** The key backups: one per person, replaced whole on each update. */
@Injectable()
export class KeysService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
