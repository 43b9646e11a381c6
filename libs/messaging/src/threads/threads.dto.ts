import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_THREAD_MEMBERS, type RosterKind, type ThreadRole } from '@liaison/e2ee';
import { B64URL, b64Message } from '../keys/keys.dto.js';

const KINDS: RosterKind[] = ['create', 'add', 'remove', 'role', 'rotate'];
const ROLES: ThreadRole[] = ['admin', 'member'];
const INT32 = 2 ** 31 - 1;

export class RosterEventDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty() @IsInt() @Min(0) @Max(INT32) seq: number;
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind: RosterKind;
  @ApiProperty({ format: 'uuid' }) @IsUUID() subject: string;
  @ApiProperty({ enum: ROLES, nullable: true, type: String })
  @ValidateIf((_, v) => v !== null)
  @IsIn(ROLES)
  role: ThreadRole | null;
  @ApiProperty() @IsInt() @Min(1) @Max(INT32) epoch: number;
  @ApiProperty() @Length(43, 43) @Matches(B64URL, b64Message('prevHash')) prevHash: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() actor: string;
  @ApiProperty() @Length(86, 86) @Matches(B64URL, b64Message('signature')) signature: string;
}

export class WrappedSecretDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty() @MaxLength(1600) @Matches(B64URL, b64Message('enc')) enc: string;
  @ApiProperty() @MaxLength(128) @Matches(B64URL, b64Message('ciphertext')) ciphertext: string;
}

export class KeyDistributionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty() @IsInt() @Min(1) @Max(INT32) epoch: number;
  @ApiProperty() @IsInt() @Min(0) @Max(INT32) rosterSeq: number;
  @ApiProperty() @Length(43, 43) @Matches(B64URL, b64Message('rosterHead')) rosterHead: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() distributor: string;
  @ApiProperty({ type: [WrappedSecretDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_THREAD_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => WrappedSecretDto)
  wrapped: WrappedSecretDto[];
  @ApiProperty() @Length(86, 86) @Matches(B64URL, b64Message('signature')) signature: string;
}

export class SharedEpochDto {
  @ApiProperty() @IsInt() @Min(1) @Max(INT32) epoch: number;
  @ApiProperty() @MaxLength(1600) @Matches(B64URL, b64Message('enc')) enc: string;
  @ApiProperty() @MaxLength(128) @Matches(B64URL, b64Message('ciphertext')) ciphertext: string;
}

export class HistoryShareDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty() @IsInt() @Min(0) @Max(INT32) rosterSeq: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() recipient: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() distributor: string;
  @ApiProperty({ type: [SharedEpochDto] })
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => SharedEpochDto)
  epochs: SharedEpochDto[];
  @ApiProperty() @Length(86, 86) @Matches(B64URL, b64Message('signature')) signature: string;
}

export class LinkDto {
  @ApiProperty({ enum: ['working_group', 'action_item'] })
  @IsIn(['working_group', 'action_item'])
  type: 'working_group' | 'action_item';

  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
}

export class CreateThreadDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client: the roster events are signed over it' })
  @IsUUID()
  threadId: string;

  @ApiProperty({ type: [RosterEventDto], description: 'create, then an add for each first member' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_THREAD_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => RosterEventDto)
  rosterEvents: RosterEventDto[];

  @ApiProperty({ type: KeyDistributionDto, description: 'The first epoch secret, for every member' })
  @ValidateNested()
  @Type(() => KeyDistributionDto)
  keyDistribution: KeyDistributionDto;

  @ApiPropertyOptional({ type: LinkDto, description: 'A working group or action item (visible to the server)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LinkDto)
  linkedTo?: LinkDto;

  @ApiPropertyOptional({ description: 'Newcomers can read earlier messages (their adder shares the keys)' })
  @IsOptional()
  @IsBoolean()
  shareHistory?: boolean;

  @ApiPropertyOptional({ description: 'Delete messages older than this many days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays?: number;
}

export class MembershipChangeDto {
  @ApiProperty({ type: RosterEventDto })
  @ValidateNested()
  @Type(() => RosterEventDto)
  event: RosterEventDto;

  @ApiPropertyOptional({
    type: KeyDistributionDto,
    description: 'Required with add, remove and rotate: the epoch secret for the members after the event',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyDistributionDto)
  keyDistribution?: KeyDistributionDto;

  @ApiPropertyOptional({
    type: HistoryShareDto,
    description: 'With an add, in a thread that shares history: the earlier epochs for the newcomer',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => HistoryShareDto)
  historyShare?: HistoryShareDto;
}

export class SendMessageDto {
  @ApiProperty({ description: 'Chosen by the client; a retry with the same id returns the stored message' })
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'clientMessageId must be letters, digits, - and _' })
  clientMessageId: string;

  @ApiProperty() @IsInt() @Min(1) @Max(INT32) epoch: number;

  @ApiProperty({ description: 'When the client sent it (signed)' })
  @IsISO8601({ strict: true })
  @MaxLength(40)
  sentAt: string;

  @ApiProperty() @Length(32, 32) @Matches(B64URL, b64Message('nonce')) nonce: string;

  @ApiProperty({ description: 'XChaCha20-Poly1305 ciphertext, base64url' })
  @MaxLength(2 * 1024 * 1024)
  @Matches(B64URL, b64Message('ciphertext'))
  ciphertext: string;

  @ApiProperty() @Length(86, 86) @Matches(B64URL, b64Message('signature')) signature: string;
}

export class MessagesQueryDto {
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq: number = 0;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

export class ReadDto {
  @ApiProperty() @IsInt() @Min(0) seq: number;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() seq: number;
  @ApiProperty() epoch: number;
  @ApiProperty({ format: 'uuid' }) senderUserId: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty() sentAt: string;
  @ApiProperty() nonce: string;
  @ApiProperty() ciphertext: string;
  @ApiProperty() signature: string;
  @ApiProperty() createdAt: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items: MessageDto[];
  @ApiProperty({ description: 'The thread’s last seq' }) lastSeq: number;
}

export class ThreadMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ROLES }) role: ThreadRole;
  @ApiProperty() lastReadSeq: number;
}

export class ThreadSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES }) role: ThreadRole;
  @ApiProperty() epoch: number;
  @ApiProperty() rosterSeq: number;
  @ApiProperty() lastSeq: number;
  @ApiProperty() lastReadSeq: number;
  @ApiProperty() unread: number;
  @ApiProperty() memberCount: number;
  @ApiPropertyOptional({ type: LinkDto, nullable: true }) linkedTo: LinkDto | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) retentionDays: number | null;
  @ApiProperty() shareHistory: boolean;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) lastMessageAt: string | null;
}

export class ThreadListDto {
  @ApiProperty({ type: [ThreadSummaryDto] }) items: ThreadSummaryDto[];
}

export class ThreadDetailDto extends ThreadSummaryDto {
  @ApiProperty({ type: [ThreadMemberDto] }) members: ThreadMemberDto[];
  @ApiProperty({ type: [RosterEventDto] }) rosterEvents: RosterEventDto[];
  @ApiProperty({ type: [KeyDistributionDto], description: 'The distributions that carry a key for the caller' })
  keyDistributions: KeyDistributionDto[];
  @ApiProperty({ type: [HistoryShareDto], description: 'Earlier epochs shared with the caller when they were added' })
  historyShares: HistoryShareDto[];
}

export class RosterHeadDto {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() rosterSeq: number;
  @ApiProperty() rosterHead: string;
  @ApiProperty() epoch: number;
}

export class ThreadSettingsDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Days to keep messages and attachments; null keeps them' })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays: number | null;
}
