import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { ViewerService } from '../viewer.js';
import { ContactHistoryDto } from './contacts.dto.js';
import { ContactsService } from './contacts.service.js';

/**
 * A contact's history: who changed what, when. The operationId is the one it had in
 * ContactsController, before the contacts' routes were split by feature, so the API's contract
 * stays the same.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactHistoryController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly contacts: ContactsService,
  ) {}

  @Get('contacts/:id/history')
  @ApiOperation({ summary: "Get a contact's history", operationId: 'ContactsController_history' })
  @ApiOkResponse({ type: ContactHistoryDto })
  async history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ContactHistoryDto> {
    const viewer = await this.viewers.resolve(user);
    const items = await this.contacts.history(viewer, id);
    return {
      items: items.map((c) => ({
        id: c.id,
        actorId: c.actorId,
        action: c.action,
        changes: c.changes,
        at: c.at.toISOString(),
      })),
    };
  }
}
