import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { type Planner, plannerOf } from '../access.js';
import {
  CreateGroupDto,
  GroupDetailDto,
  GroupListDto,
  GroupMemberInputDto,
  GroupThreadDto,
  type GroupSummaryDto,
  UpdateGroupDto,
} from '../planning.dto.js';
import { PlansService } from '../plans/plans.service.js';
import { type GroupSummaryRow, GroupsService } from './groups.service.js';

const summary = (g: GroupSummaryRow): GroupSummaryDto => ({ ...g, createdAt: new Date(g.createdAt).toISOString() });

/** Working groups and their members. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly plans: PlansService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List working groups' })
  @ApiOkResponse({ type: GroupListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<GroupListDto> {
    return { items: (await this.groups.list(plannerOf(user))).map(summary) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a working group' })
  @ApiCreatedResponse({ type: GroupDetailDto })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateGroupDto): Promise<GroupDetailDto> {
    const planner = plannerOf(user);
    return this.detail(planner, await this.groups.create(planner, dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a working group' })
  @ApiOkResponse({ type: GroupDetailDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<GroupDetailDto> {
    return this.detail(plannerOf(user), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a working group' })
  @ApiOkResponse({ type: GroupDetailDto })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateGroupDto,
  ): Promise<GroupDetailDto> {
    const planner = plannerOf(user);
    await this.groups.update(planner, id, dto.version, { name: dto.name, purpose: dto.purpose });
    return this.detail(planner, id);
  }

  @Put(':id/thread')
  @ApiOperation({ summary: 'Link a thread to a working group' })
  @ApiOkResponse({ type: GroupDetailDto })
  async thread(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: GroupThreadDto,
  ): Promise<GroupDetailDto> {
    const planner = plannerOf(user);
    await this.groups.setThread(planner, id, dto.threadId);
    return this.detail(planner, id);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add or update a member' })
  @HttpCode(200)
  @ApiOkResponse({ type: GroupDetailDto, description: 'Adds the person, or changes their role' })
  async setMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: GroupMemberInputDto,
  ): Promise<GroupDetailDto> {
    const planner = plannerOf(user);
    await this.groups.setMember(planner, id, dto.userId, dto.role);
    return this.detail(planner, id);
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a member' })
  @ApiOkResponse({ type: GroupDetailDto })
  async removeMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<GroupDetailDto> {
    const planner = plannerOf(user);
    await this.groups.removeMember(planner, id, userId);
    // A member who removed themselves no longer sees the group.
    return userId === planner.userId && !planner.secretariat
      ? {
          ...summary(await this.groups.summary({ ...planner, secretariat: true }, id)),
          myRole: null,
          members: [],
          plans: [],
        }
      : this.detail(planner, id);
  }

  private async detail(planner: Planner, id: string): Promise<GroupDetailDto> {
    const group = await this.groups.summary(planner, id);
    const [members, plans] = await Promise.all([this.groups.members(id), this.plans.list(planner, id)]);
    return { ...summary(group), members, plans };
  }
}
