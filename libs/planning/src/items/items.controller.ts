import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { plannerOf } from '../access.js';
import {
  ActivityListDto,
  CommentDto,
  CommentInputDto,
  CommentListDto,
  given,
  ItemDetailDto,
  ItemDto,
  MyItemListDto,
  MyItemsQueryDto,
  TransitionDto,
  UpdateItemDto,
} from '../planning.dto.js';
import { ItemCommentsService } from './item-comments.service.js';
import { ItemEditingService } from './item-editing.service.js';
import { ItemStatusService } from './item-status.service.js';
import { ItemsService } from './items.service.js';

/** Action items across plans: "my items", one item, its changes, comments and history. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('items')
export class ItemsController {
  constructor(
    private readonly items: ItemsService,
    private readonly editing: ItemEditingService,
    private readonly status: ItemStatusService,
    private readonly discussion: ItemCommentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List my items' })
  @ApiOkResponse({ type: MyItemListDto, description: "The caller's items across plans, overdue first" })
  async mine(@CurrentUser() user: AuthenticatedUser, @Query() query: MyItemsQueryDto): Promise<MyItemListDto> {
    return { items: await this.items.mine(plannerOf(user), query.overdue ?? false) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an item' })
  @ApiOkResponse({ type: ItemDetailDto })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ItemDetailDto> {
    const { item, plan } = await this.items.get(plannerOf(user), id);
    return {
      ...item,
      planTitle: plan.title,
      planTlp: plan.tlp,
      groupName: plan.groupName,
      canEdit: plan.myRole === 'chair' || plan.myRole === 'member',
      canReopen: plan.myRole === 'chair',
      canComment: plan.myRole !== null,
    };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an item' })
  @ApiOkResponse({ type: ItemDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateItemDto,
  ): Promise<ItemDto> {
    const { version, ...input } = given(dto);
    return this.editing.update(plannerOf(user), id, version!, input);
  }

  @Post(':id/transition')
  @ApiOperation({ summary: "Change an item's status" })
  @HttpCode(200)
  @ApiOkResponse({ type: ItemDto })
  transition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransitionDto,
  ): Promise<ItemDto> {
    return this.status.transition(plannerOf(user), id, dto.version, dto.to, dto.reason);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "List an item's comments" })
  @ApiOkResponse({ type: CommentListDto })
  async comments(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CommentListDto> {
    return { items: await this.discussion.comments(plannerOf(user), id) };
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on an item' })
  @ApiCreatedResponse({ type: CommentDto })
  comment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CommentInputDto,
  ): Promise<CommentDto> {
    return this.discussion.comment(plannerOf(user), id, dto.body);
  }

  @Get(':id/activity')
  @ApiOperation({ summary: "Get an item's activity" })
  @ApiOkResponse({ type: ActivityListDto })
  async activity(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ActivityListDto> {
    return { items: await this.discussion.activity(plannerOf(user), id) };
  }
}
