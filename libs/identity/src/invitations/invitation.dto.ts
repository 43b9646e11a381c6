import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { Role } from '@liaison/core';
import { MeDto } from '../users/user.dto.js';

const ROLES = ['secretariat', 'org_admin', 'member'] as const;

export class CreateInvitationDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;
}

export class InvitationTokenDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty()
  @IsString()
  @Length(1, 120)
  displayName: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class InvitationPreviewDto {
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class AcceptedInvitationDto {
  @ApiProperty({ type: MeDto }) user: MeDto;
}
