import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageLimit } from '@liaison/core';
import type { AuditEvent } from './audit-event.entity.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events by this user' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ example: 'auth.login.failed' })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action must look like "auth.login.failed"' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,15}$/, { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;
}

export class AuditEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Events verified' }) events: number;
  @ApiProperty({ description: 'Hash of the last intact event' }) head: string;
  @ApiPropertyOptional({ description: 'First altered seq' }) brokenAt?: number;
  @ApiPropertyOptional({ description: 'Events whose personal data an erasure replaced (their digests still verify)' })
  redacted?: number;
}

export const toAuditEventDto = (e: AuditEvent): AuditEventDto => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actorId: e.actorId,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  ip: e.ip,
  details: e.details,
  prevHash: e.prevHash,
  hash: e.hash,
});
