import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { plannerOf } from '../access.js';
import { ItemEditingService } from '../items/item-editing.service.js';
import { ItemsService } from '../items/items.service.js';
import {
  CreateItemDto,
  CreatePlanDto,
  given,
  ItemDto,
  ItemListDto,
  ItemQueryDto,
  PlanDto,
  PlanListDto,
  PlanQueryDto,
  PlanSummaryDto,
  UpdatePlanDto,
} from '../planning.dto.js';
import { sendView } from './plan-cache.js';
import { PlansService } from './plans.service.js';

/** Action plans: list, create, change, summary, and their items. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly itemsService: ItemsService,
    private readonly itemEditing: ItemEditingService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List plans' })
  @ApiOkResponse({ type: PlanListDto })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: PlanQueryDto): Promise<PlanListDto> {
    return { items: await this.plans.list(plannerOf(user), query.groupId) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a plan' })
  @ApiCreatedResponse({ type: PlanDto })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreatePlanDto): Promise<PlanDto> {
    const planner = plannerOf(user);
    const { groupId, ...input } = dto;
    return this.plans.get(planner, await this.plans.create(planner, groupId, input));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a plan' })
  @ApiOkResponse({ type: PlanDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PlanDto> {
    return this.plans.get(plannerOf(user), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a plan' })
  @ApiOkResponse({ type: PlanDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdatePlanDto,
  ): Promise<PlanDto> {
    const { version, ...input } = given(dto);
    return this.plans.update(plannerOf(user), id, version!, input);
  }

  @Get(':id/summary')
  @ApiOperation({ summary: "Get a plan's summary" })
  @ApiOkResponse({ type: PlanSummaryDto })
  async summary(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Served from the plan's cache (ETag, gzip), like the board.
    sendView(req, res, await this.plans.summaryView(plannerOf(user), id));
  }

  @Get(':id/items')
  @ApiOperation({ summary: "List a plan's items" })
  @ApiOkResponse({ type: ItemListDto })
  async items(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ItemQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const planner = plannerOf(user);
    if (query.status || query.assignee || query.q) {
      res.json({ items: await this.itemsService.list(planner, id, query) } satisfies ItemListDto);
      return;
    }
    // The whole board, served from the plan's cache (ETag, gzip).
    sendView(req, res, await this.itemsService.board(planner, id));
  }

  @Post(':id/items')
  @ApiOperation({ summary: 'Create an item' })
  @ApiCreatedResponse({ type: ItemDto })
  createItem(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateItemDto,
  ): Promise<ItemDto> {
    const { source, ...input } = given(dto);
    return this.itemEditing.create(plannerOf(user), id, input as CreateItemDto, source);
  }
}
