import { ApiProperty } from '@nestjs/swagger';
import type { Role } from '@liaison/core';
import type { User } from './user.entity.js';

const ROLES = ['secretariat', 'org_admin', 'member'];

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId: string | null;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ description: 'The user must enrol MFA before anything else' }) mfaEnrollmentRequired: boolean;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSignInAt: string | null;
}

export const toMeDto = (user: User, mfaEnrollmentRequired: boolean): MeDto => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  roles: user.roles,
  organisationId: user.organisationId,
  mfaEnabled: user.mfaEnabledAt !== null,
  mfaEnrollmentRequired,
  status: user.status,
});

export const toUserDto = (user: User): UserDto => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  roles: user.roles,
  organisationId: user.organisationId,
  status: user.status,
  mfaEnabled: user.mfaEnabledAt !== null,
  createdAt: user.createdAt.toISOString(),
  lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
});
