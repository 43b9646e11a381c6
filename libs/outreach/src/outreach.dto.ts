import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageLimit, PageOffset } from '@liaison/core';
import { ORGANISATION_KINDS } from '@liaison/directory';
import {
  ANNOUNCEMENT_STATUSES,
  type AnnouncementStatus,
  DELEGATE_LEVELS,
  DELEGATE_ROLES,
  type DelegateLevel,
  type DelegateRole,
  MAIL_STATUSES,
  type MailStatus,
  RSVP_RESPONSES,
  type RsvpResponse,
} from './announcements/announcement.entity.js';

const ROLES = ['secretariat', 'org_admin', 'member'] as const;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export class AudienceClauseDto {
  @ApiPropertyOptional({ description: 'The whole network; must be chosen explicitly' })
  @IsOptional()
  @IsBoolean()
  everyone?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'ISO 3166-1 alpha-2 codes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(300)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each country must be an ISO 3166-1 alpha-2 code' })
  countries?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  regions?: string[];

  @ApiPropertyOptional({ description: 'Only organisations of EU member states' })
  @IsOptional()
  @IsBoolean()
  euMembers?: boolean;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ORGANISATION_KINDS, { each: true })
  organisationKinds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Organisations (and their sub-organisations)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  organisations?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Points of contact designated for these mandates' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  mandates?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Members of these working groups' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groups?: string[];

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ROLES, { each: true })
  roles?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Named users' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  users?: string[];
}

export class AudienceDto {
  @ApiProperty({ type: [AudienceClauseDto], description: 'People in any of these groups…' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AudienceClauseDto)
  include: AudienceClauseDto[];

  @ApiPropertyOptional({ type: [AudienceClauseDto], description: '…and in none of these' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AudienceClauseDto)
  exclude?: AudienceClauseDto[];
}

export class AudiencePreviewInputDto {
  @ApiProperty({ type: AudienceDto })
  @IsDefined({ message: 'is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience: AudienceDto;
}

export class EventInputDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Defaults to the announcement title' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: '2026-12-11T09:00', description: 'Wall-clock start in `timeZone`' })
  @Matches(LOCAL_TIME, { message: 'must be a local date and time, YYYY-MM-DDTHH:mm' })
  startsAt: string;

  @ApiProperty({ example: '2026-12-12T17:00' })
  @Matches(LOCAL_TIME, { message: 'must be a local date and time, YYYY-MM-DDTHH:mm' })
  endsAt: string;

  @ApiProperty({ example: 'Africa/Addis_Ababa' }) @IsString() timeZone: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'must be an http(s) address' })
  @MaxLength(2000)
  onlineUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-11-15T23:59',
    description: 'Local, in `timeZone`',
  })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: 'must be a local date and time, YYYY-MM-DDTHH:mm' })
  rsvpDeadline?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  seatsPerCountry?: number | null;
}

class AnnouncementFieldsDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 50000, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(50000)
  body?: string;

  @ApiPropertyOptional({ type: AudienceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() requiresAcknowledgement?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'must be an ISO 8601 date and time' })
  acknowledgeBy?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  remindDaysBefore?: number;

  @ApiPropertyOptional({ type: EventInputDto, nullable: true, description: 'null removes the event (drafts only)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventInputDto)
  event?: EventInputDto | null;
}

// Without title and audience: their IsOptional would be inherited and let a missing one through.
export class CreateAnnouncementDto extends OmitType(AnnouncementFieldsDto, ['title', 'audience'] as const) {
  @ApiProperty({ maxLength: 300 })
  @IsDefined({ message: 'is required' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(300)
  title: string;

  @ApiProperty({ type: AudienceDto })
  @IsDefined({ message: 'is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience: AudienceDto;
}

export class UpdateAnnouncementDto extends AnnouncementFieldsDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;
}

export class PublishDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Later publication; now when absent' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'must be an ISO 8601 date and time' })
  publishAt?: string;
}

export class DeleteDraftQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) version: number;
}

export class WithdrawDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;

  @ApiProperty({ maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'say why it is withdrawn' })
  @MaxLength(1000)
  reason: string;
}

export class AnnouncementListQueryDto {
  @ApiPropertyOptional({ enum: ANNOUNCEMENT_STATUSES })
  @IsOptional()
  @IsIn(ANNOUNCEMENT_STATUSES)
  status?: AnnouncementStatus;
  @PageLimit() limit?: number;
  @PageOffset() offset?: number;
}

export class RecipientQueryDto {
  @ApiPropertyOptional({ enum: ['unread', 'read', 'unacknowledged', 'acknowledged', 'no_answer', 'bounced', 'failed'] })
  @IsOptional()
  @IsIn(['unread', 'read', 'unacknowledged', 'acknowledged', 'no_answer', 'bounced', 'failed'])
  filter?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @PageLimit() limit?: number;
  @PageOffset() offset?: number;
}

export class DelegateDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'give the delegate a name' })
  name: string;
  @ApiProperty({ enum: DELEGATE_ROLES }) @IsIn(DELEGATE_ROLES) role: DelegateRole;
  @ApiProperty({ enum: DELEGATE_LEVELS }) @IsIn(DELEGATE_LEVELS) level: DelegateLevel;
}

export class RsvpInputDto {
  @ApiProperty({ enum: RSVP_RESPONSES }) @IsIn(RSVP_RESPONSES) response: RsvpResponse;

  @ApiPropertyOptional({ type: [DelegateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DelegateDto)
  delegation?: DelegateDto[];

  @ApiPropertyOptional({ maxLength: 300, description: 'Who nominated the delegation' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  nominatingAuthority?: string;

  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) accessibility?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) dietary?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

// ---- responses

export class AudienceSampleDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
}

export class AudiencePreviewDto {
  @ApiProperty({ description: 'Recipients (active accounts) the audience resolves to now' }) count: number;
  @ApiProperty({ type: [AudienceSampleDto] }) sample: AudienceSampleDto[];
  @ApiProperty({ description: 'Directory entries the audience describes that have no account, so are not reached' })
  contactsWithoutAccount: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why nobody matches, when nobody does' })
  warning: string | null;
}

export class EventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ description: 'startsAt as wall-clock time in timeZone' }) localStartsAt: string;
  @ApiProperty() localEndsAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, nullable: true }) onlineUrl: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) rsvpDeadline: string | null;
  @ApiProperty({ type: String, nullable: true }) localRsvpDeadline: string | null;
  @ApiProperty({ type: Number, nullable: true }) seatsPerCountry: number | null;
  @ApiProperty() sequence: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
}

export class RsvpDto {
  @ApiProperty({ enum: RSVP_RESPONSES }) response: RsvpResponse;
  @ApiProperty({ type: [DelegateDto] }) delegation: DelegateDto[];
  @ApiProperty({ type: String, nullable: true }) nominatingAuthority: string | null;
  @ApiProperty({ type: String, nullable: true }) accessibility: string | null;
  @ApiProperty({ type: String, nullable: true }) dietary: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class SeatsDto {
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty({ type: Number, nullable: true }) limit: number | null;
  @ApiProperty({ description: 'Taken by the others of the country' }) takenByOthers: number;
}

export class MyDeliveryDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgedAt: string | null;
  @ApiProperty({ description: 'Edited after the recipient last opened it' }) changedSinceRead: boolean;
  @ApiProperty({ type: RsvpDto, nullable: true }) rsvp: RsvpDto | null;
  @ApiProperty({ type: SeatsDto, nullable: true }) seats: SeatsDto | null;
}

export class AnnouncementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Markdown (the secretariat only; empty for recipients)' }) body: string;
  @ApiProperty({ description: 'Sanitised HTML' }) bodyHtml: string;
  @ApiProperty({ enum: ANNOUNCEMENT_STATUSES }) status: AnnouncementStatus;
  @ApiProperty({ type: AudienceDto, nullable: true, description: 'The secretariat only' }) audience: AudienceDto | null;
  @ApiProperty() requiresAcknowledgement: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgeBy: string | null;
  @ApiProperty() remindDaysBefore: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) withdrawnAt: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnReason: string | null;
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) editedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The secretariat only' }) recipientCount: number | null;
  @ApiProperty({ description: 'Every delivery row is written' }) fannedOut: boolean;
  @ApiProperty() createdByName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: EventDto, nullable: true }) event: EventDto | null;
  @ApiProperty({ type: MyDeliveryDto, nullable: true, description: 'The caller as a recipient' })
  me: MyDeliveryDto | null;
}

export class AnnouncementSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ANNOUNCEMENT_STATUSES }) status: AnnouncementStatus;
  @ApiProperty() requiresAcknowledgement: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The secretariat only' }) recipientCount: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The secretariat only' }) readCount: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The secretariat only' }) acknowledgedCount: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) eventStartsAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class AnnouncementListDto {
  @ApiProperty({ type: [AnnouncementSummaryDto] }) items: AnnouncementSummaryDto[];
  @ApiProperty() total: number;
}

export class StatsRowDto {
  @ApiProperty({ type: String, nullable: true }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty() recipients: number;
  @ApiProperty() read: number;
  @ApiProperty() acknowledged: number;
  @ApiProperty() accepted: number;
  @ApiProperty() tentative: number;
  @ApiProperty() declined: number;
  @ApiProperty() noAnswer: number;
  @ApiProperty() delegates: number;
}

/** Every mail status, zero when none. */
export class MailCountsDto implements Record<MailStatus, number> {
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) sending: number;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer' }) bounced: number;
  @ApiProperty({ type: 'integer' }) failed: number;
}

export class StatsDto {
  @ApiProperty({ type: StatsRowDto }) total: StatsRowDto;
  @ApiProperty({ type: MailCountsDto, description: 'E-mails by status' })
  email: Record<MailStatus, number>;
  @ApiProperty({ type: [StatsRowDto] }) byCountry: StatsRowDto[];
  @ApiProperty({ type: [StatsRowDto] }) byOrganisationKind: StatsRowDto[];
  @ApiProperty({ type: [StatsRowDto] }) byMandate: StatsRowDto[];
}

export class RecipientDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty({ format: 'date-time' }) deliveredAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgedAt: string | null;
  @ApiProperty({ enum: MAIL_STATUSES, nullable: true }) emailStatus: MailStatus | null;
  @ApiProperty({ type: String, nullable: true }) emailError: string | null;
  @ApiProperty({ enum: RSVP_RESPONSES, nullable: true }) rsvp: RsvpResponse | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) remindedAt: string | null;
}

export class RecipientListDto {
  @ApiProperty({ type: [RecipientDto] }) items: RecipientDto[];
  @ApiProperty() total: number;
}

export class RemindResultDto {
  @ApiProperty({ description: 'Recipients reminded now' }) reminded: number;
}

export class AttendeeDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() respondent: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty({ type: String, nullable: true }) countryName: string | null;
  @ApiProperty({ type: RsvpDto }) rsvp: RsvpDto;
}

export class AttendeeListDto {
  @ApiProperty({ type: [AttendeeDto] }) items: AttendeeDto[];
  @ApiProperty({ type: [StatsRowDto], description: 'Answers and delegates per country' }) byCountry: StatsRowDto[];
  @ApiProperty({ type: Number, nullable: true }) seatsPerCountry: number | null;
}

export class InboxEntryDto {
  @ApiProperty({ enum: ['announcement', 'notification'] }) type: 'announcement' | 'notification';
  @ApiProperty({ type: String, nullable: true, description: "A notification's kind (due_soon, overdue, digest)" })
  kind: string | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: "A notification's facts, to write it in the reader's language",
  })
  params: Record<string, unknown> | null;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Plain-text excerpt' }) excerpt: string;
  @ApiProperty() link: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt: string | null;
  @ApiProperty() requiresAcknowledgement: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgeBy: string | null;
  @ApiProperty() withdrawn: boolean;
  @ApiProperty() changedSinceRead: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) eventStartsAt: string | null;
  @ApiProperty({ enum: RSVP_RESPONSES, nullable: true }) rsvp: RsvpResponse | null;
}

export class InboxDto {
  @ApiProperty({ type: [InboxEntryDto] }) items: InboxEntryDto[];
  @ApiProperty({ description: 'Unread announcements' }) unreadAnnouncements: number;
  @ApiProperty({ description: 'Unread notifications' }) unreadNotifications: number;
  @ApiProperty({ description: 'Announcements waiting for the caller to acknowledge' }) toAcknowledge: number;
}

export class InboxQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  unread?: boolean;
  @PageLimit() limit?: number;
}

export class ReadStateDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acknowledgedAt: string | null;
}

export class OutreachScanDto {
  @ApiProperty() published: number;
  @ApiProperty() reminded: number;
  @ApiProperty() mails: number;
}
