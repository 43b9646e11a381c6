import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { Session } from '../sessions/session.entity.js';
import { MeDto } from '../users/user.dto.js';

export class LoginDto {
  @ApiProperty({ example: 'ana.ionescu@politiaromana.ro' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class MfaVerifyDto {
  @ApiProperty()
  @IsString()
  @Length(10, 2048)
  mfaToken: string;

  @ApiProperty({ description: 'A 6-digit code from the authenticator app, or a recovery code' })
  @Matches(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2})$/i, {
    message: 'code must be 6 digits or a recovery code like abcd-efgh-ij',
  })
  code: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'API clients send the refresh token here; the web client uses its cookie' })
  @IsOptional()
  @IsString()
  @Length(20, 200)
  refreshToken?: string;
}

export class MfaCodeDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class ReauthenticateDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ description: 'A TOTP code or a recovery code, when a second factor is enrolled' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  code?: string;
}

export class ReauthenticatedDto {
  @ApiProperty({ description: 'Until when sensitive changes are allowed without asking again' })
  freshUntil: string;
}

export class FreshnessDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Until when sensitive changes are allowed; null: asked first',
  })
  freshUntil: string | null;
}

export class PasswordCheckDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class PasswordCheckResultDto {
  @ApiProperty() acceptable: boolean;
  @ApiProperty({ enum: ['too_short', 'too_long', 'too_common', 'contains_email'], isArray: true }) reasons: string[];
  @ApiProperty() minLength: number;
}

export class SignedInDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiPropertyOptional({ description: 'Only for API clients; the web client gets an httpOnly cookie' })
  refreshToken?: string;
  @ApiProperty({ type: MeDto }) user: MeDto;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty() mfaToken: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() device: string;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastUsedAt: string;
  @ApiProperty() current: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) items: SessionDto[];
}

export const toSessionDto = (s: Session, currentSessionId?: string): SessionDto => ({
  id: s.id,
  device: s.device,
  ip: s.ip,
  createdAt: s.createdAt.toISOString(),
  lastUsedAt: s.lastUsedAt.toISOString(),
  current: s.id === currentSessionId,
});

export class MfaEnrollmentDto {
  @ApiProperty({ description: 'Base32 secret for manual entry' }) secret: string;
  @ApiProperty() otpauthUrl: string;
  @ApiProperty({ description: 'PNG QR code as a data URL' }) qrDataUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once' }) recoveryCodes: string[];
}
