import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { HandoverDto, HandoverResultDto } from '../contacts/contacts.dto.js';
import { ViewerService } from '../viewer.js';
import { DesignationHandoverService } from './designation-handover.service.js';
import { toDesignationDto } from './designations.dto.js';

/**
 * A departing contact's handover, signed in (the link in a re-confirmation request is the other
 * way). The operationId is the one it had in ContactsController, before the contacts' routes were
 * split by feature, so the API's contract stays the same.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactHandoverController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly handovers: DesignationHandoverService,
  ) {}

  /** "I have left": the contact departs and their designations are proposed for a successor. */
  @Post('contacts/:id/handover')
  @ApiOperation({ summary: 'Hand a contact over to a successor', operationId: 'ContactsController_handover' })
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResultDto })
  async handover(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: HandoverDto,
    @Req() req: Request,
  ): Promise<HandoverResultDto> {
    const viewer = await this.viewers.resolve(user);
    const result = await this.handovers.handover({ viewer, ip: req.ip ?? null }, id, dto);
    return {
      departedId: result.departed.id,
      successorId: result.successorId,
      proposals: result.proposals.map(toDesignationDto),
    };
  }
}
