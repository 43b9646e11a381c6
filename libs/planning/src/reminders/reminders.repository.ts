import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tlp } from '../plans/action-plan.entity.js';

/** An open item with a due date, one row per active assignee. */
export interface CandidateRow {
  itemId: string;
  planId: string;
  reference: string;
  title: string;
  dueDate: string;
  planTitle: string;
  tlp: Tlp;
  userId: string;
}

/** The statements of due-date reminders and plan mutes. */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open items of active plans due by `horizon`, for each active, unmuted assignee. */
  async candidates(horizon: string): Promise<CandidateRow[]> {
    return this.dataSource.query<CandidateRow[]>(
      `SELECT i.id AS "itemId", i.plan_id AS "planId", i.reference, i.title, to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
              p.title AS "planTitle", p.tlp, a.user_id AS "userId"
         FROM action_item i
         JOIN action_plan p ON p.id = i.plan_id AND p.status = 'active'
         JOIN action_item_assignee a ON a.item_id = i.id
         JOIN identity_account u ON u.id = a.user_id AND u.status = 'active'
        WHERE i.status NOT IN ('done', 'cancelled') AND i.due_date IS NOT NULL AND i.due_date <= $1
          AND NOT EXISTS (SELECT 1 FROM plan_mute pm WHERE pm.user_id = a.user_id AND pm.plan_id = i.plan_id)`,
      [horizon],
    );
  }

  async mute(userId: string, planId: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO plan_mute (user_id, plan_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      userId,
      planId,
    ]);
  }

  async unmute(userId: string, planId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM plan_mute WHERE user_id = $1 AND plan_id = $2`, [userId, planId]);
  }
}
