import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { GROUP_ROLES, type GroupRole } from './groups/working-group.entity.js';
import { ITEM_STATUSES, type ItemStatus, PRIORITIES, type Priority } from './items/action-item.entity.js';
import { PLAN_STATUSES, type PlanStatus, TLP_CODES, type Tlp } from './plans/action-plan.entity.js';

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
function IsCalendarDate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date such as 2026-12-11` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(value) &&
          new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
      },
    });
}

/** Without the fields a client left out (so a merge keeps what it did not mention). */
export function given<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const CalendarDate = (description: string) => [
  ApiPropertyOptional({ type: String, format: 'date', nullable: true, description }),
  IsOptional(),
  IsCalendarDate(),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class GroupMemberInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty({ enum: GROUP_ROLES }) @IsIn(GROUP_ROLES) role: GroupRole;
}

export class CreateGroupDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) purpose?: string;
  @ApiPropertyOptional({ type: [GroupMemberInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberInputDto)
  members?: GroupMemberInputDto[];
}

export class UpdateGroupDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) purpose?: string;
}

export class GroupThreadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty({ enum: GROUP_ROLES }) role: GroupRole;
}

export class GroupSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: GROUP_ROLES, nullable: true }) myRole: GroupRole | null;
  @ApiProperty() memberCount: number;
  @ApiProperty() planCount: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) threadId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export class GroupListDto {
  @ApiProperty({ type: [GroupSummaryDto] }) items: GroupSummaryDto[];
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty() groupName: string;
  @ApiProperty() title: string;
  @ApiProperty() objective: string;
  @ApiProperty({ type: String, nullable: true }) owningOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) owningOrganisationName: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodStart: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodEnd: string | null;
  @ApiProperty({ enum: PLAN_STATUSES }) status: PlanStatus;
  @ApiProperty({ enum: TLP_CODES }) tlp: Tlp;
  @ApiProperty() version: number;
  @ApiProperty() itemCount: number;
  @ApiProperty() doneCount: number;
  @ApiProperty() overdueCount: number;
  @ApiProperty() blockedCount: number;
  @ApiProperty({ description: 'Mean progress of the items that are not cancelled, 0-100' }) progress: number;
  @ApiProperty({ enum: GROUP_ROLES, nullable: true }) myRole: GroupRole | null;
  @ApiProperty({ description: 'The caller chairs the group and may change the plan' }) canEdit: boolean;
  @ApiProperty({ description: 'The caller muted reminders about this plan' }) muted: boolean;
  @ApiProperty() updatedAt: string;
}

export class GroupDetailDto extends GroupSummaryDto {
  @ApiProperty({ type: [GroupMemberDto] }) members: GroupMemberDto[];
  @ApiProperty({ type: [PlanDto] }) plans: PlanDto[];
}

export class PlanListDto {
  @ApiProperty({ type: [PlanDto] }) items: PlanDto[];
}

export class PlanQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() groupId?: string;
}

class PlanFieldsDto {
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) objective?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?:
    string | null;
  @apply(...CalendarDate('First day of the plan')) periodStart?: string | null;
  @apply(...CalendarDate('Last day of the plan')) periodEnd?: string | null;
  @ApiPropertyOptional({ enum: PLAN_STATUSES }) @IsOptional() @IsIn(PLAN_STATUSES) status?: PlanStatus;
}

export class CreatePlanDto extends PlanFieldsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() groupId: string;
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;
  @ApiProperty({ enum: TLP_CODES, description: 'TLP 2.0 handling code' }) @IsIn(TLP_CODES) tlp: Tlp;
}

export class UpdatePlanDto extends PlanFieldsDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;
  @ApiPropertyOptional({ enum: TLP_CODES }) @IsOptional() @IsIn(TLP_CODES) tlp?: Tlp;
}

export class CountByStatusDto {
  @ApiProperty() not_started: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() blocked: number;
  @ApiProperty() done: number;
  @ApiProperty() cancelled: number;
}

export class OrganisationProgressDto {
  @ApiProperty({ type: String, nullable: true }) organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty() items: number;
  @ApiProperty() done: number;
  @ApiProperty() progress: number;
}

export class CountryProgressDto {
  @ApiProperty({ type: String, nullable: true }) countryCode: string | null;
  @ApiProperty({ type: String, nullable: true }) countryName: string | null;
  @ApiProperty() items: number;
  @ApiProperty() done: number;
  @ApiProperty() overdue: number;
  @ApiProperty() progress: number;
}

export class PlanSummaryDto {
  @ApiProperty({ type: CountByStatusDto }) byStatus: CountByStatusDto;
  @ApiProperty() total: number;
  @ApiProperty() overdue: number;
  @ApiProperty() dueThisWeek: number;
  @ApiProperty() progress: number;
  @ApiProperty({ type: [OrganisationProgressDto] }) byOrganisation: OrganisationProgressDto[];
  @ApiProperty({ type: [CountryProgressDto] }) byCountry: CountryProgressDto[];
}

class ItemFieldsDto {
  @ApiPropertyOptional({ maxLength: 20, example: '2.3' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z. -]{0,19}$/, {
    message: 'reference must be like 2.3 or OA 1.1 (up to 20 letters, digits, dots, spaces and hyphens)',
  })
  reference?: string;
  @ApiPropertyOptional({ maxLength: 20000, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID() leadOrganisationId?:
    string | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  assigneeIds?: string[];
  @apply(...CalendarDate('When work starts')) startDate?: string | null;
  @apply(...CalendarDate('When it is due')) dueDate?: string | null;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsInt() @Min(0) @Max(100) progress?: number;
  @ApiPropertyOptional({ type: [String], description: 'Items of the same plan this one depends on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  dependsOn?: string[];
}

export class ItemSourceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() messageId: string;
}

export class CreateItemDto extends ItemFieldsDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;
  @ApiPropertyOptional({ type: ItemSourceDto, description: 'The encrypted message this item was made from' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemSourceDto)
  source?: ItemSourceDto;
}

export class UpdateItemDto extends ItemFieldsDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;
}

export class TransitionDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;
  @ApiProperty({ enum: ITEM_STATUSES }) @IsIn(ITEM_STATUSES) to: ItemStatus;
  @ApiPropertyOptional({ maxLength: 500, description: 'Required for blocked and cancelled' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ItemQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated statuses' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @IsIn(ITEM_STATUSES, { each: true })
  status?: ItemStatus[];
  @ApiPropertyOptional({ description: '`me` or a user id' })
  @IsOptional()
  @Matches(/^(me|[0-9a-f-]{36})$/i, { message: 'assignee must be me or a user id' })
  assignee?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class MyItemsQueryDto {
  @ApiProperty({ enum: ['me'] }) @IsIn(['me'], { message: 'assignee must be me' }) assignee: 'me';
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  )
  @IsBoolean()
  overdue?: boolean;
}

export class CommentInputDto {
  @ApiProperty({ maxLength: 10000, description: 'Markdown' })
  @IsString()
  @Length(1, 10000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

export class ItemWarningDto {
  @ApiProperty({ enum: ['due_before_dependency'] }) code: 'due_before_dependency';
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() reference: string;
  @ApiProperty() message: string;
}

/** An item on a board, in a table or a list: all but its description. */
export class BoardItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) leadOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) leadOrganisationName: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The lead organisation's country" }) countryCode:
    string | null;
  @ApiProperty({ type: [AssigneeDto] }) assignees: AssigneeDto[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty() progress: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: ItemStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ type: [String] }) dependsOn: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: [ItemWarningDto] }) warnings: ItemWarningDto[];
  @ApiProperty({ type: ItemSourceDto, nullable: true }) source: ItemSourceDto | null;
  @ApiProperty() commentCount: number;
}

/** An item with its description. */
export class ItemDto extends BoardItemDto {
  @ApiProperty({ description: 'Markdown' }) description: string;
  @ApiProperty({ description: 'The description rendered and sanitised' }) descriptionHtml: string;
}

export class ItemListDto {
  @ApiProperty({ type: [BoardItemDto] }) items: BoardItemDto[];
}

export class MyItemDto extends BoardItemDto {
  @ApiProperty() planTitle: string;
  @ApiProperty({ enum: TLP_CODES }) planTlp: Tlp;
  @ApiProperty() groupName: string;
}

export class MyItemListDto {
  @ApiProperty({ type: [MyItemDto] }) items: MyItemDto[];
}

export class ItemDetailDto extends ItemDto {
  @ApiProperty() planTitle: string;
  @ApiProperty({ enum: TLP_CODES }) planTlp: Tlp;
  @ApiProperty() groupName: string;
  @ApiProperty({ description: 'The caller may change the item' }) canEdit: boolean;
  @ApiProperty({ description: 'The caller chairs the group (and may reopen)' }) canReopen: boolean;
  @ApiProperty({ description: 'The caller may comment' }) canComment: boolean;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() authorName: string;
  @ApiProperty() body: string;
  @ApiProperty() bodyHtml: string;
  @ApiProperty() createdAt: string;
}

export class CommentListDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
}

export class ActivityDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) actorId: string;
  @ApiProperty() actorName: string;
  @ApiProperty({ enum: ['created', 'updated', 'transitioned', 'commented'] }) action: string;
  @ApiProperty({
    description: 'Each changed field: {before, after}',
    type: 'object',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} }, required: ['before', 'after'] },
  })
  changes: Record<string, { before: unknown; after: unknown }>;
  @ApiProperty({ description: "The item's version after the change" }) version: number;
  @ApiProperty() at: string;
}

export class ActivityListDto {
  @ApiProperty({ type: [ActivityDto] }) items: ActivityDto[];
}
