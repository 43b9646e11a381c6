import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { ThreadLinks } from '@liaison/messaging';
import { type Planner, planRoom } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { type GroupRole, WorkingGroup, WorkingGroupMember } from './working-group.entity.js';

export interface GroupSummaryRow {
  id: string;
  name: string;
  purpose: string;
  myRole: GroupRole | null;
  memberCount: number;
  planCount: number;
  threadId: string | null;
  version: number;
  createdAt: Date;
}

export interface GroupMemberRow {
  userId: string;
  displayName: string;
  organisationId: string | null;
  organisationName: string | null;
  countryCode: string | null;
  role: GroupRole;
}

const SUMMARY = `SELECT g.id, g.name, g.purpose, g.thread_id AS "threadId", g.version, g.created_at AS "createdAt",
    me.role AS "myRole",
    (SELECT count(*)::int FROM working_group_member m WHERE m.group_id = g.id) AS "memberCount",
    (SELECT count(*)::int FROM action_plan p WHERE p.group_id = g.id) AS "planCount"
  FROM working_group g
  LEFT JOIN working_group_member me ON me.group_id = g.id AND me.user_id = $1`;

/** Working groups: who is in them and in which role. Visible to their members and the secretariat. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly publisher: RealtimePublisher,
    private readonly threads: ThreadLinks,
  ) {}

  async list(planner: Planner): Promise<GroupSummaryRow[]> {
    return this.dataSource.query(
      `${SUMMARY} WHERE me.user_id IS NOT NULL OR CAST($2 AS boolean) ORDER BY g.name, g.id`,
      [planner.userId, planner.secretariat],
    );
  }

  /** The group as the caller sees it (404 if they may not), with their role in it. */
  async summary(
    planner: Planner,
    groupId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupSummaryRow> {
    const [row] = await manager.query<GroupSummaryRow[]>(`${SUMMARY} WHERE g.id = $2`, [planner.userId, groupId]);
    if (!row || (!row.myRole && !planner.secretariat))
      throw new PlanningError('group_not_found', 'No such working group.');
    return row;
  }

  async members(groupId: string): Promise<GroupMemberRow[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", u.display_name AS "displayName", u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.country_code AS "countryCode", m.role
         FROM working_group_member m
         JOIN user_account u ON u.id = m.user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE m.group_id = $1
        ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.display_name, m.user_id`,
      [groupId],
    );
  }

  /** The caller's role in a group they may see; `chair` is required for changes. */
  async roleIn(planner: Planner, groupId: string, manager?: EntityManager): Promise<GroupRole | null> {
    return (await this.summary(planner, groupId, manager)).myRole;
  }

  async create(
    planner: Planner,
    input: { name: string; purpose?: string; members?: { userId: string; role: GroupRole }[] },
  ): Promise<string> {
    if (!planner.secretariat && !planner.orgAdmin) {
      throw new PlanningError(
        'not_allowed',
        'Only the secretariat and organisation administrators create working groups.',
      );
    }
    const others = (input.members ?? []).filter((m) => m.userId !== planner.userId);
    const members = [{ userId: planner.userId, role: 'chair' as GroupRole }, ...others];
    if (new Set(members.map((m) => m.userId)).size !== members.length) {
      throw invalid('invalid_group', 'members', 'each person may appear once');
    }
    return this.dataSource.transaction(async (m) => {
      await this.assertActiveUsers(
        m,
        others.map((o) => o.userId),
        'members',
      );
      const group = await m.getRepository(WorkingGroup).save({
        name: input.name.trim(),
        purpose: input.purpose?.trim() ?? '',
        createdBy: planner.userId,
        threadId: null,
      });
      await m.getRepository(WorkingGroupMember).insert(members.map((x) => ({ ...x, groupId: group.id })));
      await this.audit.record(
        {
          action: 'planning.group.created',
          actorId: planner.userId,
          targetType: 'working_group',
          targetId: group.id,
          details: { name: group.name, members: members.length },
        },
        m,
      );
      return group.id;
    });
  }

  async update(
    planner: Planner,
    groupId: string,
    version: number,
    patch: { name?: string; purpose?: string },
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.requireChair(planner, groupId, m);
      const result = await m.query<[unknown[], number]>(
        `UPDATE working_group SET name = COALESCE($3, name), purpose = COALESCE($4, purpose),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [groupId, version, patch.name?.trim() ?? null, patch.purpose?.trim() ?? null],
      );
      if (result[1] === 0) {
        throw new PlanningError('stale_version', 'The working group was changed by someone else.', undefined, {
          current: await this.summary(planner, groupId, m),
        });
      }
    });
  }

  /** Records the group's encrypted thread, which the chair's client created linked to the group. */
  async setThread(planner: Planner, groupId: string, threadId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.requireChair(planner, groupId, m);
      const link = await this.threads.linkedThreadOf(threadId, planner.userId, m);
      if (!link) throw invalid('invalid_group', 'threadId', 'no such thread among yours');
      if (link.linkedType !== 'working_group' || link.linkedId !== groupId)
        throw invalid('invalid_group', 'threadId', 'the thread must be linked to this working group');
      await m.query(
        `UPDATE working_group SET thread_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [groupId, threadId],
      );
    });
  }

  /** Adds a person, or changes their role. */
  async setMember(planner: Planner, groupId: string, userId: string, role: GroupRole): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.requireChair(planner, groupId, m, true);
      await this.assertActiveUsers(m, [userId], 'userId');
      const [before] = await m.query<{ role: GroupRole }[]>(
        `SELECT role FROM working_group_member WHERE group_id = $1 AND user_id = $2`,
        [groupId, userId],
      );
      if (before?.role === role) return;
      if (before?.role === 'chair') await this.assertAnotherChair(m, groupId, userId);
      await m.query(
        `INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
        [groupId, userId, role],
      );
      await m.query(`UPDATE working_group SET version = version + 1, updated_at = now() WHERE id = $1`, [groupId]);
      await this.audit.record(
        {
          action: before ? 'planning.group.role_changed' : 'planning.group.member_added',
          actorId: planner.userId,
          targetType: 'working_group',
          targetId: groupId,
          details: { userId, role, before: before?.role ?? null },
        },
        m,
      );
    });
  }

  async removeMember(planner: Planner, groupId: string, userId: string): Promise<void> {
    const planIds = await this.dataSource.transaction(async (m) => {
      await this.requireChair(planner, groupId, m, true);
      const [before] = await m.query<{ role: GroupRole }[]>(
        `SELECT role FROM working_group_member WHERE group_id = $1 AND user_id = $2`,
        [groupId, userId],
      );
      if (!before) throw new PlanningError('group_not_found', 'That person is not in this working group.');
      if (before.role === 'chair') await this.assertAnotherChair(m, groupId, userId);
      await m.query(`DELETE FROM working_group_member WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
      await m.query(
        `DELETE FROM action_item_assignee a USING action_item i, action_plan p
                      WHERE a.item_id = i.id AND i.plan_id = p.id AND p.group_id = $1 AND a.user_id = $2
                        AND i.status NOT IN ('done', 'cancelled')`,
        [groupId, userId],
      );
      await m.query(`UPDATE working_group SET version = version + 1, updated_at = now() WHERE id = $1`, [groupId]);
      await this.audit.record(
        {
          action: 'planning.group.member_removed',
          actorId: planner.userId,
          targetType: 'working_group',
          targetId: groupId,
          details: { userId, role: before.role },
        },
        m,
      );
      return (await m.query<{ id: string }[]>(`SELECT id FROM action_plan WHERE group_id = $1`, [groupId])).map(
        (p) => p.id,
      );
    });
    // Their sockets stop hearing about the group's plans; a plan they may still see (CLEAR, GREEN) can be subscribed again.
    for (const planId of planIds) this.publisher.leaveRoom(userId, planRoom(planId));
  }

  private async requireChair(planner: Planner, groupId: string, m: EntityManager, lock = false): Promise<void> {
    if (lock) await m.query(`SELECT id FROM working_group WHERE id = $1 FOR UPDATE`, [groupId]);
    if ((await this.roleIn(planner, groupId, m)) !== 'chair') {
      throw new PlanningError('not_allowed', "Only the group's chairs change the working group.");
    }
  }

  private async assertAnotherChair(m: EntityManager, groupId: string, leaving: string): Promise<void> {
    const [{ n }] = await m.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM working_group_member WHERE group_id = $1 AND role = 'chair' AND user_id <> $2`,
      [groupId, leaving],
    );
    if (n === 0) throw new PlanningError('last_chair', 'A working group needs a chair: name another chair first.');
  }

  private async assertActiveUsers(m: EntityManager, userIds: string[], field: string): Promise<void> {
    if (userIds.length === 0) return;
    const found = await m.query<{ id: string }[]>(
      `SELECT id FROM user_account WHERE id = ANY($1::uuid[]) AND status = 'active'`,
      [userIds],
    );
    if (found.length !== new Set(userIds).size) throw invalid('invalid_group', field, 'no such active user');
  }
}
