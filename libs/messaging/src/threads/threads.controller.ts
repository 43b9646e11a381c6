import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import type { HistoryShare, KeyDistribution, RosterEvent } from '@liaison/e2ee';
import {
  CreateThreadDto,
  MembershipChangeDto,
  MessageDto,
  MessagePageDto,
  MessagesQueryDto,
  ReadDto,
  RosterHeadDto,
  SendMessageDto,
  ThreadDetailDto,
  ThreadListDto,
  ThreadSettingsDto,
  type ThreadSummaryDto,
} from './threads.dto.js';
import { type ThreadSummary, ThreadsService, toMessageView } from './threads.service.js';
import type { Thread } from './thread.entity.js';

const summary = (s: ThreadSummary): ThreadSummaryDto => ({
  id: s.thread.id,
  role: s.role,
  epoch: s.thread.epoch,
  rosterSeq: s.thread.rosterSeq,
  lastSeq: s.thread.lastSeq,
  lastReadSeq: s.lastReadSeq,
  unread: s.unread,
  memberCount: s.memberCount,
  linkedTo: linkOf(s.thread),
  retentionDays: s.thread.retentionDays,
  shareHistory: s.thread.shareHistory,
  createdAt: new Date(s.thread.createdAt).toISOString(),
  lastMessageAt: s.lastMessageAt ? new Date(s.lastMessageAt).toISOString() : null,
});

const linkOf = (t: Thread) =>
  t.linkedType && t.linkedId ? { type: t.linkedType as 'working_group' | 'action_item', id: t.linkedId } : null;

/** Encrypted threads over REST (the same operations as the realtime gateway, for clients without sockets). */
@ApiTags('threads')
@ApiBearerAuth()
@Controller('threads')
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  @Post()
  @ApiCreatedResponse({ type: ThreadDetailDto })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateThreadDto): Promise<ThreadDetailDto> {
    await this.threads.create(user.id, {
      threadId: dto.threadId,
      rosterEvents: dto.rosterEvents as RosterEvent[],
      keyDistribution: dto.keyDistribution as KeyDistribution,
      linkedTo: dto.linkedTo,
      retentionDays: dto.retentionDays,
      shareHistory: dto.shareHistory ?? false,
    });
    return this.get(user, dto.threadId);
  }

  @Get()
  @ApiOkResponse({ type: ThreadListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<ThreadListDto> {
    return { items: (await this.threads.list(user.id)).map(summary) };
  }

  @Get(':id')
  @ApiOkResponse({ type: ThreadDetailDto })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ThreadDetailDto> {
    const d = await this.threads.detail(user.id, id);
    return {
      ...summary({
        thread: d.thread,
        role: d.me.role,
        lastReadSeq: d.me.lastReadSeq,
        unread: d.unread,
        memberCount: d.members.length,
        lastMessageAt: null,
      }),
      members: d.members.map((m) => ({ userId: m.userId, role: m.role, lastReadSeq: m.lastReadSeq })),
      rosterEvents: d.events,
      keyDistributions: d.distributions,
      historyShares: d.historyShares,
    };
  }

  @Patch(':id')
  @ApiOkResponse({ type: ThreadDetailDto })
  async settings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ThreadSettingsDto,
  ): Promise<ThreadDetailDto> {
    await this.threads.setRetention(user.id, id, dto.retentionDays);
    return this.get(user, id);
  }

  @Post(':id/membership')
  @HttpCode(200)
  @ApiOkResponse({ type: RosterHeadDto })
  async membership(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MembershipChangeDto,
  ): Promise<RosterHeadDto> {
    const thread = await this.threads.changeMembership(
      user.id,
      id,
      dto.event as RosterEvent,
      dto.keyDistribution as KeyDistribution | undefined,
      dto.historyShare as HistoryShare | undefined,
    );
    return { threadId: id, rosterSeq: thread.rosterSeq, rosterHead: thread.rosterHead, epoch: thread.epoch };
  }

  @Get(':id/messages')
  @ApiOkResponse({ type: MessagePageDto })
  async messages(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<MessagePageDto> {
    const page = await this.threads.messages(user.id, id, query.afterSeq, query.limit);
    return { items: page.items.map(toMessageView), lastSeq: page.lastSeq };
  }

  /** 201 with the stored message; 200 with the same message when this clientMessageId was stored before. */
  @Post(':id/messages')
  @ApiCreatedResponse({ type: MessageDto })
  async send(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    const { message, created } = await this.threads.send(user.id, id, dto);
    if (!created) res.status(200);
    return toMessageView(message);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The caller’s last read seq' })
  async read(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReadDto,
  ): Promise<{ lastReadSeq: number }> {
    return { lastReadSeq: await this.threads.markRead(user.id, id, dto.seq) };
  }
}
