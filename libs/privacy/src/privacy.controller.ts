import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, InvalidInputError, Roles } from '@liaison/core';
import {
  ErasureDto,
  ErasureListDto,
  ErasurePreviewDto,
  ErasureRequestDto,
  ErasureTargetDto,
  MINIMUM_DAYS,
  PersonalDataExportDto,
  RetentionChangeDto,
  RetentionDto,
} from './privacy.dto.js';
import type { RetentionKind } from './privacy.entity.js';
import { PrivacyService } from './privacy.service.js';

const FIELD_KIND: Record<keyof RetentionChangeDto, RetentionKind> = {
  auditEventsDays: 'audit_events',
  deliveriesDays: 'deliveries',
  messagesDays: 'messages',
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

@ApiTags('privacy')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** Everything Liaison holds about the caller (GDPR article 15), with counts for a summary. */
  @Get('me/personal-data')
  @ApiOperation({ summary: 'Export my personal data' })
  @ApiOkResponse({ type: PersonalDataExportDto })
  exportMine(@CurrentUser() user: AuthenticatedUser): Promise<PersonalDataExportDto> {
    return this.privacy.exportFor(user);
  }

  /** How long the workspace keeps audit events, deliveries and messages (anyone signed in reads it). */
  @Get('privacy/retention')
  @ApiOperation({ summary: 'Get the retention policy' })
  @ApiOkResponse({ type: RetentionDto })
  async retention(): Promise<RetentionDto> {
    return this.toRetentionDto(await this.privacy.retention());
  }

  @Put('privacy/retention')
  @ApiOperation({ summary: 'Set the retention policy' })
  @Roles('secretariat')
  @ApiOkResponse({ type: RetentionDto })
  async setRetention(@CurrentUser() user: AuthenticatedUser, @Body() body: RetentionChangeDto): Promise<RetentionDto> {
    const changes = Object.fromEntries(
      (Object.keys(FIELD_KIND) as (keyof RetentionChangeDto)[])
        .filter((field) => body[field] !== undefined)
        .map((field) => [FIELD_KIND[field], body[field] ?? null]),
    );
    if (Object.keys(changes).length === 0)
      throw new InvalidInputError([{ field: 'body', reasons: ['name at least one period to change'] }]);
    return this.toRetentionDto(await this.privacy.setRetention(user, changes));
  }

  /** What erasing a departed person would change, without changing it. */
  @Post('privacy/erasures/preview')
  @ApiOperation({ summary: 'Preview an erasure' })
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOkResponse({ type: ErasurePreviewDto })
  preview(@CurrentUser() user: AuthenticatedUser, @Body() body: ErasureTargetDto): Promise<ErasurePreviewDto> {
    return this.privacy.preview(user, body.contactId);
  }

  /** Erases a departed person everywhere (GDPR article 17); needs fresh authentication. */
  @Post('privacy/erasures')
  @ApiOperation({ summary: "Erase a person's data" })
  @Roles('secretariat')
  @ApiOkResponse({ type: ErasureDto })
  async erase(@CurrentUser() user: AuthenticatedUser, @Body() body: ErasureRequestDto): Promise<ErasureDto> {
    const { id } = await this.privacy.erase(user, body.contactId, body.reason);
    return this.toErasureDto((await this.privacy.erasure(id))!);
  }

  @Get('privacy/erasures')
  @ApiOperation({ summary: 'List erasures' })
  @Roles('secretariat')
  @ApiOkResponse({ type: ErasureListDto })
  async erasures(): Promise<ErasureListDto> {
    return { items: (await this.privacy.erasures()).map((e) => this.toErasureDto(e)) };
  }

  private toErasureDto(e: NonNullable<Awaited<ReturnType<PrivacyService['erasure']>>>): ErasureDto {
    return {
      id: e.id,
      pseudonym: e.pseudonym,
      erasedAt: iso(e.erasedAt)!,
      erasedBy: e.erasedBy,
      reason: e.reason,
      auditSeq: e.auditSeq,
      counts: e.counts,
    };
  }

  private toRetentionDto(rows: Awaited<ReturnType<PrivacyService['retention']>>): RetentionDto {
    return {
      items: rows.map((r) => ({
        kind: r.kind,
        days: r.days,
        minimumDays: MINIMUM_DAYS[r.kind],
        lastRunAt: iso(r.lastRunAt),
        lastRemoved: r.lastRemoved,
      })),
    };
  }
}
