import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { AuditService } from '@liaison/audit';
import { AppConfig, asDownload, type AuthenticatedUser, CurrentUser, Public } from '@liaison/core';
import { plannerOf } from '../access.js';
import { PlanningError } from '../errors.js';
import { ItemsService } from '../items/items.service.js';
import { PlansService } from '../plans/plans.service.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { dueDateCalendar, planCsv } from './plan-exports.js';

class CreateFeedDto {
  @ApiPropertyOptional({ format: 'uuid', description: "A plan's due dates; without it, the caller's own items" })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

class FeedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ type: String, nullable: true }) planTitle: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) lastUsedAt: string | null;
}

class NewFeedDto extends FeedDto {
  @ApiProperty({ description: 'The secret address; shown only now' }) url: string;
}

class FeedListDto {
  @ApiProperty({ type: [FeedDto] }) items: FeedDto[];
}

const download = (res: Response, type: 'text/csv' | 'text/calendar', filename: string, body: string) => {
  asDownload(res, type, filename);
  res.send(body);
};

const fileName = (title: string) =>
  title
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'plan';

/** Plans as CSV and iCalendar, and the secret calendar addresses for calendar apps. */
@ApiTags('planning')
@Controller()
export class ExportsController {
  constructor(
    private readonly plans: PlansService,
    private readonly items: ItemsService,
    private readonly feeds: CalendarFeedsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  @Get('plans/:id/export.csv')
  @ApiOperation({ summary: 'Export a plan as CSV' })
  @ApiBearerAuth()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The TLP and title, a header, then one line per item' })
  async csv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ) {
    const planner = plannerOf(user);
    const plan = await this.plans.get(planner, id);
    const items = await this.items.list(planner, id);
    await this.audit.record({
      action: 'planning.plan.exported',
      actorId: user.id,
      targetType: 'action_plan',
      targetId: id,
      details: { format: 'csv', tlp: plan.tlp, items: items.length },
    });
    download(res, 'text/csv', `${fileName(plan.title)}.csv`, planCsv(plan, items));
  }

  @Get('plans/:id/calendar.ics')
  @ApiOperation({ summary: "Export a plan's due dates as iCalendar" })
  @ApiBearerAuth()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'Due dates as all-day events (RFC 5545)' })
  async ics(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ) {
    const planner = plannerOf(user);
    const plan = await this.plans.get(planner, id);
    const items = (await this.items.list(planner, id)).map((i) => ({ ...i, planTitle: plan.title, planTlp: plan.tlp }));
    download(
      res,
      'text/calendar',
      `${fileName(plan.title)}.ics`,
      dueDateCalendar(`${plan.title} (TLP:${plan.tlp})`, items, this.config.publicUrl),
    );
  }

  @Get('calendar-feeds')
  @ApiOperation({ summary: 'List my calendar feeds' })
  @ApiBearerAuth()
  @ApiOkResponse({ type: FeedListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<FeedListDto> {
    return { items: await this.feeds.list(plannerOf(user)) };
  }

  @Post('calendar-feeds')
  @ApiOperation({ summary: 'Create a calendar feed' })
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: NewFeedDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateFeedDto): Promise<NewFeedDto> {
    return this.feeds.create(plannerOf(user), dto.planId ?? null);
  }

  @Delete('calendar-feeds/:id')
  @ApiOperation({ summary: 'Revoke a calendar feed' })
  @ApiBearerAuth()
  @HttpCode(204)
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.feeds.revoke(plannerOf(user), id);
  }

  /** What a calendar app fetches: the token is the credential. */
  @Public()
  @Get('calendar-feeds/:id')
  @ApiOperation({ summary: 'Read a calendar feed' })
  @ApiProduces('text/calendar')
  @ApiParam({ name: 'id', description: 'The secret file name, `<token>.ics`, of the address' })
  @ApiOkResponse({ description: 'The feed (RFC 5545); 404 for an unknown or revoked address' })
  async feed(@Param('id') file: string, @Res() res: Response): Promise<void> {
    const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file)?.[1];
    if (!token) throw new PlanningError('plan_not_found', 'No such calendar.');
    const body = await this.feeds.calendar(token);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.send(body);
  }
}
