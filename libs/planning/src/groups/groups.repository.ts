import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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

/** Group rows with the caller's role and counts; `$1` is the caller. */
const SUMMARY = `SELECT g.id, g.name, g.purpose, g.thread_id AS "threadId", g.version, g.created_at AS "createdAt",
    me.role AS "myRole",
    (SELECT count(*)::int FROM working_group_member m WHERE m.group_id = g.id) AS "memberCount",
    (SELECT count(*)::int FROM action_plan p WHERE p.group_id = g.id) AS "planCount"
  FROM working_group g
  LEFT JOIN working_group_member me ON me.group_id = g.id AND me.user_id = $1`;

/** The statements of working groups and their members. */
@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The groups the user is in, or every group for the secretariat. */
  async listFor(userId: string, secretariat: boolean): Promise<GroupSummaryRow[]> {
    return this.dataSource.query(
      `${SUMMARY} WHERE me.user_id IS NOT NULL OR CAST($2 AS boolean) ORDER BY g.name, g.id`,
      [userId, secretariat],
    );
  }

  /** One group with the user's role in it, whether or not they are a member. */
  async summary(
    userId: string,
    groupId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<GroupSummaryRow | undefined> {
    const [row] = await m.query<GroupSummaryRow[]>(`${SUMMARY} WHERE g.id = $2`, [userId, groupId]);
    return row;
  }

  /** Members with their names and organisations: chairs, then members, then observers. */
  async members(groupId: string): Promise<GroupMemberRow[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", u.display_name AS "displayName", u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.country_code AS "countryCode", m.role
         FROM working_group_member m
         JOIN identity_account u ON u.id = m.user_id
         LEFT JOIN directory_organisation o ON o.id = u.organisation_id
        WHERE m.group_id = $1
        ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.display_name, m.user_id`,
      [groupId],
    );
  }

  /** Saves a new group (without a thread) and returns it with its id. */
  async insertGroup(
    m: EntityManager,
    group: { name: string; purpose: string; createdBy: string },
  ): Promise<WorkingGroup> {
    return m.getRepository(WorkingGroup).save({ ...group, threadId: null });
  }

  async insertMembers(
    m: EntityManager,
    groupId: string,
    members: { userId: string; role: GroupRole }[],
  ): Promise<void> {
    await m.getRepository(WorkingGroupMember).insert(members.map((x) => ({ ...x, groupId })));
  }

  /** Changes name and purpose (null keeps them) if the version matches; false when it did not. */
  async updateDetails(
    m: EntityManager,
    groupId: string,
    version: number,
    name: string | null,
    purpose: string | null,
  ): Promise<boolean> {
    const result = await m.query<[unknown[], number]>(
      `UPDATE working_group SET name = COALESCE($3, name), purpose = COALESCE($4, purpose),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
      [groupId, version, name, purpose],
    );
    return result[1] !== 0;
  }

  async setThread(m: EntityManager, groupId: string, threadId: string): Promise<void> {
    await m.query(`UPDATE working_group SET thread_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      groupId,
      threadId,
    ]);
  }

  /** The person's role in the group, if they are in it. */
  async roleOf(m: EntityManager, groupId: string, userId: string): Promise<GroupRole | undefined> {
    const [before] = await m.query<{ role: GroupRole }[]>(
      `SELECT role FROM working_group_member WHERE group_id = $1 AND user_id = $2`,
      [groupId, userId],
    );
    return before?.role;
  }

  /** Adds the person, or changes their role. */
  async upsertMember(m: EntityManager, groupId: string, userId: string, role: GroupRole): Promise<void> {
    await m.query(
      `INSERT INTO working_group_member (group_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [groupId, userId, role],
    );
  }

  async deleteMember(m: EntityManager, groupId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM working_group_member WHERE group_id = $1 AND user_id = $2`, [groupId, userId]);
  }

  /** Takes the person off the open items of the group's plans (done and cancelled ones keep them). */
  async unassignOpenItems(m: EntityManager, groupId: string, userId: string): Promise<void> {
    await m.query(
      `DELETE FROM action_item_assignee a USING action_item i, action_plan p
                      WHERE a.item_id = i.id AND i.plan_id = p.id AND p.group_id = $1 AND a.user_id = $2
                        AND i.status NOT IN ('done', 'cancelled')`,
      [groupId, userId],
    );
  }

  /** Raises the group's version after a change of its members. */
  async bumpVersion(m: EntityManager, groupId: string): Promise<void> {
    await m.query(`UPDATE working_group SET version = version + 1, updated_at = now() WHERE id = $1`, [groupId]);
  }

  async planIds(m: EntityManager, groupId: string): Promise<string[]> {
    return (await m.query<{ id: string }[]>(`SELECT id FROM action_plan WHERE group_id = $1`, [groupId])).map(
      (p) => p.id,
    );
  }

  /** Locks the group row for this transaction. */
  async lock(m: EntityManager, groupId: string): Promise<void> {
    await m.query(`SELECT id FROM working_group WHERE id = $1 FOR UPDATE`, [groupId]);
  }

  /** Chairs of the group other than this person. */
  async otherChairs(m: EntityManager, groupId: string, leaving: string): Promise<number> {
    const [{ n }] = await m.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM working_group_member WHERE group_id = $1 AND role = 'chair' AND user_id <> $2`,
      [groupId, leaving],
    );
    return n;
  }

  /** How many of these accounts exist and are active. */
  async activeUsers(m: EntityManager, userIds: string[]): Promise<number> {
    const found = await m.query<{ id: string }[]>(
      `SELECT id FROM identity_account WHERE id = ANY($1::uuid[]) AND status = 'active'`,
      [userIds],
    );
    return found.length;
  }
}
