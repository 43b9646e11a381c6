import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowDuringMfaEnrollment, type AuthenticatedUser, CurrentUser, Roles } from '@liaison/core';
import { MeDto, toUserDto, UserDto } from './user.dto.js';
import { ChangePasswordDto, ListUsersQueryDto, UpdateMeDto, UpdateUserDto, UserPageDto } from './users.dto.js';
import { SessionListDto, toSessionDto } from '../auth/auth.dto.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersService } from './users.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @AllowDuringMfaEnrollment()
  @Get()
  @ApiOperation({ summary: 'Get my account' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeDto> {
    return this.users.me(user.id);
  }

  /** Profile fields only: roles, status and e-mail are not the user's to change. */
  @Patch()
  @ApiOperation({ summary: 'Update my account' })
  @ApiOkResponse({ type: MeDto })
  update(@CurrentUser() user: AuthenticatedUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.users.updateProfile(user.id, dto);
  }

  /** Changes the password; every session (this one too) ends. */
  @Post('password')
  @ApiOperation({ summary: 'Change my password' })
  @HttpCode(204)
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.users.changePassword(user.id, dto.currentPassword, dto.newPassword, req.ip ?? null);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('secretariat')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  /** A user's live sessions, for the secretariat to end one (DELETE /auth/sessions/:id). */
  @Get(':id/sessions')
  @ApiOperation({ summary: "List a user's sessions" })
  @ApiOkResponse({ type: SessionListDto })
  async listSessions(@Param('id', new ParseUUIDPipe()) id: string): Promise<SessionListDto> {
    const sessions = await this.sessions.listForUser(id);
    return { items: sessions.map((s) => toSessionDto(s)) };
  }

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list({ q: query.q, limit: query.limit ?? 25, cursor: query.cursor });
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a user' })
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @Req() req: Request,
  ): Promise<UserDto> {
    return toUserDto(await this.users.update(actor, id, dto, req.ip ?? null));
  }
}
