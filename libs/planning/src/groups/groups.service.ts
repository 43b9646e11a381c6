import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { RealtimePublisher } from '@liaison/core';
import { ThreadLinks } from '@liaison/messaging';
import { type Planner, planRoom } from '../access.js';
import { invalid, PlanningError } from '../errors.js';
import { type GroupMemberRow, GroupsRepository, type GroupSummaryRow } from './groups.repository.js';
import type { GroupRole } from './working-group.entity.js';

export type { GroupMemberRow, GroupSummaryRow } from './groups.repository.js';

/** Working groups: who is in them and in which role. Visible to their members and the secretariat. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly repo: GroupsRepository,
    private readonly audit: AuditService,
    private readonly publisher: RealtimePublisher,
    private readonly threads: ThreadLinks,
  ) {}

  async list(planner: Planner): Promise<GroupSummaryRow[]> {
    return this.repo.listFor(planner.userId, planner.secretariat);
  }

  /** The group as the caller sees it (404 if they may not), with their role in it. */
  async summary(planner: Planner, groupId: string, manager?: EntityManager): Promise<GroupSummaryRow> {
    const row = await this.repo.summary(planner.userId, groupId, manager);
    if (!row || (!row.myRole && !planner.secretariat))
      throw new PlanningError('group_not_found', 'No such working group.');
    return row;
  }

  async members(groupId: string): Promise<GroupMemberRow[]> {
    return this.repo.members(groupId);
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
    return this.repo.transaction(async (m) => {
      await this.assertActiveUsers(
        m,
        others.map((o) => o.userId),
        'members',
      );
      const group = await this.repo.insertGroup(m, {
        name: input.name.trim(),
        purpose: input.purpose?.trim() ?? '',
        createdBy: planner.userId,
      });
      await this.repo.insertMembers(m, group.id, members);
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
    await this.repo.transaction(async (m) => {
      await this.requireChair(planner, groupId, m);
      const updated = await this.repo.updateDetails(
        m,
        groupId,
        version,
        patch.name?.trim() ?? null,
        patch.purpose?.trim() ?? null,
      );
      if (!updated) {
        throw new PlanningError('stale_version', 'The working group was changed by someone else.', undefined, {
          current: await this.summary(planner, groupId, m),
        });
      }
    });
  }

  /** Records the group's encrypted thread, which the chair's client created linked to the group. */
  async setThread(planner: Planner, groupId: string, threadId: string): Promise<void> {
    await this.repo.transaction(async (m) => {
      await this.requireChair(planner, groupId, m);
      const link = await this.threads.linkedThreadOf(threadId, planner.userId, m);
      if (!link) throw invalid('invalid_group', 'threadId', 'no such thread among yours');
      if (link.linkedType !== 'working_group' || link.linkedId !== groupId)
        throw invalid('invalid_group', 'threadId', 'the thread must be linked to this working group');
      await this.repo.setThread(m, groupId, threadId);
    });
  }

  /** Adds a person, or changes their role. */
  async setMember(planner: Planner, groupId: string, userId: string, role: GroupRole): Promise<void> {
    await this.repo.transaction(async (m) => {
      await this.requireChair(planner, groupId, m, true);
      await this.assertActiveUsers(m, [userId], 'userId');
      const before = await this.repo.roleOf(m, groupId, userId);
      if (before === role) return;
      if (before === 'chair') await this.assertAnotherChair(m, groupId, userId);
      await this.repo.upsertMember(m, groupId, userId, role);
      await this.repo.bumpVersion(m, groupId);
      await this.audit.record(
        {
          action: before ? 'planning.group.role_changed' : 'planning.group.member_added',
          actorId: planner.userId,
          targetType: 'working_group',
          targetId: groupId,
          details: { userId, role, before: before ?? null },
        },
        m,
      );
    });
  }

  async removeMember(planner: Planner, groupId: string, userId: string): Promise<void> {
    const planIds = await this.repo.transaction(async (m) => {
      await this.requireChair(planner, groupId, m, true);
      const before = await this.repo.roleOf(m, groupId, userId);
      if (!before) throw new PlanningError('group_not_found', 'That person is not in this working group.');
      if (before === 'chair') await this.assertAnotherChair(m, groupId, userId);
      await this.repo.deleteMember(m, groupId, userId);
      await this.repo.unassignOpenItems(m, groupId, userId);
      await this.repo.bumpVersion(m, groupId);
      await this.audit.record(
        {
          action: 'planning.group.member_removed',
          actorId: planner.userId,
          targetType: 'working_group',
          targetId: groupId,
          details: { userId, role: before },
        },
        m,
      );
      return this.repo.planIds(m, groupId);
    });
    // Their sockets stop hearing about the group's plans; a plan they may still see (CLEAR, GREEN) can be subscribed again.
    for (const planId of planIds) this.publisher.leaveRoom(userId, planRoom(planId));
  }

  private async requireChair(planner: Planner, groupId: string, m: EntityManager, lock = false): Promise<void> {
    if (lock) await this.repo.lock(m, groupId);
    if ((await this.roleIn(planner, groupId, m)) !== 'chair') {
      throw new PlanningError('not_allowed', "Only the group's chairs change the working group.");
    }
  }

  private async assertAnotherChair(m: EntityManager, groupId: string, leaving: string): Promise<void> {
    if ((await this.repo.otherChairs(m, groupId, leaving)) === 0)
      throw new PlanningError('last_chair', 'A working group needs a chair: name another chair first.');
  }

  private async assertActiveUsers(m: EntityManager, userIds: string[], field: string): Promise<void> {
    if (userIds.length === 0) return;
    if ((await this.repo.activeUsers(m, userIds)) !== new Set(userIds).size)
      throw invalid('invalid_group', field, 'no such active user');
  }
}
