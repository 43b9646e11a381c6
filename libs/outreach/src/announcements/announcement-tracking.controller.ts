import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { asDownload, type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import { ReadStateDto, RecipientListDto, RecipientQueryDto, StatsDto } from '../outreach.dto.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';
import { TrackingService } from './tracking.service.js';

/** Recipients reading and acknowledging announcements, and the secretariat's tracking of them. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller()
export class AnnouncementTrackingController {
  constructor(
    private readonly reading: AnnouncementReadingService,
    private readonly tracking: TrackingService,
  ) {}

  @Post('announcements/:id/read')
  @ApiOperation({ summary: 'Mark an announcement read' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadStateDto })
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReadStateDto> {
    return this.reading.read(callerOf(user), id);
  }

  @Post('announcements/:id/acknowledge')
  @ApiOperation({ summary: 'Acknowledge an announcement' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadStateDto })
  acknowledge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReadStateDto> {
    return this.reading.acknowledge(callerOf(user), id);
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
