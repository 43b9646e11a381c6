import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { renderMarkdown, rewriteFreeText } from '@liaison/core';

const affected = async (manager: EntityManager | DataSource, sql: string, params: unknown[]) =>
  (
    (await manager.query(`WITH hit AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM hit`, params)) as {
      n: number;
    }[]
  )[0].n;

/** The SQL of outreach's part in exports, erasures and retention. */
@Injectable()
export class OutreachPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(userId: string) {
    const q = (sql: string) => this.dataSource.query(sql, [userId]);
    return {
      deliveries: await q(
        `SELECT a.id AS "announcementId", a.title, d.delivered_at AS "deliveredAt", d.read_at AS "readAt",
                d.acknowledged_at AS "acknowledgedAt"
           FROM announcement_delivery d JOIN announcement a ON a.id = d.announcement_id
          WHERE d.user_id = $1 ORDER BY d.delivered_at`,
      ),
      rsvps: await q(
        `SELECT r.event_id AS "eventId", r.response, r.delegation, r.nominating_authority AS "nominatingAuthority",
                r.accessibility, r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt"
           FROM event_rsvp r WHERE r.user_id = $1 ORDER BY r.answered_at`,
      ),
      emails: await q(
        `SELECT announcement_id AS "announcementId", kind, status, sent_at AS "sentAt", created_at AS "createdAt"
           FROM outreach_mail WHERE user_id = $1 ORDER BY created_at`,
      ),
    };
  }

  /** Announcements and events that name the subject in their text. Returns rows changed. */
  async rewriteFreeText(manager: EntityManager, terms: string[], pseudonym: string): Promise<number> {
    const announcements = await rewriteFreeText(
      manager,
      {
        table: 'announcement',
        key: 'id',
        columns: [{ name: 'title' }, { name: 'body' }, { name: 'withdrawn_reason' }],
        rendered: [{ html: 'body_html', from: 'body', render: renderMarkdown }],
      },
      terms,
      pseudonym,
    );
    const events = await rewriteFreeText(
      manager,
      { table: 'outreach_event', key: 'id', columns: [{ name: 'title' }, { name: 'location' }] },
      terms,
      pseudonym,
    );
    return announcements + events;
  }

  /** Replies naming the subject in a delegation (their own or anyone's). */
  async rsvpsNaming(manager: EntityManager, patterns: string[]) {
    if (patterns.length === 0) return [];
    return manager.query(
      `SELECT event_id AS "eventId", user_id AS "userId", delegation FROM event_rsvp
        WHERE delegation::text ILIKE ANY($1::text[])`,
      [patterns],
    ) as Promise<{ eventId: string; userId: string; delegation: unknown[] }[]>;
  }

  async rewriteDelegation(manager: EntityManager, eventId: string, userId: string, delegation: unknown[]) {
    await manager.query(`UPDATE event_rsvp SET delegation = $3::jsonb WHERE event_id = $1 AND user_id = $2`, [
      eventId,
      userId,
      JSON.stringify(delegation),
    ]);
  }

  /**
   * Their replies keep the answer and the head count (the organiser's totals) without their
   * notes, accessibility or dietary needs; their e-mails keep no error text. Deliveries stay
   * (read and acknowledgement figures) under the pseudonymised account.
   */
  async erase(manager: EntityManager, userId: string) {
    return {
      rsvps: await affected(
        manager,
        `UPDATE event_rsvp SET accessibility = NULL, dietary = NULL, notes = NULL, nominating_authority = NULL
          WHERE user_id = $1`,
        [userId],
      ),
      emails: await affected(manager, `UPDATE outreach_mail SET error = NULL WHERE user_id = $1`, [userId]),
    };
  }

  /** Deliveries and e-mail records older than the retention period. */
  async expire(now: Date, days: number) {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return {
      deliveries: await affected(this.dataSource, `DELETE FROM announcement_delivery WHERE delivered_at < $1`, [
        cutoff,
      ]),
      emails: await affected(
        this.dataSource,
        `DELETE FROM outreach_mail WHERE created_at < $1 AND status IN ('sent', 'bounced', 'failed')`,
        [cutoff],
      ),
    };
  }
}
