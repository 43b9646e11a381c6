import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@liaison/core';
import { AuditService } from './audit.service.js';
import { AuditPageDto, AuditQueryDto, AuditVerifyDto, toAuditEventDto } from './audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('secretariat')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Audit events, newest first, filtered by actor, action and time. */
  @Get()
  @ApiOperation({ summary: 'List audit events' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 25;
    const events = await this.audit.list({
      actorId: query.actor,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeSeq: query.cursor ? Number(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = events.slice(0, limit);
    return {
      items: page.map(toAuditEventDto),
      nextCursor: events.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }

  /** Recomputes the hash chain; names the first altered event. */
  @Get('verify')
  @ApiOperation({ summary: 'Verify the audit chain' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }
}
