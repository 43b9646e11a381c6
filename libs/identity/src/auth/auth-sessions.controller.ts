import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowDuringMfaEnrollment, AppConfig, type AuthenticatedUser, CurrentUser, Public } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { assertCsrf, clearSessionCookies, refreshCookie, secureCookies } from './auth-cookies.js';
import { MfaChallengeDto, RefreshDto, SessionListDto, SignedInDto, toSessionDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { originOf } from './request-origin.js';
import { respond } from './sign-in-response.js';

/** Tokens and sessions: refreshing, signing out, listing and revoking sessions. */
@ApiTags('auth')
@ApiHeader({
  name: 'X-Liaison-Client',
  required: false,
  description: '"web": keep the refresh token in an httpOnly cookie',
})
@ApiExtraModels(SignedInDto, MfaChallengeDto)
@Controller('auth')
export class AuthSessionsController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  /** A new access token (and rotated refresh token) for a live session. */
  @Public()
  @Post('refresh')
  @ApiOperation({ summary: 'Refresh the session' })
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInDto })
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    let token = dto.refreshToken;
    if (!token) {
      token = refreshCookie(req);
      if (!token) throw new IdentityError('session_invalid', 'You are not signed in.');
      assertCsrf(req);
    }
    try {
      return respond(req, res, this.config, await this.auth.refresh(token, originOf(req)));
    } catch (err) {
      if (!dto.refreshToken) clearSessionCookies(res, secureCookies(this.config));
      throw err;
    }
  }

  /** Ends this device's session. */
  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Post('logout')
  @ApiOperation({ summary: 'Sign out' })
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthenticatedUser, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.revoke(user.sessionId!, 'signed_out', { actorId: user.id, ip: req.ip ?? null });
    clearSessionCookies(res, secureCookies(this.config));
  }

  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Get('sessions')
  @ApiOperation({ summary: 'List my sessions' })
  @ApiOkResponse({ type: SessionListDto })
  async listSessions(@CurrentUser() user: AuthenticatedUser): Promise<SessionListDto> {
    const sessions = await this.sessions.listForUser(user.id);
    return { items: sessions.map((s) => toSessionDto(s, user.sessionId)) };
  }

  /** Ends a session: one's own, or anyone's for the secretariat. */
  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Delete('sessions/:id')
  @ApiOperation({ summary: 'Revoke a session (my own; the secretariat: anyone’s)' })
  @HttpCode(204)
  async revokeSession(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ) {
    const session = await this.sessions.findActive(id);
    if (!session || (session.userId !== user.id && !user.roles.includes('secretariat'))) {
      throw new IdentityError('session_not_found', 'There is no such session.');
    }
    await this.sessions.revoke(id, 'revoked', { actorId: user.id, ip: req.ip ?? null });
  }
}
