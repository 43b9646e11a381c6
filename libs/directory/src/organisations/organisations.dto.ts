import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageLimit, PageNumber } from '@liaison/core';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from './organisation.entity.js';

const COUNTRY = /^[A-Z]{2}$/;
const countryMessage = { message: '$property must be an ISO 3166-1 alpha-2 code such as PL' };

export class OrganisationQueryDto {
  @ApiPropertyOptional({ description: 'Name or acronym; accents, case and small typos do not matter' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'PL' })
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  country?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @PageNumber() page?: number;

  @PageLimit()
  limit?: number;
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Komenda Główna Policji' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiPropertyOptional({ example: 'KGP' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  acronym?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: 'PL', description: 'None for international bodies' })
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  countryCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: 'https://policja.pl' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  website?: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 30)
  acronym?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  countryCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  website?: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) acronym: string | null;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) verifiedAt: string | null;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items: OrganisationDto[];
  @ApiProperty() total: number;
}

export const toOrganisationDto = (o: Organisation): OrganisationDto => ({
  id: o.id,
  name: o.name,
  acronym: o.acronym,
  kind: o.kind,
  countryCode: o.countryCode,
  parentId: o.parentId,
  website: o.website,
  verifiedAt: o.verifiedAt?.toISOString() ?? null,
});
