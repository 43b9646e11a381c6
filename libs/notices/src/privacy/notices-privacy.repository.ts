import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { rewriteFreeText } from '@liaison/core';

const affected = async (manager: EntityManager, sql: string, params: unknown[]) =>
  (
    (await manager.query(`WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit`, params)) as {
      n: number;
    }[]
  )[0].n;

/** The SQL of the notices' part in exports and erasures. */
@Injectable()
export class NoticesPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(userId: string) {
    const q = (sql: string) => this.dataSource.query(sql, [userId]);
    return {
      notifications: await q(
        `SELECT kind, title, body, link, created_at AS "createdAt", read_at AS "readAt", emailed_at AS "emailedAt"
           FROM notification WHERE user_id = $1 ORDER BY created_at`,
      ),
      preferences:
        (
          await q(
            `SELECT reminder_days AS "reminderDays", digest, quiet_from AS "quietFrom", quiet_to AS "quietTo",
                time_zone AS "timeZone", email FROM notification_preference WHERE user_id = $1`,
          )
        )[0] ?? null,
    };
  }

  /** Rewrites the free text of notices (anyone's) that may name the subject; rows changed. */
  async rewriteFreeText(manager: EntityManager, terms: string[], pseudonym: string): Promise<number> {
    return rewriteFreeText(
      manager,
      {
        table: 'notification',
        key: 'id',
        columns: [{ name: 'title' }, { name: 'body' }, { name: 'params', json: true }],
      },
      terms,
      pseudonym,
    );
  }

  /** The person's notices and settings go. */
  async erase(manager: EntityManager, userId: string) {
    return {
      notifications: await affected(manager, `DELETE FROM notification WHERE user_id = $1`, [userId]),
      preferences: await affected(manager, `DELETE FROM notification_preference WHERE user_id = $1`, [userId]),
    };
  }
}
