import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Contact } from '../contacts/contact.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { ConfirmationRequest } from './confirmation-request.entity.js';

/** Every statement of re-confirmation: requests, their escalation and notices, answers by link. */

/** How the scan opens requests: at most `limit`, for entries not confirmed for `confirmAfterDays`. */
export interface OpenRequests {
  limit: number;
  now: Date;
  confirmAfterDays: number;
  escalateAfterDays: number;
  linkValidDays: number;
}

/** A request with notices not sent yet (levels above `notified_level` up to `escalation_level`). */
export interface PendingNoticeRow {
  id: string;
  notified_level: number;
  escalation_level: number;
}

/** A colleague who could take over an entry. */
export interface ColleagueRow {
  id: string;
  fullName: string;
  position: string | null;
}

@Injectable()
export class FreshnessRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Opens a request for each stale entry (its own or one of its active designations' confirmation
   * too old) without an open one, oldest first; the ids opened.
   */
  openForStale(o: OpenRequests): Promise<{ id: string }[]> {
    return this.dataSource.query<{ id: string }[]>(
      `INSERT INTO confirmation_request (contact_id, token_hash, next_escalation_at, expires_at)
       SELECT c.id, 'pending:' || gen_random_uuid(), $2::timestamptz + make_interval(days => $4::int), $2::timestamptz + make_interval(days => $5::int)
       FROM contact c
       WHERE c.status <> 'departed'
         AND least(c.last_confirmed_at, coalesce((SELECT min(p.last_confirmed_at) FROM point_of_contact p WHERE p.contact_id = c.id AND p.status = 'active'), c.last_confirmed_at))
             < $2::timestamptz - make_interval(days => $3::int)
         AND NOT EXISTS (SELECT 1 FROM confirmation_request r WHERE r.contact_id = c.id AND r.answered_at IS NULL)
       ORDER BY c.last_confirmed_at
       LIMIT $1
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [o.limit, o.now, o.confirmAfterDays, o.escalateAfterDays, o.linkValidDays],
    );
  }

  /** Moves unanswered requests due for it one escalation level up; the ids escalated. */
  escalateDue(now: Date, escalateAfterDays: number): Promise<{ id: string }[]> {
    // (A CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].)
    return this.dataSource.query<{ id: string }[]>(
      `WITH e AS (
         UPDATE confirmation_request SET escalation_level = escalation_level + 1,
           next_escalation_at = CASE WHEN escalation_level + 1 < 2 THEN $1::timestamptz + make_interval(days => $2::int) END
         WHERE answered_at IS NULL AND escalation_level < 2 AND next_escalation_at <= $1::timestamptz
         RETURNING id)
       SELECT id FROM e`,
      [now, escalateAfterDays],
    );
  }

  /** Unanswered requests with notices not sent yet. */
  pendingNotices(): Promise<PendingNoticeRow[]> {
    return this.dataSource.query<PendingNoticeRow[]>(
      `SELECT id, notified_level, escalation_level FROM confirmation_request
       WHERE answered_at IS NULL AND notified_level < escalation_level`,
    );
  }

  findRequest(id: string): Promise<ConfirmationRequest | null> {
    return this.dataSource.getRepository(ConfirmationRequest).findOneBy({ id });
  }

  /** The contact with its organisation, or null. */
  contactWithOrganisation(id: string): Promise<Contact | null> {
    return this.dataSource.getRepository(Contact).findOne({ where: { id }, relations: { organisation: true } });
  }

  async setTokenHash(requestId: string, tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(ConfirmationRequest).update({ id: requestId }, { tokenHash });
  }

  async setNotifiedLevel(requestId: string, level: number): Promise<void> {
    await this.dataSource.getRepository(ConfirmationRequest).update({ id: requestId }, { notifiedLevel: level });
  }

  /** The request of this token hash, locked for update (FOR UPDATE), or null. */
  lockByTokenHash(m: EntityManager, tokenHash: string): Promise<ConfirmationRequest | null> {
    return m.getRepository(ConfirmationRequest).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markAnswered(
    m: EntityManager,
    requestId: string,
    answer: 'confirmed' | 'updated' | 'departed',
    at: Date,
  ): Promise<void> {
    await m.update(ConfirmationRequest, { id: requestId }, { answeredAt: at, answer });
  }

  /** Whether the contact has an unanswered request. */
  async openFor(contactId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM confirmation_request WHERE contact_id = $1 AND answered_at IS NULL) AS open`,
      [contactId],
    );
    return row.open;
  }

  contact(m: EntityManager, id: string): Promise<Contact> {
    return m.getRepository(Contact).findOneByOrFail({ id });
  }

  /** The contact locked for update (FOR UPDATE); fails when there is none. */
  lockContact(m: EntityManager, id: string): Promise<Contact> {
    return m.getRepository(Contact).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  organisation(m: EntityManager, id: string): Promise<Organisation> {
    return m.getRepository(Organisation).findOneByOrFail({ id });
  }

  /** The active colleagues of a contact with one of these visibilities, by name (at most 200). */
  colleagues(m: EntityManager, organisationId: string, contactId: string, levels: string[]): Promise<ColleagueRow[]> {
    return m.query<ColleagueRow[]>(
      `SELECT id, full_name AS "fullName", position FROM contact
          WHERE organisation_id = $1 AND id <> $2 AND status = 'active' AND visibility = ANY($3::text[])
          ORDER BY sort_name LIMIT 200`,
      [organisationId, contactId, levels],
    );
  }
}
