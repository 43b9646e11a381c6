import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { asDownload, type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';
import { OutreachError } from '../errors.js';
import {
  AnnouncementDto,
  AnnouncementListDto,
  AnnouncementListQueryDto,
  AudiencePreviewDto,
  AudiencePreviewInputDto,
  CreateAnnouncementDto,
  DeleteDraftQueryDto,
  PublishDto,
  ReadStateDto,
  RecipientListDto,
  RecipientQueryDto,
  RemindResultDto,
  OutreachScanDto,
  StatsDto,
  UpdateAnnouncementDto,
  WithdrawDto,
} from '../outreach.dto.js';
import { AnnouncementsService } from './announcements.service.js';
import { TrackingService } from './tracking.service.js';

/** The secretariat's announcements, and their recipients' reading and acknowledging. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller()
export class AnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly tracking: TrackingService,
    private readonly jobs: OutreachJobs,
  ) {}

  @Get('announcements')
  @ApiOperation({ summary: 'List announcements' })
  @ApiOkResponse({ type: AnnouncementListDto, description: 'The secretariat: all; others: those addressed to them' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AnnouncementListQueryDto): Promise<AnnouncementListDto> {
    return this.announcements.list(callerOf(user), query);
  }

  @Post('announcements')
  @ApiOperation({ summary: 'Create an announcement' })
  @ApiCreatedResponse({ type: AnnouncementDto, description: 'A draft (the secretariat)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateAnnouncementDto): Promise<AnnouncementDto> {
    return this.announcements.create(callerOf(user), dto);
  }

  @Post('announcements/audience-preview')
  @ApiOperation({ summary: 'Preview an unsaved audience' })
  @HttpCode(200)
  @ApiOkResponse({ type: AudiencePreviewDto, description: 'Whom an audience (not yet saved) reaches now' })
  previewUnsaved(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: AudiencePreviewInputDto,
  ): Promise<AudiencePreviewDto> {
    return this.announcements.preview(callerOf(user), dto.audience);
  }

  @Post('outreach/scan')
  @ApiOperation({ summary: 'Run outreach reminders and closings' })
  @HttpCode(200)
  @ApiOkResponse({
    type: OutreachScanDto,
    description: 'Runs the minute scan now: due publications, reminders, owed e-mails (the secretariat)',
  })
  async scan(@CurrentUser() user: AuthenticatedUser): Promise<OutreachScanDto> {
    this.announcements.requireSecretariat(callerOf(user));
    return this.jobs.scan();
  }

  @Get('announcements/:id')
  @ApiOperation({ summary: 'Get an announcement' })
  @ApiOkResponse({ type: AnnouncementDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AnnouncementDto> {
    return this.announcements.get(callerOf(user), id);
  }

  @Patch('announcements/:id')
  @ApiOperation({ summary: 'Update an announcement' })
  @ApiOkResponse({ type: AnnouncementDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAnnouncementDto,
  ): Promise<AnnouncementDto> {
    return this.announcements.update(callerOf(user), id, dto);
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
    await this.announcements.deleteDraft(callerOf(user), id, query.version);
  }

  @Post('announcements/:id/preview-audience')
  @ApiOperation({ summary: "Preview an announcement's audience" })
  @HttpCode(200)
  @ApiOkResponse({ type: AudiencePreviewDto })
  async preview(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AudiencePreviewDto> {
    const caller = callerOf(user);
    const announcement = await this.announcements.get(caller, id);
    return this.announcements.preview(caller, announcement.audience!);
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
    return this.announcements.publish(callerOf(user), id, dto.version, dto.publishAt);
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
    return this.announcements.withdraw(callerOf(user), id, dto.version, dto.reason);
  }

  @Post('announcements/:id/read')
  @ApiOperation({ summary: 'Mark an announcement read' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadStateDto })
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReadStateDto> {
    return this.announcements.read(callerOf(user), id);
  }

  @Post('announcements/:id/acknowledge')
  @ApiOperation({ summary: 'Acknowledge an announcement' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadStateDto })
  acknowledge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReadStateDto> {
    return this.announcements.acknowledge(callerOf(user), id);
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
    this.announcements.requireSecretariat(caller);
    const announcement = await this.announcements.get(caller, id);
    if (announcement.status !== 'published')
      throw new OutreachError('invalid_state', 'Only a published announcement has recipients to remind.');
    if (!announcement.requiresAcknowledgement && !announcement.event)
      throw new OutreachError('invalid_state', 'This announcement asks for no acknowledgement and no answer.');
    // A double click reminds once.
    return { reminded: await this.jobs.remindNow(id, Math.floor(Date.now() / 60_000)) };
  }

  @Get('announcements/:id/stats')
  @ApiOperation({ summary: "Get an announcement's statistics" })
  @ApiOkResponse({
    type: StatsDto,
    description: 'Delivered, read, acknowledged and answers by country, organisation kind and mandate',
  })
  stats(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<StatsDto> {
    return this.tracking.stats(callerOf(user), id);
  }

  @Get('announcements/:id/recipients')
  @ApiOperation({ summary: "List an announcement's recipients" })
  @ApiOkResponse({ type: RecipientListDto })
  recipients(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: RecipientQueryDto,
  ): Promise<RecipientListDto> {
    return this.tracking.recipients(callerOf(user), id, query);
  }

  @Get('announcements/:id/recipients.csv')
  @ApiOperation({ summary: "Export an announcement's recipients as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every recipient with delivery, reading, acknowledgement, e-mail and answer' })
  async recipientsCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const csv = await this.tracking.recipientsCsv(callerOf(user), id);
    asDownload(res, 'text/csv', `announcement-${id.slice(0, 8)}-recipients.csv`);
    res.send(csv);
  }
}
