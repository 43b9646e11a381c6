import { OutreachPersonalData } from './privacy/outreach-personal-data.js';
import { OutreachPrivacyRepository } from './privacy/outreach-privacy.repository.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { NoticesModule } from '@liaison/notices';
import {
  Announcement,
  AnnouncementDelivery,
  EventRsvp,
  OutreachEvent,
  OutreachMail,
} from './announcements/announcement.entity.js';
import { AnnouncementsController } from './announcements/announcements.controller.js';
import { AnnouncementsRepository } from './announcements/announcements.repository.js';
import { AnnouncementsRealtime } from './announcements/announcements.realtime.js';
import { AnnouncementComposingService } from './announcements/announcement-composing.service.js';
import { AnnouncementLifecycleController } from './announcements/announcement-lifecycle.controller.js';
import { AnnouncementLifecycleService } from './announcements/announcement-lifecycle.service.js';
import { AnnouncementReadingService } from './announcements/announcement-reading.service.js';
import { AnnouncementTrackingController } from './announcements/announcement-tracking.controller.js';
import { TrackingRepository } from './announcements/tracking.repository.js';
import { TrackingService } from './announcements/tracking.service.js';
import { AudienceRepository } from './audience/audience.repository.js';
import { OutreachDeliveryRepository } from './delivery/outreach-delivery.repository.js';
import { OutreachJobs } from './delivery/outreach-jobs.js';
import { EventsController } from './events/events.controller.js';
import { EventsRepository } from './events/events.repository.js';
import { EventsService } from './events/events.service.js';
import { InboxController } from './inbox/inbox.controller.js';
import { InboxRepository } from './inbox/inbox.repository.js';
import { InboxService } from './inbox/inbox.service.js';
import { OutreachSeeding } from './seeding/outreach-seeding.js';
import { OutreachSeedingRepository } from './seeding/outreach-seeding.repository.js';

/**
 * The secretariat's announcements: audiences resolved from the directory, fan-out in jobs,
 * tracking (delivered, e-mailed, read, acknowledged), reminders, event invitations with RSVP
 * and delegations, iCalendar, and each person's inbox.
 */
@Module({
  imports: [
    AuditModule,
    NoticesModule,
    TypeOrmModule.forFeature([Announcement, OutreachEvent, AnnouncementDelivery, OutreachMail, EventRsvp]),
  ],
  controllers: [
    AnnouncementsController,
    AnnouncementLifecycleController,
    AnnouncementTrackingController,
    EventsController,
    InboxController,
  ],
  providers: [
    AnnouncementReadingService,
    AnnouncementComposingService,
    AnnouncementLifecycleService,
    TrackingService,
    OutreachJobs,
    AnnouncementsRealtime,
    EventsService,
    InboxService,
    OutreachSeeding,
    OutreachPrivacyRepository,
    OutreachPersonalData,
    AnnouncementsRepository,
    AudienceRepository,
    TrackingRepository,
    OutreachDeliveryRepository,
    EventsRepository,
    InboxRepository,
    OutreachSeedingRepository,
  ],
  exports: [
    AnnouncementReadingService,
    AnnouncementComposingService,
    AnnouncementLifecycleService,
    OutreachJobs,
    OutreachSeeding,
  ],
})
export class OutreachModule {}
