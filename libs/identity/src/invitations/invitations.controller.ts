import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, Public, Roles } from '@liaison/core';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPreviewDto,
  InvitationTokenDto,
} from './invitation.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Invites an e-mail address (secretariat; org admins into their own organisation). */
  @ApiBearerAuth()
  @Roles('secretariat', 'org_admin')
  @Post()
  @ApiOperation({ summary: 'Invite someone' })
  @ApiCreatedResponse({ type: InvitationDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreateInvitationDto,
    @Req() req: Request,
  ): Promise<InvitationDto> {
    const { invitation } = await this.invitations.invite(user, dto, req.ip ?? null);
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      organisationId: invitation.organisationId,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** What an invitation link is for, before the invitee sets a password. */
  @Public()
  @Post('inspect')
  @ApiOperation({ summary: 'Inspect an invitation' })
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationPreviewDto })
  async inspect(@Body() dto: InvitationTokenDto): Promise<InvitationPreviewDto> {
    const invitation = await this.invitations.inspect(dto.token);
    return {
      email: invitation.email,
      role: invitation.role,
      displayName: invitation.displayName,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** Sets the password and creates the account; the link works once. */
  @Public()
  @Post('accept')
  @ApiOperation({ summary: 'Accept an invitation' })
  @ApiCreatedResponse({ type: AcceptedInvitationDto })
  async accept(@Body() dto: AcceptInvitationDto, @Req() req: Request): Promise<AcceptedInvitationDto> {
    return { user: await this.invitations.accept(dto.token, dto.password, dto.displayName, req.ip ?? null) };
  }
}
