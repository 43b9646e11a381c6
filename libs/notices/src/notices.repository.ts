import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Digest, NotificationKind, NotificationParams } from './notification.entity.js';

/** A person's notification settings, defaults filled in. */
export interface PreferencesRow {
  reminderDays: number[];
  digest: Digest;
  quietFrom: number | null;
  quietTo: number | null;
  timeZone: string;
  email: boolean;
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  planId: string | null;
  itemId: string | null;
  title: string;
  body: string;
  link: string;
  params: NotificationParams;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewNoticeRow {
  userId: string;
  kind: NotificationKind;
  dedupeKey: string;
  planId: string | null;
  itemId: string | null;
  title: string;
  body: string;
  link: string;
  params: NotificationParams;
  emailWanted: boolean;
}

/** What an e-mail of a notice needs. */
export interface MailRow {
  email: string;
  displayName: string;
  title: string;
  body: string;
  link: string;
}

const PREFS = `COALESCE(np.reminder_days, '{7,1}') AS "reminderDays", COALESCE(np.digest, 'weekly') AS digest,
  np.quiet_from AS "quietFrom", np.quiet_to AS "quietTo", COALESCE(np.time_zone, 'UTC') AS "timeZone", COALESCE(np.email, true) AS email`;

const VIEW = `id, kind, plan_id AS "planId", item_id AS "itemId", title, body, link, params, created_at AS "createdAt", read_at AS "readAt"`;

/** The statements of notices and notification settings. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's latest 100 notices (unread ones only, if asked), newest first. */
  async list(userId: string, unreadOnly: boolean): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${VIEW} FROM notification WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
          ORDER BY created_at DESC, id LIMIT 100`,
      [userId],
    );
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ unread }] = await this.dataSource.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return unread;
  }

  /** Marks one of the user's notices read, or all of them (id null); how many changed. */
  async markRead(userId: string, id: string | null): Promise<number> {
    const params: unknown[] = [userId];
    if (id) params.push(id);
    const [, changed] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${id ? 'AND id = $2' : ''}`,
      params,
    );
    return changed;
  }

  async exists(userId: string, id: string): Promise<boolean> {
    const [exists] = await this.dataSource.query(`SELECT 1 FROM notification WHERE user_id = $1 AND id = $2`, [
      userId,
      id,
    ]);
    return Boolean(exists);
  }

  /** The user's settings, defaults filled in for any not set. */
  async preferences(userId: string): Promise<PreferencesRow | undefined> {
    const [row] = await this.dataSource.query<PreferencesRow[]>(
      `SELECT ${PREFS} FROM (SELECT $1::uuid AS user_id) me LEFT JOIN notification_preference np ON np.user_id = me.user_id`,
      [userId],
    );
    return row;
  }

  /** The settings of these people, defaults filled in, by user id. */
  async preferencesOf(userIds: string[]): Promise<(PreferencesRow & { userId: string })[]> {
    return this.dataSource.query<(PreferencesRow & { userId: string })[]>(
      `SELECT me.user_id AS "userId", ${PREFS}
         FROM unnest($1::uuid[]) AS me(user_id) LEFT JOIN notification_preference np ON np.user_id = me.user_id`,
      [userIds],
    );
  }

  async savePreferences(userId: string, p: PreferencesRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preference (user_id, reminder_days, digest, quiet_from, quiet_to, time_zone, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET reminder_days = EXCLUDED.reminder_days, digest = EXCLUDED.digest,
         quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, time_zone = EXCLUDED.time_zone,
         email = EXCLUDED.email, updated_at = now()`,
      [userId, p.reminderDays, p.digest, p.quietFrom, p.quietTo, p.timeZone, p.email],
    );
  }

  /** Inserts the notices not created before (by person and occasion key); returns those it created. */
  async insert(notices: NewNoticeRow[]): Promise<(NotificationRow & { userId: string })[]> {
    return this.dataSource.query<(NotificationRow & { userId: string })[]>(
      `INSERT INTO notification (user_id, kind, dedupe_key, plan_id, item_id, title, body, link, params, email_wanted)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(user_id uuid, kind text, dedupe_key text, plan_id uuid, item_id uuid,
                                                         title text, body text, link text, params jsonb, email_wanted boolean)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING user_id AS "userId", ${VIEW}`,
      [
        JSON.stringify(
          notices.map((n) => ({
            user_id: n.userId,
            kind: n.kind,
            dedupe_key: n.dedupeKey,
            plan_id: n.planId,
            item_id: n.itemId,
            title: n.title,
            body: n.body,
            link: n.link,
            params: n.params,
            email_wanted: n.emailWanted,
          })),
        ),
      ],
    );
  }

  /** Notices whose e-mail is wanted and not sent, created within the last `days` days. */
  async owedMails(days: number): Promise<string[]> {
    const owed = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notification WHERE email_wanted AND emailed_at IS NULL AND created_at > now() - make_interval(days => $1)`,
      [days],
    );
    return owed.map((o) => o.id);
  }

  /** The notice's e-mail, if still owed and its person is active. */
  async mail(notificationId: string): Promise<MailRow | undefined> {
    const [n] = await this.dataSource.query<MailRow[]>(
      `SELECT u.email, u.display_name AS "displayName", n.title, n.body, n.link
         FROM notification n JOIN identity_account u ON u.id = n.user_id AND u.status = 'active'
        WHERE n.id = $1 AND n.emailed_at IS NULL AND n.email_wanted`,
      [notificationId],
    );
    return n;
  }

  async markEmailed(notificationId: string): Promise<void> {
    await this.dataSource.query(`UPDATE notification SET emailed_at = now() WHERE id = $1`, [notificationId]);
  }
}
