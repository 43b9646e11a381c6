import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification, NotificationPreference } from './notification.entity.js';
import { NotificationsController } from './notices.controller.js';
import { NoticesRepository } from './notices.repository.js';
import { NoticesService } from './notices.service.js';
import { NoticesPersonalData } from './privacy/notices-personal-data.js';
import { NoticesPrivacyRepository } from './privacy/notices-privacy.repository.js';

/**
 * Each person's notices (the bell and the inbox's notifications) and how they want them: other
 * contexts post notices through NoticesService; this context stores them, tells the person live,
 * e-mails them (a job) and keeps their settings (reminder days, digests, quiet hours in their time
 * zone, e-mail or not).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, NotificationPreference])],
  controllers: [NotificationsController],
  providers: [NoticesRepository, NoticesService, NoticesPrivacyRepository, NoticesPersonalData],
  exports: [NoticesService],
})
export class NoticesModule {}
