import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageLimit, PageNumber } from '@liaison/core';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from '../organisations/organisation.entity.js';
import type { ContactSearchItemRow } from '../search/contact-search.repository.js';
import type { ContactSearchFilters } from '../search/contact-search.sql.js';
import { CONTACT_STATUSES, type Contact, type ContactStatus, VISIBILITIES, type Visibility } from './contact.entity.js';
import { PHONE_KINDS } from './contact-input.js';

/** `a,b,c` or repeated parameters, as a list. */
const List = () =>
  Transform(({ value }: { value: unknown }) =>
    (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
      .flatMap((v: unknown) => String(v).split(','))
      .map((v: string) => v.trim())
      .filter(Boolean),
  );

export class ContactQueryDto {
  @ApiPropertyOptional({
    description: 'Names (any script, typos and accents tolerated), organisation, position, expertise',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated ISO 3166-1 alpha-2 codes', example: 'PL,DE' })
  @IsOptional()
  @List()
  @IsArray()
  @ArrayMaxSize(60)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each country must be an ISO 3166-1 alpha-2 code such as PL' })
  country?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated regions', example: 'Europe' })
  @IsOptional()
  @List()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  region?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated organisation kinds' })
  @IsOptional()
  @List()
  @IsArray()
  @IsIn(ORGANISATION_KINDS, { each: true })
  kind?: OrganisationKind[];

  @ApiPropertyOptional({ description: 'Comma-separated mandate codes' })
  @IsOptional()
  @List()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(/^[a-z][a-z0-9_]{1,49}$/, { each: true, message: 'each mandate must be a mandate code' })
  mandate?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated ISO 639-1 codes', example: 'fr' })
  @IsOptional()
  @List()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be an ISO 639-1 code such as fr' })
  language?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated expertise tags' })
  @IsOptional()
  @List()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  expertise?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated statuses' })
  @IsOptional()
  @List()
  @IsArray()
  @IsIn(CONTACT_STATUSES, { each: true })
  status?: ContactStatus[];

  @ApiPropertyOptional({ description: 'Only designated points of contact' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  designated?: boolean;

  @PageNumber() page?: number;

  @PageLimit()
  limit?: number;
}

/** The search filters of a query (its page apart): for the search and its exports. */
export const filtersOf = (query: ContactQueryDto): Omit<ContactSearchFilters, 'page' | 'limit'> => ({
  q: query.q,
  countries: query.country,
  regions: query.region,
  kinds: query.kind,
  mandates: query.mandate,
  languages: query.language,
  expertise: query.expertise,
  statuses: query.status,
  designated: query.designated,
});

export class PhoneDto {
  @ApiProperty({ example: '+40212082525', description: 'E.164' })
  @IsString()
  @MaxLength(40)
  number: string;

  // Checked with the number by the contact rules, so every problem of a contact is reported at once.
  @ApiPropertyOptional({ enum: PHONE_KINDS, default: 'work' })
  @IsOptional()
  @IsString()
  kind?: string;
}

class ContactFieldsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Head of the victim identification unit',
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  position?: string | null;

  @ApiPropertyOptional({ type: [PhoneDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => PhoneDto)
  phones?: PhoneDto[];

  @ApiPropertyOptional({ example: ['ro', 'en', 'fr'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ example: ['victim identification', 'image analysis'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  expertise?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Europe/Bucharest', description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  timeZone?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;
}

export class CreateContactDto extends ContactFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ example: 'Ana Ionescu' })
  @IsString()
  @Length(2, 200)
  fullName: string;

  @ApiProperty({ example: ['ana.ionescu@politiaromana.ro'] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsEmail({}, { each: true })
  emails: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'network' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class UpdateContactDto extends ContactFieldsDto {
  @ApiProperty({ description: 'The version the change is based on (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  fullName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class RangeDto {
  @ApiProperty() start: number;
  @ApiProperty() end: number;
}

export class ContactHighlightsDto {
  @ApiProperty({ type: [RangeDto] }) fullName: RangeDto[];
  @ApiProperty({ type: [RangeDto] }) organisationName: RangeDto[];
  @ApiProperty({ type: [RangeDto] }) position: RangeDto[];
}

export class ContactOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) acronym: string | null;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
}

export class PhoneOutDto {
  @ApiProperty() number: string;
  @ApiProperty({ enum: PHONE_KINDS }) kind: string;
}

export class ContactSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ type: ContactOrganisationDto }) organisation: ContactOrganisationDto;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
  @ApiProperty({ type: [String] }) emails: string[];
  @ApiProperty({ type: [PhoneOutDto] }) phones: PhoneOutDto[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ type: [String] }) expertise: string[];
  @ApiProperty({ type: [String], description: 'Mandates of active designations' }) mandates: string[];
  @ApiProperty({ nullable: true, type: String }) timeZone: string | null;
  @ApiProperty({ enum: CONTACT_STATUSES }) status: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility: string;
  @ApiProperty({ format: 'date-time' }) lastConfirmedAt: string;
  @ApiProperty({ description: 'Not confirmed within the freshness period' }) stale: boolean;
}

export class ContactSearchItemDto extends ContactSummaryDto {
  @ApiProperty({ type: ContactHighlightsDto }) highlights: ContactHighlightsDto;
}

export class ContactFacetsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) country: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) region: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) kind: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) mandate: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) language: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) expertise: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) status: Record<string, number>;
}

export class ContactPageDto {
  @ApiProperty({ type: [ContactSearchItemDto] }) items: ContactSearchItemDto[];
  @ApiProperty() total: number;
  @ApiProperty({ type: ContactFacetsDto }) facets: ContactFacetsDto;
}

export class ContactRightsDto {
  @ApiProperty() edit: boolean;
  @ApiProperty({ description: 'Every field (else only the self-editable ones)' }) editAll: boolean;
  @ApiProperty() confirm: boolean;
  @ApiProperty() history: boolean;
}

export class DesignationContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty() organisationName: string;
}

export class DesignationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiPropertyOptional({ type: DesignationContactDto }) contact?: DesignationContactDto;
  @ApiProperty() mandateCode: string;
  @ApiProperty({ enum: ['national', 'organisational'] }) scope: string;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ enum: ['primary', 'deputy'] }) role: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validTo: string | null;
  @ApiProperty({ enum: ['proposed', 'active', 'rejected', 'ended'] }) status: string;
  @ApiProperty() nominatingAuthority: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) nominatedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) replacesId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) lastConfirmedAt: string;
}

export class ContactDetailDto extends ContactSummaryDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: [DesignationDto] }) designations: DesignationDto[];
  @ApiProperty({ type: ContactRightsDto }) rights: ContactRightsDto;
  @ApiProperty({ description: 'A re-confirmation request is waiting for an answer' }) confirmationOpen: boolean;
}

export class ContactChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty({
    type: 'object',
    description: 'Each changed field, with its value before and after',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} }, required: ['from', 'to'] },
  })
  changes: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ContactHistoryDto {
  @ApiProperty({ type: [ContactChangeDto] }) items: ContactChangeDto[];
}

export class SuccessorDto {
  @ApiProperty({ example: 'Zuzana Nováková' })
  @IsString()
  @Length(2, 200)
  fullName: string;

  @ApiProperty({ example: 'zuzana.novakova@minv.sk' })
  @IsEmail()
  email: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  position?: string;
}

export class HandoverDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A colleague already in the directory' })
  @IsOptional()
  @IsUUID()
  successorContactId?: string;

  @ApiPropertyOptional({ type: SuccessorDto, description: 'Or a new person' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SuccessorDto)
  successor?: SuccessorDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class HandoverResultDto {
  @ApiProperty({ format: 'uuid' }) departedId: string;
  @ApiProperty({ format: 'uuid' }) successorId: string;
  @ApiProperty({ type: [DesignationDto] }) proposals: DesignationDto[];
}

export const isStale = (lastConfirmedAt: Date | string, staleAfterDays: number): boolean =>
  Date.now() - new Date(lastConfirmedAt).getTime() > staleAfterDays * 86_400_000;

export function toSummaryFromRow(row: ContactSearchItemRow, staleAfterDays: number): ContactSummaryDto {
  return {
    id: row.id,
    fullName: row.fullName,
    position: row.position,
    organisation: {
      id: row.organisationId,
      name: row.organisationName,
      acronym: row.organisationAcronym,
      kind: row.organisationKind,
    },
    countryCode: row.countryCode,
    emails: row.emails,
    phones: row.phones,
    languages: row.languages,
    expertise: row.expertise,
    mandates: row.mandates,
    timeZone: row.timeZone,
    status: row.status,
    visibility: row.visibility,
    lastConfirmedAt: new Date(row.lastConfirmedAt).toISOString(),
    stale: isStale(row.lastConfirmedAt, staleAfterDays),
  };
}

export function toSummary(c: Contact, o: Organisation, staleAfterDays: number): ContactSummaryDto {
  return {
    id: c.id,
    fullName: c.fullName,
    position: c.position,
    organisation: { id: o.id, name: o.name, acronym: o.acronym, kind: o.kind },
    countryCode: c.countryCode,
    emails: c.emails,
    phones: c.phones,
    languages: c.languages,
    expertise: c.expertise,
    mandates: c.mandates,
    timeZone: c.timeZone,
    status: c.status,
    visibility: c.visibility,
    lastConfirmedAt: c.lastConfirmedAt.toISOString(),
    stale: isStale(c.lastConfirmedAt, staleAfterDays),
  };
}
