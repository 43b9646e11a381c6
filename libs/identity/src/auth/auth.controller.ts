import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowDuringMfaEnrollment, AppConfig, type AuthenticatedUser, CurrentUser, Public } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { MfaService } from '../mfa/mfa.service.js';
import { checkPassword, MIN_LENGTH } from '../passwords/password-policy.js';
import { SessionFreshness } from '../sessions/session-freshness.js';
import type { User } from '../users/user.entity.js';
import {
  FreshnessDto,
  LoginDto,
  MfaChallengeDto,
  MfaCodeDto,
  MfaEnrollmentDto,
  MfaVerifyDto,
  PasswordCheckDto,
  PasswordCheckResultDto,
  ReauthenticateDto,
  ReauthenticatedDto,
  RecoveryCodesDto,
  SignedInDto,
} from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { LocalAuthGuard } from './local.strategy.js';
import { originOf } from './request-origin.js';
import { respond } from './sign-in-response.js';

/** Signing in: password and MFA challenge, re-authentication, enrolling a second factor, password rules. */
@ApiTags('auth')
@ApiHeader({
  name: 'X-Liaison-Client',
  required: false,
  description: '"web": keep the refresh token in an httpOnly cookie',
})
@ApiExtraModels(SignedInDto, MfaChallengeDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly config: AppConfig,
    private readonly sessionFreshness: SessionFreshness,
  ) {}

  /** E-mail and password; answers a session or the MFA step. */
  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @ApiOperation({ summary: 'Sign in with email and password' })
  @HttpCode(200)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(SignedInDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
  })
  async login(@Body() _credentials: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return respond(req, res, this.config, await this.auth.afterPassword(req.user as User, originOf(req)));
  }

  /** The second step: a TOTP code or a recovery code. */
  @Public()
  @Post('mfa/verify')
  @ApiOperation({ summary: 'Complete sign-in with a second factor' })
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInDto })
  async verifyMfa(@Body() dto: MfaVerifyDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return respond(req, res, this.config, await this.auth.verifyMfa(dto.mfaToken, dto.code, originOf(req)));
  }

  /** Whether the session is freshly authenticated now, so a client asks for the password only when needed. */
  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Get('reauthenticate')
  @ApiOperation({ summary: 'Check whether my session is freshly authenticated' })
  @ApiOkResponse({ type: FreshnessDto })
  async freshness(@CurrentUser() user: AuthenticatedUser): Promise<FreshnessDto> {
    const until = await this.sessionFreshness.freshUntil(user);
    return { freshUntil: until ? until.toISOString() : null };
  }

  /** Proves the password (and second factor) again, for a change that must not rest on the session alone. */
  @ApiBearerAuth()
  // Open while enrolment is pending: a first authenticator is bound only after a recent proof.
  @AllowDuringMfaEnrollment()
  @Post('reauthenticate')
  @ApiOperation({ summary: 'Re-authenticate for a sensitive action' })
  @HttpCode(200)
  @ApiOkResponse({ type: ReauthenticatedDto })
  async reauthenticate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ReauthenticateDto,
    @Req() req: Request,
  ): Promise<ReauthenticatedDto> {
    if (!user.sessionId) throw new IdentityError('session_invalid', 'You are not signed in.');
    const until = await this.auth.reauthenticate(user.id, user.sessionId, dto.password, dto.code, originOf(req));
    return { freshUntil: until.toISOString() };
  }

  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Post('mfa/enroll')
  @ApiOperation({ summary: 'Start two-step verification enrolment' })
  @HttpCode(200)
  @ApiOkResponse({ type: MfaEnrollmentDto })
  enroll(@CurrentUser() user: AuthenticatedUser): Promise<MfaEnrollmentDto> {
    return this.mfa.enroll(user);
  }

  @ApiBearerAuth()
  @AllowDuringMfaEnrollment()
  @Post('mfa/confirm')
  @ApiOperation({ summary: 'Confirm two-step verification enrolment' })
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto })
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: MfaCodeDto,
    @Req() req: Request,
  ): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.mfa.confirm(user, dto.code, req.ip ?? null) };
  }

  /** The password rules, checked live while a user chooses one. */
  @Public()
  @Post('password-check')
  @ApiOperation({ summary: 'Check a candidate password' })
  @HttpCode(200)
  @ApiOkResponse({ type: PasswordCheckResultDto })
  passwordCheck(@Body() dto: PasswordCheckDto): PasswordCheckResultDto {
    const reasons = checkPassword(dto.password, { email: dto.email });
    return { acceptable: reasons.length === 0, reasons, minLength: MIN_LENGTH };
  }
}
