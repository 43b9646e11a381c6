import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Audience } from '../audience/audience.js';
import type { MailKind, RsvpResponse } from '../announcements/announcement.entity.js';
import type { MailContext } from './mail-content.js';

/**
 * Every statement of the work after a request: fan-outs, scheduled publication, reminders and the
 * `outreach_mail` rows (one per e-mail owed) that are claimed, sent and settled.
 */

/** A claimed e-mail not settled within this time (its process died) is owed again. */
const CLAIM_TIMEOUT = '10 minutes';

/** What the fan-out needs of an announcement. */
export interface FanOutRow {
  audience: Audience;
  status: string;
  title: string;
  fannedOutAt: Date | null;
}

export interface ClaimedMail {
  id: string;
  announcementId: string;
  userId: string;
  kind: MailKind;
  attempts: number;
}

/** Everything one e-mail says, flat as read. */
export type MailContextRow = Omit<MailContext, 'to' | 'announcement' | 'event' | 'publicUrl' | 'mailFrom'> & {
  mailId: string;
  email: string;
  displayName: string;
  announcementId: string;
  title: string;
  body: string;
  bodyHtml: string;
  requiresAcknowledgement: boolean;
  acknowledgeBy: Date | null;
  withdrawnReason: string | null;
  eventId: string | null;
  eventTitle: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: Date | null;
  sequence: number;
  cancelledAt: Date | null;
  response: RsvpResponse | null;
};

@Injectable()
export class OutreachDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async fanOutState(announcementId: string): Promise<FanOutRow | undefined> {
    const [a] = await this.dataSource.query<FanOutRow[]>(
      `SELECT audience, status, title, fanned_out_at AS "fannedOutAt" FROM announcement WHERE id = $1`,
      [announcementId],
    );
    return a;
  }

  /** An announcement e-mail owed to every recipient (nobody twice). */
  async oweAnnouncementMails(announcementId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT announcement_id, user_id, 'announcement', 1 FROM announcement_delivery WHERE announcement_id = $1
       ON CONFLICT DO NOTHING`,
      [announcementId],
    );
  }

  /** Records the recipient count and the first fan-out time; answers the count. */
  async markFannedOut(announcementId: string): Promise<number> {
    const [[done]] = await this.dataSource.query<[{ count: number }[], number]>(
      `UPDATE announcement SET recipient_count = (SELECT count(*)::int FROM announcement_delivery WHERE announcement_id = $1),
              fanned_out_at = COALESCE(fanned_out_at, now())
        WHERE id = $1 RETURNING recipient_count AS count`,
      [announcementId],
    );
    return done!.count;
  }

  async recipientIds(announcementId: string): Promise<{ userId: string }[]> {
    return this.dataSource.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM announcement_delivery WHERE announcement_id = $1`,
      [announcementId],
    );
  }

  /** The new iTIP message (update or cancel, at the event's SEQUENCE) owed to every invitee who has not declined. */
  async oweInvitationUpdates(announcementId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT d.announcement_id, d.user_id, CASE WHEN e.cancelled_at IS NULL THEN 'update' ELSE 'cancel' END, e.sequence
         FROM announcement_delivery d JOIN outreach_event e ON e.announcement_id = d.announcement_id
         LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = d.user_id
        WHERE d.announcement_id = $1 AND (r.response IS NULL OR r.response <> 'declined')
       ON CONFLICT DO NOTHING`,
      [announcementId],
    );
  }

  /**
   * A reminder e-mail owed to each recipient who has not acknowledged (when asked to) or not
   * answered an open invitation, once per `occasion`, leaving out whoever was reminded on demand
   * within `quietSeconds`. Answers who is reminded.
   */
  async oweReminders(
    announcementId: string,
    occasion: number,
    quietSeconds: number | null,
  ): Promise<{ userId: string }[]> {
    return this.dataSource.query<{ userId: string }[]>(
      `WITH silent AS (
         SELECT d.announcement_id, d.user_id FROM announcement_delivery d
           JOIN announcement a ON a.id = d.announcement_id AND a.status = 'published'
           LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
          WHERE d.announcement_id = $1
            AND ((a.requires_acknowledgement AND d.acknowledged_at IS NULL)
              OR (e.id IS NOT NULL AND (e.rsvp_deadline IS NULL OR e.rsvp_deadline > now())
                  AND NOT EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = e.id AND r.user_id = d.user_id)))
            AND ($3::int IS NULL OR NOT EXISTS (
                  SELECT 1 FROM outreach_mail m
                   WHERE m.announcement_id = d.announcement_id AND m.user_id = d.user_id AND m.kind = 'reminder'
                     AND m.occasion > 0 AND m.created_at > now() - make_interval(secs => $3::int))))
       INSERT INTO outreach_mail (announcement_id, user_id, kind, occasion)
       SELECT announcement_id, user_id, 'reminder', $2 FROM silent
       ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`,
      [announcementId, occasion, quietSeconds],
    );
  }

  async markReminded(announcementId: string, userIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE announcement_delivery SET reminded_at = now() WHERE announcement_id = $1 AND user_id = ANY($2::uuid[])`,
      [announcementId, userIds],
    );
  }

  /** Publishes every scheduled announcement due at `now`; answers their ids. */
  async publishDue(m: EntityManager, now: Date): Promise<{ id: string }[]> {
    const [rows] = await m.query<[{ id: string }[], number]>(
      `UPDATE announcement SET status = 'published', published_at = now(), publish_at = NULL, version = version + 1, updated_at = now()
          WHERE status = 'scheduled' AND publish_at <= $1 RETURNING id`,
      [now],
    );
    return rows;
  }

  async audienceOf(m: EntityManager, announcementId: string): Promise<Audience> {
    const [{ audience }] = await m.query<{ audience: Audience }[]>(`SELECT audience FROM announcement WHERE id = $1`, [
      announcementId,
    ]);
    return audience;
  }

  async setRecipientCount(m: EntityManager, announcementId: string, recipients: number): Promise<void> {
    await m.query(`UPDATE announcement SET recipient_count = $2 WHERE id = $1`, [announcementId, recipients]);
  }

  /** Published announcements whose fan-out has not finished. */
  async unfinishedFanOuts(): Promise<{ id: string }[]> {
    return this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM announcement WHERE status = 'published' AND fanned_out_at IS NULL`,
    );
  }

  /** Announcements within `remind_days_before` days of their acknowledgement or answer deadline at `now`. */
  async dueForReminder(now: Date): Promise<{ id: string }[]> {
    return this.dataSource.query<{ id: string }[]>(
      `SELECT a.id FROM announcement a LEFT JOIN outreach_event e ON e.announcement_id = a.id AND e.cancelled_at IS NULL
        WHERE a.status = 'published' AND a.fanned_out_at IS NOT NULL
          AND ((a.requires_acknowledgement AND a.acknowledge_by IS NOT NULL
                AND $1 >= a.acknowledge_by - make_interval(days => a.remind_days_before) AND $1 < a.acknowledge_by)
            OR (e.rsvp_deadline IS NOT NULL
                AND $1 >= e.rsvp_deadline - make_interval(days => a.remind_days_before) AND $1 < e.rsvp_deadline))`,
      [now],
    );
  }

  /** Announcements with e-mails owed (pending, or claimed too long ago) created in the last `days` days. */
  async announcementsOwingMail(days: number): Promise<{ announcementId: string }[]> {
    return this.dataSource.query<{ announcementId: string }[]>(
      `SELECT DISTINCT announcement_id AS "announcementId" FROM outreach_mail
        WHERE (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
          AND created_at > now() - make_interval(days => $1)`,
      [days],
    );
  }

  /** The announcement's e-mails owed (pending, or claimed too long ago). */
  async owedMails(announcementId: string): Promise<{ id: string }[]> {
    return this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outreach_mail WHERE announcement_id = $1
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
        ORDER BY id`,
      [announcementId],
    );
  }

  /** Claims those of the e-mails still owed (another worker's live claim is respected), counting the attempt. */
  async claim(mailIds: string[]): Promise<ClaimedMail[]> {
    const [claimed] = await this.dataSource.query<[ClaimedMail[], number]>(
      `UPDATE outreach_mail SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id = ANY($1::uuid[])
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
        RETURNING id, announcement_id AS "announcementId", user_id AS "userId", kind, attempts`,
      [mailIds],
    );
    return claimed;
  }

  async markSent(mailIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE outreach_mail SET status = 'sent', error = NULL, sent_at = now(), claimed_at = NULL WHERE id = ANY($1::uuid[])`,
      [mailIds],
    );
  }

  /** Records an e-mail's outcome and releases its claim. */
  async settle(mailId: string, status: 'sent' | 'bounced' | 'failed' | 'pending', error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE outreach_mail SET status = $2, error = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
              claimed_at = NULL WHERE id = $1`,
      [mailId, status, error],
    );
  }

  /** What each e-mail says, for recipients whose account is still active. */
  async mailContexts(mailIds: string[]): Promise<MailContextRow[]> {
    return this.dataSource.query<MailContextRow[]>(
      `SELECT m.id AS "mailId", m.kind, u.email, u.display_name AS "displayName", a.id AS "announcementId", a.title, a.body,
              a.body_html AS "bodyHtml", a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
              a.withdrawn_reason AS "withdrawnReason", e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt",
              e.ends_at AS "endsAt", e.time_zone AS "timeZone", e.location, e.online_url AS "onlineUrl",
              e.rsvp_deadline AS "rsvpDeadline", e.sequence, e.cancelled_at AS "cancelledAt", r.response,
              d.acknowledged_at IS NOT NULL AS acknowledged
         FROM outreach_mail m
         JOIN identity_account u ON u.id = m.user_id AND u.status = 'active'
         JOIN announcement a ON a.id = m.announcement_id
         JOIN announcement_delivery d ON d.announcement_id = m.announcement_id AND d.user_id = m.user_id
         LEFT JOIN outreach_event e ON e.announcement_id = a.id
         LEFT JOIN event_rsvp r ON r.event_id = e.id AND r.user_id = m.user_id
        WHERE m.id = ANY($1::uuid[])`,
      [mailIds],
    );
  }
}
