import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class ErasureTargetDto {
  @ApiProperty({ format: 'uuid', description: 'The departed person’s directory entry' })
  @IsDefined()
  @IsUUID()
  contactId: string;
}

export class ErasureRequestDto extends ErasureTargetDto {
  @ApiProperty({
    description: 'Why (the legal ground or the request), kept with the erasure',
    minLength: 3,
    maxLength: 500,
  })
  @IsDefined()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class ErasurePreviewDto {
  @ApiProperty({ type: [String], description: 'The names the person is known by' }) names: string[];
  @ApiProperty() hasAccount: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description: 'Rows that would change, by context and item',
  })
  counts: Record<string, Record<string, number>>;
}

export class ErasureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '∅ 7KQ2F' }) pseudonym: string;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty({ format: 'uuid' }) erasedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'The `privacy.erased` audit event' }) auditSeq: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
  })
  counts: Record<string, Record<string, number>>;
}

export class ErasureListDto {
  @ApiProperty({ type: [ErasureDto] }) items: ErasureDto[];
}

export class RetentionItemDto {
  @ApiProperty({ enum: ['audit_events', 'deliveries', 'messages'] }) kind: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Days kept; null: until deleted' }) days: number | null;
  @ApiProperty({ type: Number, description: 'Shortest period allowed' }) minimumDays: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastRemoved: number | null;
}

export class RetentionDto {
  @ApiProperty({ type: [RetentionItemDto] }) items: RetentionItemDto[];
}

/** Shortest periods: the audit log keeps at least 90 days, deliveries 30, messages 1. */
export const MINIMUM_DAYS = { audit_events: 90, deliveries: 30, messages: 1 } as const;
const MAX_DAYS = 36_500;

export class RetentionChangeDto {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: MINIMUM_DAYS.audit_events, maximum: MAX_DAYS })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(MINIMUM_DAYS.audit_events)
  @Max(MAX_DAYS)
  auditEventsDays?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: MINIMUM_DAYS.deliveries, maximum: MAX_DAYS })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(MINIMUM_DAYS.deliveries)
  @Max(MAX_DAYS)
  deliveriesDays?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: MINIMUM_DAYS.messages, maximum: MAX_DAYS })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(MINIMUM_DAYS.messages)
  @Max(MAX_DAYS)
  messagesDays?: number | null;
}

export class PersonalDataExportDto {
  @ApiProperty({ example: 'liaison.personal-data/1' }) format: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) subject: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    description: 'Counts by context and item',
  })
  summary: Record<string, Record<string, number>>;
  @ApiProperty({ type: 'object', additionalProperties: true }) sections: Record<string, unknown>;
}
