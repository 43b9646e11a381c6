import { PlanningPersonalData } from './privacy/planning-personal-data.js';
import { PlanningPrivacyRepository } from './privacy/planning-privacy.repository.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { MessagingModule } from '@liaison/messaging';
import { NoticesModule } from '@liaison/notices';
import { GroupsController } from './groups/groups.controller.js';
import { GroupsRepository } from './groups/groups.repository.js';
import { GroupsService } from './groups/groups.service.js';
import { WorkingGroup, WorkingGroupMember } from './groups/working-group.entity.js';
import {
  ActionItem,
  ActionItemActivity,
  ActionItemAssignee,
  ActionItemComment,
  ActionItemDependency,
} from './items/action-item.entity.js';
import { ItemsController } from './items/items.controller.js';
import { ItemViewsRepository } from './items/item-views.repository.js';
import { ItemsRepository } from './items/items.repository.js';
import { ItemChanges } from './items/item-changes.js';
import { ItemCommentsService } from './items/item-comments.service.js';
import { ItemEditingService } from './items/item-editing.service.js';
import { ItemStatusService } from './items/item-status.service.js';
import { ItemsService } from './items/items.service.js';
import { CalendarFeed } from './exports/calendar-feed.entity.js';
import { CalendarFeedsRepository } from './exports/calendar-feeds.repository.js';
import { CalendarFeedsService } from './exports/calendar-feeds.service.js';
import { ExportsController } from './exports/exports.controller.js';
import { ActionPlan } from './plans/action-plan.entity.js';
import { PlansController } from './plans/plans.controller.js';
import { PlansRealtime } from './plans/plans.realtime.js';
import { PlanViewsRepository } from './plans/plan-views.repository.js';
import { PlansRepository } from './plans/plans.repository.js';
import { PlansService } from './plans/plans.service.js';
import { PlanningSeeding } from './seeding/planning-seeding.js';
import { PlanningSeedingRepository } from './seeding/planning-seeding.repository.js';
import { PlanMute } from './reminders/plan-mute.entity.js';
import { RemindersController } from './reminders/reminders.controller.js';
import { RemindersRepository } from './reminders/reminders.repository.js';
import { RemindersService } from './reminders/reminders.service.js';

/**
 * Working groups and their action plans: items with owners, dates, a status machine,
 * dependencies, comments and history; roll-ups by status, organisation and country; live
 * updates in plan rooms. Plans carry a TLP handling code enforced in every statement.
 */
@Module({
  imports: [
    AuditModule,
    // Only for its ThreadLinks port: the group's thread and the message an item was made from.
    MessagingModule,
    // Reminders and digests are posted as notices.
    NoticesModule,
    TypeOrmModule.forFeature([
      WorkingGroup,
      WorkingGroupMember,
      ActionPlan,
      ActionItem,
      ActionItemAssignee,
      ActionItemDependency,
      ActionItemComment,
      ActionItemActivity,
      CalendarFeed,
      PlanMute,
    ]),
  ],
  controllers: [GroupsController, PlansController, ItemsController, ExportsController, RemindersController],
  providers: [
    PlanViewsRepository,
    GroupsRepository,
    PlansRepository,
    ItemsRepository,
    ItemViewsRepository,
    RemindersRepository,
    CalendarFeedsRepository,
    PlanningSeedingRepository,
    GroupsService,
    PlansService,
    ItemsService,
    ItemChanges,
    ItemEditingService,
    ItemStatusService,
    ItemCommentsService,
    PlansRealtime,
    PlanningSeeding,
    CalendarFeedsService,
    RemindersService,
    PlanningPrivacyRepository,
    PlanningPersonalData,
  ],
  exports: [
    GroupsService,
    PlansService,
    ItemsService,
    ItemEditingService,
    ItemStatusService,
    ItemCommentsService,
    RemindersService,
    PlanningSeeding,
  ],
})
export class PlanningModule {}
