import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, Roles } from '@liaison/core';
import { plannerOf } from '../access.js';
import { RemindersService } from './reminders.service.js';

class MuteDto {
  @ApiProperty() @IsBoolean() muted: boolean;
}

class ScanResultDto {
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty() digests: number;
  @ApiProperty() mails: number;
}

/** Due-date reminders and digests: plans the caller mutes, and the scan on demand. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Put('plans/:id/mute')
  @ApiOperation({ summary: 'Mute or unmute a plan' })
  @ApiOkResponse({ type: MuteDto, description: 'No reminders or digest lines about this plan' })
  async mute(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MuteDto,
  ): Promise<MuteDto> {
    await this.reminders.mute(plannerOf(user), id, dto.muted);
    return { muted: dto.muted };
  }

  @Post('planning/reminders/scan')
  @ApiOperation({ summary: 'Scan for due reminders' })
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOkResponse({ type: ScanResultDto, description: 'Runs the hourly reminder scan now' })
  scan(): Promise<ScanResultDto> {
    return this.reminders.scan();
  }
}
