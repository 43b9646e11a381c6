import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, Public, Roles } from '@liaison/core';
import type { Contact } from '../contacts/contact.entity.js';
import { normaliseContact } from '../contacts/contact-input.js';
import { ContactSummaryDto, DesignationDto, HandoverDto, PhoneDto, toSummary } from '../contacts/contacts.dto.js';
import { changesBetween, ContactsService } from '../contacts/contacts.service.js';
import { toDesignationDto } from '../designations/designations.dto.js';
import { DesignationsService } from '../designations/designations.service.js';
import { invalidContact } from '../errors.js';
import { AppConfig } from '@liaison/core';
import { LAW_ENFORCEMENT_KINDS, ViewerService } from '../viewer.js';
import { FreshnessRepository } from './freshness.repository.js';
import { FreshnessService } from './freshness.service.js';

export class TokenDto {
  @ApiProperty({ description: 'The token from the e-mail link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

class SelfFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  position?: string | null;
  @ApiPropertyOptional({ type: [PhoneDto] }) @IsOptional() phones?: { number: string; kind?: string }[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) languages?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) expertise?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  timeZone?: string | null;
}

export class TokenUpdateDto extends TokenDto {
  @ApiProperty({ type: SelfFieldsDto })
  @ValidateNested()
  @Type(() => SelfFieldsDto)
  fields: SelfFieldsDto;
}

export class TokenHandoverDto extends HandoverDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  token: string;
}

export class ConfirmationViewDto {
  @ApiProperty({ type: ContactSummaryDto }) contact: ContactSummaryDto;
  @ApiProperty({ type: [DesignationDto] }) designations: DesignationDto[];
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: [ContactSummaryDto], description: 'Active colleagues who could take over' })
  colleagues: { id: string; fullName: string; position: string | null }[];
}

export class ConfirmationOutcomeDto {
  @ApiProperty({ enum: ['confirmed', 'updated', 'departed'] }) answer: string;
  @ApiPropertyOptional({ format: 'uuid' }) successorId?: string;
}

export class FreshnessScanDto {
  @ApiProperty({ description: 'Requests opened for entries not confirmed in time' }) opened: number;
  @ApiProperty({ description: 'Requests escalated to the next level' }) escalated: number;
  @ApiProperty({ description: 'Notices queued' }) notices: number;
}

export class MyEntryDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) contactId: string | null;
  @ApiProperty() confirmationOpen: boolean;
}

/**
 * Answers to re-confirmation requests through the one-click link: the token is the authority
 * (random, single purpose, expiring, stored hashed), so these routes are public; every answer is
 * recorded in the contact's history and the audit log.
 */
@ApiTags('directory')
@Controller('directory')
export class ConfirmationsController {
  constructor(
    private readonly freshness: FreshnessService,
    private readonly contacts: ContactsService,
    private readonly designations: DesignationsService,
    private readonly viewers: ViewerService,
    private readonly config: AppConfig,
    private readonly requests: FreshnessRepository,
  ) {}

  @Public()
  @Post('confirmations/inspect')
  @ApiOperation({ summary: 'Inspect a confirmation link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationViewDto })
  async inspect(@Body() dto: TokenDto): Promise<ConfirmationViewDto> {
    return this.contacts.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, dto.token);
      const contact = await this.requests.contact(manager, request.contactId);
      const organisation = await this.requests.organisation(manager, contact.organisationId);
      const designations = await this.designations.forContact(manager, contact.id);
      // Only the colleagues this person sees in the directory (a secretariat-only entry stays hidden).
      const levels = LAW_ENFORCEMENT_KINDS.includes(organisation.kind) ? ['network', 'law_enforcement'] : ['network'];
      const colleagues = await this.requests.colleagues(manager, contact.organisationId, contact.id, levels);
      return {
        contact: toSummary(contact, organisation, this.config.confirmAfterDays),
        designations: designations.map(toDesignationDto),
        expiresAt: request.expiresAt.toISOString(),
        colleagues,
      };
    });
  }

  @Public()
  @Post('confirmations/confirm')
  @ApiOperation({ summary: 'Confirm details by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async confirm(@Body() dto: TokenDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    return this.contacts.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, dto.token);
      await this.contacts.confirm(
        { viewer: null, ip: req.ip ?? null, via: 'confirmation link' },
        request.contactId,
        manager,
      );
      await this.freshness.markAnswered(manager, request.id, 'confirmed');
      return { answer: 'confirmed' };
    });
  }

  @Public()
  @Post('confirmations/update')
  @ApiOperation({ summary: 'Update details by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async update(@Body() dto: TokenUpdateDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    return this.contacts.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, dto.token);
      const { value, errors } = normaliseContact(dto.fields);
      if (errors.length) throw invalidContact(errors.map((e) => ({ ...e, field: `fields.${e.field}` })));
      const locked = await this.requests.lockContact(manager, request.contactId);
      const previous = { ...locked } as Contact;
      const after = await this.contacts.apply(manager, locked, value);
      await this.contacts.recordChange(
        manager,
        locked.id,
        null,
        'updated',
        changesBetween(previous, after, Object.keys(value)),
      );
      await this.contacts.confirm({ viewer: null, ip: req.ip ?? null, via: 'confirmation link' }, locked.id, manager);
      await this.freshness.markAnswered(manager, request.id, 'updated');
      return { answer: 'updated' };
    });
  }

  @Public()
  @Post('confirmations/handover')
  @ApiOperation({ summary: 'Hand over by link' })
  @HttpCode(200)
  @ApiOkResponse({ type: ConfirmationOutcomeDto })
  async handover(@Body() dto: TokenHandoverDto, @Req() req: Request): Promise<ConfirmationOutcomeDto> {
    return this.contacts.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, dto.token);
      const { token: _token, ...successor } = dto;
      const result = await this.designations.handover(
        { viewer: null, ip: req.ip ?? null, via: 'confirmation link' },
        request.contactId,
        successor,
        manager,
      );
      await this.freshness.markAnswered(manager, request.id, 'departed');
      return { answer: 'departed', successorId: result.successorId };
    });
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
