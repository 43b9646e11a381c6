import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import {
  AnnouncementDto,
  AnnouncementListDto,
  AnnouncementListQueryDto,
  AudiencePreviewDto,
  AudiencePreviewInputDto,
  CreateAnnouncementDto,
  UpdateAnnouncementDto,
} from '../outreach.dto.js';
import { AnnouncementComposingService } from './announcement-composing.service.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';

/** The secretariat's announcements: listing, reading one, composing and previewing audiences. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller()
export class AnnouncementsController {
  constructor(
    private readonly reading: AnnouncementReadingService,
    private readonly composing: AnnouncementComposingService,
  ) {}

  @Get('announcements')
  @ApiOperation({ summary: 'List announcements' })
  @ApiOkResponse({ type: AnnouncementListDto, description: 'The secretariat: all; others: those addressed to them' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AnnouncementListQueryDto): Promise<AnnouncementListDto> {
    return this.reading.list(callerOf(user), query);
  }

  @Post('announcements')
  @ApiOperation({ summary: 'Create an announcement' })
  @ApiCreatedResponse({ type: AnnouncementDto, description: 'A draft (the secretariat)' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateAnnouncementDto): Promise<AnnouncementDto> {
    return this.composing.create(callerOf(user), dto);
  }

  @Post('announcements/audience-preview')
  @ApiOperation({ summary: 'Preview an unsaved audience' })
  @HttpCode(200)
  @ApiOkResponse({ type: AudiencePreviewDto, description: 'Whom an audience (not yet saved) reaches now' })
  previewUnsaved(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: AudiencePreviewInputDto,
  ): Promise<AudiencePreviewDto> {
    return this.composing.preview(callerOf(user), dto.audience);
  }

  @Get('announcements/:id')
  @ApiOperation({ summary: 'Get an announcement' })
  @ApiOkResponse({ type: AnnouncementDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AnnouncementDto> {
    return this.reading.get(callerOf(user), id);
  }

  @Patch('announcements/:id')
  @ApiOperation({ summary: 'Update an announcement' })
  @ApiOkResponse({ type: AnnouncementDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAnnouncementDto,
  ): Promise<AnnouncementDto> {
    return this.composing.update(callerOf(user), id, dto);
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
    const announcement = await this.reading.get(caller, id);
    return this.composing.preview(caller, announcement.audience!);
  }
}
