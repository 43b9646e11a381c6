import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

const deleted = async (manager: EntityManager, sql: string, params: unknown[]) =>
  (
    (await manager.query(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, params)) as {
      n: number;
    }[]
  )[0].n;

/** The SQL of messaging's part in exports, erasures and retention. */
@Injectable()
export class MessagingPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(userId: string) {
    const devices = await this.dataSource.query(
      `SELECT device_id AS "deviceId", created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM mls_device WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    const threads = await this.dataSource.query(
      `SELECT m.thread_id AS "threadId", m.role, t.created_at AS "threadCreatedAt",
              (SELECT count(*)::int FROM mls_message x
                WHERE x.thread_id = m.thread_id AND x.sender_user_id = $1 AND x.kind = 'application') AS "messagesSent"
         FROM mls_thread_member m JOIN mls_thread t ON t.id = m.thread_id WHERE m.user_id = $1 ORDER BY t.created_at`,
      [userId],
    );
    const [backup] = (await this.dataSource.query(
      `SELECT updated_at AS "updatedAt" FROM key_backup WHERE user_id = $1`,
      [userId],
    )) as { updatedAt: Date }[];
    return { devices, threads, keyBackupUpdatedAt: backup?.updatedAt ?? null };
  }

  async threadsOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT thread_id AS "threadId" FROM mls_thread_member WHERE user_id = $1`, [
      userId,
    ])) as { threadId: string }[];
    return rows.map((r) => r.threadId);
  }

  /** Key material only they could use, and their encrypted copies of history, go. */
  async eraseKeys(manager: EntityManager, userId: string) {
    return {
      keyPackages: await deleted(manager, `DELETE FROM mls_key_package WHERE user_id = $1`, [userId]),
      keyBackups: await deleted(manager, `DELETE FROM key_backup WHERE user_id = $1`, [userId]),
      historyArchives: await deleted(manager, `DELETE FROM history_archive_chunk WHERE user_id = $1`, [userId]),
      welcomes: await deleted(manager, `DELETE FROM mls_welcome WHERE user_id = $1`, [userId]),
    };
  }

  /** Messages (ciphertext) older than the workspace's retention period, and attachments. */
  async expire(now: Date, days: number) {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const messages = await this.dataSource.transaction((m) =>
      deleted(m, `DELETE FROM mls_message WHERE created_at < $1 AND kind = 'application'`, [cutoff]),
    );
    const attachments = (await this.dataSource.query(
      `WITH gone AS (DELETE FROM mls_attachment WHERE created_at < $1 RETURNING thread_id, id)
       SELECT thread_id AS "threadId", id FROM gone`,
      [cutoff],
    )) as { threadId: string; id: string }[];
    return { messages, attachments };
  }
}
