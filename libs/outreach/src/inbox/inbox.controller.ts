import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import { InboxDto, InboxQueryDto } from '../outreach.dto.js';
import { InboxService } from './inbox.service.js';

@ApiTags('outreach')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'Get my inbox' })
  @ApiOkResponse({ type: InboxDto, description: "The caller's announcements and notifications, newest first" })
  get(@CurrentUser() user: AuthenticatedUser, @Query() query: InboxQueryDto): Promise<InboxDto> {
    return this.inbox.inbox(callerOf(user), query.unread ?? false, query.limit ?? 50);
  }
}
