import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { DesignationDto } from '../contacts/contacts.dto.js';
import type { DesignationWithContact } from './designation-records.js';
import {
  DESIGNATION_ROLES,
  DESIGNATION_SCOPES,
  DESIGNATION_STATUSES,
  type DesignationRole,
  type DesignationScope,
  type DesignationStatus,
} from './point-of-contact.entity.js';

const DATE = { strict: true };

export class DesignationQueryDto {
  @ApiPropertyOptional({ example: 'RO' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as RO' })
  country?: string;

  @ApiPropertyOptional({ example: 'victim_identification' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,49}$/, { message: 'mandate must be a mandate code' })
  mandate?: string;

  @ApiPropertyOptional({ enum: DESIGNATION_STATUSES })
  @IsOptional()
  @IsIn(DESIGNATION_STATUSES)
  status?: DesignationStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contactId?: string;
}

export class DesignateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  contactId: string;

  @ApiProperty({ example: 'victim_identification' })
  @Matches(/^[a-z][a-z0-9_]{1,49}$/, { message: 'mandateCode must be a mandate code' })
  mandateCode: string;

  @ApiProperty({ enum: DESIGNATION_SCOPES })
  @IsIn(DESIGNATION_SCOPES)
  scope: DesignationScope;

  @ApiPropertyOptional({ example: 'RO', description: 'The country represented (national designations)' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'countryCode must be an ISO 3166-1 alpha-2 code such as RO' })
  countryCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation represented (organisational designations)' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ enum: DESIGNATION_ROLES })
  @IsIn(DESIGNATION_ROLES)
  role: DesignationRole;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @IsOptional()
  @IsDateString(DATE, { message: 'validFrom must be a date such as 2026-12-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validFrom must be a date such as 2026-12-01' })
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString(DATE, { message: 'validTo must be a date such as 2027-12-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validTo must be a date such as 2027-12-31' })
  validTo?: string;

  @ApiProperty({ example: 'Ministry of Internal Affairs, order 112/2026' })
  @IsString()
  @Length(3, 300)
  nominatingAuthority: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active designation this one takes over from' })
  @IsOptional()
  @IsUUID()
  replacesId?: string;
}

export class DecisionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DesignationListDto {
  @ApiProperty({ type: [DesignationDto] }) items: DesignationDto[];
}

export const toDesignationDto = (p: DesignationWithContact): DesignationDto => ({
  id: p.id,
  contactId: p.contactId,
  contact: { id: p.contactId, fullName: p.contactName, organisationName: p.organisationName },
  mandateCode: p.mandateCode,
  scope: p.scope,
  countryCode: p.countryCode,
  organisationId: p.organisationId,
  role: p.role,
  validFrom: p.validFrom,
  validTo: p.validTo,
  status: p.status,
  nominatingAuthority: p.nominatingAuthority,
  nominatedBy: p.nominatedBy,
  decidedBy: p.decidedBy,
  decidedAt: p.decidedAt?.toISOString() ?? null,
  replacesId: p.replacesId,
  note: p.note,
  lastConfirmedAt: p.lastConfirmedAt.toISOString(),
});
