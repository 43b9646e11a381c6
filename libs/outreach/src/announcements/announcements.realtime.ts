import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { announcementRoom, callerOf } from '../access.js';
import { OutreachError } from '../errors.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';

class AnnouncementRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() announcementId: string;
}

/**
 * `announcement.watch` (the secretariat only) joins an announcement's room, where
 * `announcement.activity` arrives whenever its statistics change.
 */
@Injectable()
export class AnnouncementsRealtime implements OnModuleInit {
  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly announcements: AnnouncementReadingService,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('announcement.watch', async (user, payload, socket) => {
      const { announcementId } = await validatePayload(AnnouncementRefDto, payload);
      const caller = callerOf(user);
      if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat follows announcements.');
      await this.announcements.get(caller, announcementId);
      await socket.join(announcementRoom(announcementId));
      return {};
    });
    this.gateway.handle('announcement.unwatch', async (_user, payload, socket) => {
      const { announcementId } = await validatePayload(AnnouncementRefDto, payload);
      await socket.leave(announcementRoom(announcementId));
      return {};
    });
  }
}
