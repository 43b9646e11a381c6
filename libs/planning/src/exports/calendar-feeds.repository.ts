import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A calendar address as its owner lists it. */
export interface FeedRow {
  id: string;
  planId: string | null;
  planTitle: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The owner of a feed and what decides what they may see. */
export interface FeedOwnerRow {
  planId: string | null;
  userId: string;
  roles: string[];
  organisationId: string | null;
}

/** The statements of secret calendar addresses. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's addresses with their plans' titles, newest first. */
  async list(userId: string): Promise<FeedRow[]> {
    return this.dataSource.query<FeedRow[]>(
      `SELECT f.id, f.plan_id AS "planId", p.title AS "planTitle", f.created_at AS "createdAt", f.last_used_at AS "lastUsedAt"
         FROM calendar_feed f LEFT JOIN action_plan p ON p.id = f.plan_id
        WHERE f.user_id = $1 ORDER BY f.created_at DESC`,
      [userId],
    );
  }

  async insert(userId: string, planId: string | null, tokenHash: string): Promise<{ id: string; createdAt: Date }> {
    const [row] = await this.dataSource.query<{ id: string; createdAt: Date }[]>(
      `INSERT INTO calendar_feed (user_id, plan_id, token_hash) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt"`,
      [userId, planId, tokenHash],
    );
    return row;
  }

  /** Deletes the user's address; how many went. */
  async delete(id: string, userId: string): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM calendar_feed WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return deleted;
  }

  /** Records the use of the address behind this token hash; its owner, if the address exists and they are active. */
  async use(tokenHash: string): Promise<FeedOwnerRow | undefined> {
    // An UPDATE answers [rows, count].
    const [[feed]] = await this.dataSource.query<[FeedOwnerRow[], number]>(
      `UPDATE calendar_feed f SET last_used_at = now() FROM identity_account u
        WHERE f.token_hash = $1 AND u.id = f.user_id AND u.status = 'active'
        RETURNING f.plan_id AS "planId", f.user_id AS "userId", u.roles, u.organisation_id AS "organisationId"`,
      [tokenHash],
    );
    return feed;
  }
}
