import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, InvalidInputError, Roles } from '@liaison/core';
import { plannerOf } from '../access.js';
import {
  DIGESTS,
  type Digest,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationParams,
} from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

class PreferencesDto {
  @ApiProperty({ type: [Number], description: 'Days before a due date to remind (0-60), at most 5', example: [7, 1] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(60, { each: true })
  reminderDays: number[];

  @ApiProperty({ enum: DIGESTS }) @IsIn(DIGESTS) digest: Digest;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 23, description: 'Quiet hours start (local hour)' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(23)
  quietFrom: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 23, description: 'Quiet hours end (local hour)' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(23)
  quietTo: number | null;

  @ApiProperty({ example: 'Europe/Warsaw', description: 'IANA time zone' })
  @IsIn([...TIME_ZONES], { message: 'timeZone must be an IANA time zone such as Europe/Warsaw' })
  timeZone: string;

  @ApiProperty({ description: 'Also by e-mail' }) @IsBoolean() email: boolean;
}

class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ type: String, nullable: true }) planId: string | null;
  @ApiProperty({ type: String, nullable: true }) itemId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Path in the web client' }) link: string;
  @ApiProperty({
    description: "The facts of the notice, for writing it in the reader's language (title and body are English)",
    example: {
      reference: '1.3',
      itemTitle: 'Radio spots',
      planTitle: 'Campaigns 2026',
      tlp: 'AMBER',
      dueDate: '2026-12-01',
      daysLeft: 7,
    },
  })
  params: NotificationParams;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
}

class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() unread: number;
}

class UnreadDto {
  @ApiProperty() unread: number;
}

class NotificationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

class MuteDto {
  @ApiProperty() @IsBoolean() muted: boolean;
}

class ScanResultDto {
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() digests: number;
  @ApiProperty() mails: number;
}

/** Reminders, notices and digests: the caller's notifications and how they want them. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'List my notifications' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: NotificationQueryDto): Promise<NotificationListDto> {
    return this.notifications.list(plannerOf(user), query.unread ?? false);
  }

  @Post('notifications/read')
  @ApiOperation({ summary: 'Mark all notifications read' })
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadDto, description: 'Marks every notification read' })
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<UnreadDto> {
    return { unread: await this.notifications.markRead(plannerOf(user), null) };
  }

  @Post('notifications/:id/read')
  @ApiOperation({ summary: 'Mark a notification read' })
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadDto })
  async read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UnreadDto> {
    return { unread: await this.notifications.markRead(plannerOf(user), id) };
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'Get my notification preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  preferences(@CurrentUser() user: AuthenticatedUser): Promise<PreferencesDto> {
    return this.notifications.preferences(plannerOf(user));
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Set my notification preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  setPreferences(@CurrentUser() user: AuthenticatedUser, @Body() dto: PreferencesDto): Promise<PreferencesDto> {
    if ((dto.quietFrom === null) !== (dto.quietTo === null)) {
      throw new InvalidInputError([{ field: 'quietTo', reasons: ['give both ends of the quiet hours, or neither'] }]);
    }
    return this.notifications.setPreferences(plannerOf(user), dto);
  }

  @Put('plans/:id/mute')
  @ApiOperation({ summary: 'Mute or unmute a plan' })
  @ApiOkResponse({ type: MuteDto, description: 'No reminders or digest lines about this plan' })
  async mute(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MuteDto,
  ): Promise<MuteDto> {
    await this.notifications.mute(plannerOf(user), id, dto.muted);
    return { muted: dto.muted };
  }

  @Post('planning/reminders/scan')
  @ApiOperation({ summary: 'Scan for due reminders' })
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOkResponse({ type: ScanResultDto, description: 'Runs the hourly reminder scan now' })
  scan(): Promise<ScanResultDto> {
    return this.notifications.scan();
  }
}
