import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import {
  CommitDto,
  CreateMlsThreadDto,
  DeviceQueryDto,
  LeaveMlsThreadDto,
  MlsMessagesDto,
  MlsMessagesQueryDto,
  MlsReadDto,
  MlsRoleDto,
  MlsMemberDto,
  MlsThreadDetailDto,
  MlsThreadDto,
  MlsThreadListDto,
  ReadPositionDto,
  SendMlsMessageDto,
  StoredDto,
  WelcomesDto,
} from './delivery.dto.js';
import type { ThreadRow } from './delivery.repository.js';
import { DeliveryDevicesService } from './delivery-devices.service.js';
import { DeliveryMessagesService } from './delivery-messages.service.js';
import { DeliveryRosterService } from './delivery-roster.service.js';

const toThreadDto = (t: ThreadRow & { role?: string }, role = t.role ?? 'admin'): MlsThreadDto => ({
  id: t.id,
  epoch: t.epoch,
  lastSeq: t.lastSeq,
  role,
  linkedType: t.linkedType,
  linkedId: t.linkedId,
  retentionDays: t.retentionDays,
  createdAt: t.createdAt.toISOString(),
});

/**
 * Encrypted threads (MLS, protocol v2): the delivery service's routes. Every route answers members
 * only (others get 404).
 */
@ApiTags('threads')
@ApiBearerAuth()
@Controller('threads')
export class DeliveryController {
  constructor(
    private readonly roster: DeliveryRosterService,
    private readonly messaging: DeliveryMessagesService,
    private readonly devices: DeliveryDevicesService,
  ) {}

  /** Declared before `GET /threads/:id`, which would otherwise take `welcomes` for an id. */
  @Get('welcomes')
  @ApiOperation({ summary: 'List pending welcomes' })
  @ApiOkResponse({ type: WelcomesDto })
  welcomes(@CurrentUser() user: AuthenticatedUser, @Query() query: DeviceQueryDto): Promise<WelcomesDto> {
    return this.devices.welcomes(user.id, query.deviceId);
  }

  @Post()
  @ApiOperation({ summary: 'Create a thread' })
  @ApiCreatedResponse({ type: MlsThreadDto })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateMlsThreadDto): Promise<MlsThreadDto> {
    return toThreadDto(await this.roster.create(user.id, dto), 'admin');
  }

  @Get()
  @ApiOperation({ summary: 'List my threads' })
  @ApiOkResponse({ type: MlsThreadListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<MlsThreadListDto> {
    const rows = await this.roster.list(user.id);
    return {
      items: rows.map((r) => ({
        ...toThreadDto(r),
        unread: r.unread,
        lastReadSeq: r.lastReadSeq,
        memberCount: r.memberCount,
        lastMessageAt: r.lastMessageAt ? new Date(r.lastMessageAt).toISOString() : null,
      })),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a thread' })
  @ApiOkResponse({ type: MlsThreadDetailDto })
  detail(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<MlsThreadDetailDto> {
    return this.roster.detail(user.id, id);
  }

  @Post(':id/commits')
  @ApiOperation({ summary: 'Send a commit' })
  @ApiCreatedResponse({ type: StoredDto })
  commit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CommitDto,
  ): Promise<StoredDto> {
    return this.roster.commit(user.id, id, dto);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Send a message' })
  @ApiCreatedResponse({ type: StoredDto })
  async send(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SendMlsMessageDto,
  ): Promise<StoredDto> {
    const { id: messageId, seq, epoch, created } = await this.messaging.send(user.id, id, dto);
    return { id: messageId, seq, epoch, created };
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'List messages' })
  @ApiOkResponse({ type: MlsMessagesDto })
  messages(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MlsMessagesQueryDto,
  ): Promise<MlsMessagesDto> {
    return this.messaging.messages(user.id, id, query.deviceId, query.afterSeq, query.limit);
  }

  @Post(':id/leave')
  @ApiOperation({ summary: 'Leave a thread' })
  @ApiCreatedResponse({ type: StoredDto })
  leave(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LeaveMlsThreadDto,
  ): Promise<StoredDto> {
    return this.roster.leave(user.id, id, dto);
  }

  /**
   * An admin makes a member an admin or takes the role back (their own too, while another admin
   * stays). Roles are the server's record of who may add and remove people; every member's
   * client still checks each commit against the log.
   */
  @Put(':id/members/:userId/role')
  @ApiOperation({ summary: "Set a member's role" })
  @ApiOkResponse({ type: MlsMemberDto })
  setRole(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: MlsRoleDto,
  ): Promise<MlsMemberDto> {
    return this.roster.setRole(user.id, id, userId, dto.role);
  }

  @Post(':id/read')
  @ApiOperation({ summary: 'Mark a thread read' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReadPositionDto })
  async read(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MlsReadDto,
  ): Promise<ReadPositionDto> {
    return { lastReadSeq: await this.messaging.markRead(user.id, id, dto.seq) };
  }
}
