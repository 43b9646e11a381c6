import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, InvalidInputError } from '@liaison/core';
import {
  DIGESTS,
  type Digest,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationParams,
} from './notification.entity.js';
import { NoticesService } from './notices.service.js';

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

/** The caller's notices (reminders, digests, …) and how they want them. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NoticesService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'List my notifications' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: NotificationQueryDto): Promise<NotificationListDto> {
    return this.notifications.list(user.id, query.unread ?? false);
  }

  @Post('notifications/read')
  @ApiOperation({ summary: 'Mark all notifications read' })
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadDto, description: 'Marks every notification read' })
  async readAll(@CurrentUser() user: AuthenticatedUser): Promise<UnreadDto> {
    return { unread: await this.notifications.markRead(user.id, null) };
  }

  @Post('notifications/:id/read')
  @ApiOperation({ summary: 'Mark a notification read' })
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadDto })
  async read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UnreadDto> {
    return { unread: await this.notifications.markRead(user.id, id) };
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'Get my notification preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  preferences(@CurrentUser() user: AuthenticatedUser): Promise<PreferencesDto> {
    return this.notifications.preferences(user.id);
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Set my notification preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  setPreferences(@CurrentUser() user: AuthenticatedUser, @Body() dto: PreferencesDto): Promise<PreferencesDto> {
    if ((dto.quietFrom === null) !== (dto.quietTo === null)) {
      throw new InvalidInputError([{ field: 'quietTo', reasons: ['give both ends of the quiet hours, or neither'] }]);
    }
    return this.notifications.setPreferences(user.id, dto);
  }
}
