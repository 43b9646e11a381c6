import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppConfig, type AuthenticatedUser, CurrentUser, Public, Roles } from '@liaison/core';
import { toSummary } from '../contacts/contacts.dto.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { toDesignationDto } from '../designations/designations.dto.js';
import { ViewerService } from '../viewer.js';
import { ConfirmationAnswersService } from './confirmation-answers.service.js';
import {
  ConfirmationOutcomeDto,
  ConfirmationViewDto,
  FreshnessScanDto,
  MyEntryDto,
  TokenDto,
  TokenHandoverDto,
  TokenUpdateDto,
} from './confirmations.dto.js';
import { FreshnessService } from './freshness.service.js';

/**
 * Answers to re-confirmation requests through the one-click link: the token is the authority
 * (random, single purpose, expiring, stored hashed), so these routes are public; every answer is
 * recorded in the contact's history and the audit log.
 */
@ApiTags('directory')
@Controller('directory')
export class ConfirmationsController {
  constructor(
    private readonly answers: ConfirmationAnswersService,
    private readonly freshness: FreshnessService,
    private readonly contacts: ContactsService,
    private readonly viewers: ViewerService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('confirmations/inspect')
  @ApiOperation({ summary: 'Inspect a confirmation link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationViewDto })
  async inspect(@Body() dto: TokenDto): Promise<ConfirmationViewDto> {
    const { request, contact, organisation, designations, colleagues } = await this.answers.inspect(dto.token);
    return {
      contact: toSummary(contact, organisation, this.config.confirmAfterDays),
      designations: designations.map(toDesignationDto),
      expiresAt: request.expiresAt.toISOString(),
      colleagues,
    };
  }

  @Public()
  @Post('confirmations/confirm')
  @ApiOperation({ summary: 'Confirm details by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async confirm(@Body() dto: TokenDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    await this.answers.confirm(dto.token, req.ip ?? null);
    return { answer: 'confirmed' };
  }

  @Public()
  @Post('confirmations/update')
  @ApiOperation({ summary: 'Update details by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async update(@Body() dto: TokenUpdateDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    await this.answers.update(dto.token, dto.fields, req.ip ?? null);
    return { answer: 'updated' };
  }

  @Public()
  @Post('confirmations/handover')
  @ApiOperation({ summary: 'Hand over by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async handover(@Body() dto: TokenHandoverDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    const { token, ...successor } = dto;
    const { successorId } = await this.answers.handover(token, successor, req.ip ?? null);
    return { answer: 'departed', successorId };
  }

  /** Runs the re-confirmation scan now (it also runs every hour). */
  @ApiBearerAuth()
  @Roles('secretariat')
  @Post('freshness/scan')
  @ApiOperation({ summary: 'Scan for stale contacts' })
  @HttpCode(200)
  @ApiOkResponse({ type: FreshnessScanDto })
  async scan(): Promise<FreshnessScanDto> {
    return this.freshness.scan();
  }

  /** The caller's own directory entry, and whether it waits for re-confirmation (the in-app notice). */
  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Get my directory entry' })
  @ApiOkResponse({ type: MyEntryDto })
  async mine(@CurrentUser() user: AuthenticatedUser): Promise<MyEntryDto> {
    const viewer = await this.viewers.resolve(user);
    const contactId = viewer.email ? await this.contacts.idByEmail(viewer.email) : null;
    return { contactId, confirmationOpen: contactId ? await this.freshness.openFor(contactId) : false };
  }
}
