import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { DesignationDto } from '../contacts/contacts.dto.js';
import { ViewerService } from '../viewer.js';
import {
  DecisionDto,
  DesignateDto,
  DesignationListDto,
  DesignationQueryDto,
  toDesignationDto,
} from './designations.dto.js';
import { DesignatingService } from './designating.service.js';
import { DesignationDecisionsService } from './designation-decisions.service.js';
import { DesignationRecords } from './designation-records.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory/points-of-contact')
export class DesignationsController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly records: DesignationRecords,
    private readonly designating: DesignatingService,
    private readonly decisions: DesignationDecisionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List points of contact' })
  @ApiOkResponse({ type: DesignationListDto })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: DesignationQueryDto): Promise<DesignationListDto> {
    const viewer = await this.viewers.resolve(user);
    return { items: (await this.records.list(viewer, query)).map(toDesignationDto) };
  }

  /** Designates (the secretariat) or proposes (an organisation's admins) a point of contact. */
  @Put()
  @ApiOperation({ summary: 'Designate a point of contact' })
  @ApiOkResponse({ type: DesignationDto })
  async designate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: DesignateDto,
    @Req() req: Request,
  ): Promise<DesignationDto> {
    const viewer = await this.viewers.resolve(user);
    return toDesignationDto(await this.designating.designate(viewer, dto, req.ip ?? null));
  }

  @Post(':id/approve')
  @ApiOperation({ summary: 'Approve a designation' })
  @HttpCode(200)
  @ApiOkResponse({ type: DesignationDto })
  async approve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<DesignationDto> {
    const viewer = await this.viewers.resolve(user);
    return toDesignationDto(await this.decisions.decide(viewer, id, true, undefined, req.ip ?? null));
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'Reject a designation' })
  @HttpCode(200)
  @ApiOkResponse({ type: DesignationDto })
  async reject(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DecisionDto,
    @Req() req: Request,
  ): Promise<DesignationDto> {
    const viewer = await this.viewers.resolve(user);
    return toDesignationDto(await this.decisions.decide(viewer, id, false, dto.reason, req.ip ?? null));
  }

  /** Ends an active designation today. */
  @Delete(':id')
  @ApiOperation({ summary: 'End a designation' })
  @ApiOkResponse({ type: DesignationDto })
  async end(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<DesignationDto> {
    const viewer = await this.viewers.resolve(user);
    return toDesignationDto(await this.decisions.end(viewer, id, req.ip ?? null));
  }
}
