import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';
import { OutreachError } from '../errors.js';
import {
  AnnouncementDto,
  DeleteDraftQueryDto,
  OutreachScanDto,
  PublishDto,
  RemindResultDto,
  WithdrawDto,
} from '../outreach.dto.js';
import { AnnouncementComposingService } from './announcement-composing.service.js';
import { AnnouncementLifecycleService } from './announcement-lifecycle.service.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';
import { requireSecretariat } from './announcement-rules.js';

/** An announcement's life after composing: publishing, reminding, withdrawing, deleting a draft, and the minute scan. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller()
export class AnnouncementLifecycleController {
  constructor(
    private readonly composing: AnnouncementComposingService,
    private readonly lifecycle: AnnouncementLifecycleService,
    private readonly reading: AnnouncementReadingService,
    private readonly jobs: OutreachJobs,
  ) {}

  @Post('outreach/scan')
  @ApiOperation({ summary: 'Run outreach reminders and closings' })
  @HttpCode(200)
  @ApiOkResponse({
    type: OutreachScanDto,
    description: 'Runs the minute scan now: due publications, reminders, owed e-mails (the secretariat)',
  })
  async scan(@CurrentUser() user: AuthenticatedUser): Promise<OutreachScanDto> {
    requireSecretariat(callerOf(user));
    return this.jobs.scan();
  }

  @Delete('announcements/:id')
  @ApiOperation({ summary: 'Delete an announcement draft' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'A draft deleted (`version` as a query parameter)' })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DeleteDraftQueryDto,
  ): Promise<void> {
    await this.lifecycle.deleteDraft(callerOf(user), id, query.version);
  }

  @Post('announcements/:id/publish')
  @ApiOperation({ summary: 'Publish an announcement' })
  @HttpCode(200)
  @ApiOkResponse({ type: AnnouncementDto, description: 'Published (the fan-out continues in jobs) or scheduled' })
  publish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PublishDto,
  ): Promise<AnnouncementDto> {
    return this.composing.publish(callerOf(user), id, dto.version, dto.publishAt);
  }

  @Post('announcements/:id/withdraw')
  @ApiOperation({ summary: 'Withdraw an announcement' })
  @HttpCode(200)
  @ApiOkResponse({ type: AnnouncementDto })
  withdraw(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: WithdrawDto,
  ): Promise<AnnouncementDto> {
    return this.lifecycle.withdraw(callerOf(user), id, dto.version, dto.reason);
  }

  @Post('announcements/:id/remind')
  @ApiOperation({ summary: 'Remind recipients' })
  @HttpCode(200)
  @ApiOkResponse({ type: RemindResultDto, description: 'Reminds now everyone who has not acknowledged or answered' })
  async remind(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<RemindResultDto> {
    const caller = callerOf(user);
    requireSecretariat(caller);
    const announcement = await this.reading.get(caller, id);
    if (announcement.status !== 'published')
      throw new OutreachError('invalid_state', 'Only a published announcement has recipients to remind.');
    if (!announcement.requiresAcknowledgement && !announcement.event)
      throw new OutreachError('invalid_state', 'This announcement asks for no acknowledgement and no answer.');
    // A double click reminds once.
    return { reminded: await this.jobs.remindNow(id, Math.floor(Date.now() / 60_000)) };
  }
}
