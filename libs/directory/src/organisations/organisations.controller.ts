import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, DEFAULT_PAGE_SIZE, Roles } from '@liaison/core';
import {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  toOrganisationDto,
  UpdateOrganisationDto,
} from './organisations.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Organisations by name or acronym (typo- and accent-tolerant), country and kind. */
  @Get()
  @ApiOperation({ summary: 'List organisations' })
  @ApiOkResponse({ type: OrganisationPageDto })
  async list(@Query() query: OrganisationQueryDto): Promise<OrganisationPageDto> {
    const { items, total } = await this.organisations.search({
      q: query.q,
      country: query.country,
      kind: query.kind,
      page: query.page ?? 1,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: items.map(toOrganisationDto), total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrganisationDto> {
    return toOrganisationDto(await this.organisations.get(id));
  }

  @Roles('secretariat')
  @Post()
  @ApiOperation({ summary: 'Create an organisation' })
  @ApiCreatedResponse({ type: OrganisationDto })
  async create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateOrganisationDto,
    @Req() req: Request,
  ): Promise<OrganisationDto> {
    return toOrganisationDto(await this.organisations.create(actor, dto, req.ip ?? null));
  }

  @Roles('secretariat')
  @Patch(':id')
  @ApiOperation({ summary: 'Update an organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  async update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrganisationDto,
    @Req() req: Request,
  ): Promise<OrganisationDto> {
    return toOrganisationDto(await this.organisations.update(actor, id, dto, req.ip ?? null));
  }
}
