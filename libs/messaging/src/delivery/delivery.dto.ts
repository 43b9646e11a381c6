import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { B64URL, b64Message } from '../keys/keys.dto.js';
import { DEVICE_ID } from '../transparency/transparency.dto.js';

const deviceIdMessage = { message: 'deviceId is 8 to 64 letters, digits, "-" or "_"' };
/** An MLS message as base64url: 256 kB of ciphertext for a message, 3 MB for a commit or Welcome. */
const MESSAGE_CHARS = 350_000;
const COMMIT_CHARS = 4_000_000;

export class DeviceRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty() @Matches(DEVICE_ID, deviceIdMessage) deviceId: string;
}

export class CreateMlsThreadDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client: the MLS group id' })
  @IsUUID()
  threadId: string;

  @ApiProperty({ description: 'The creating device (its leaf is the group’s first)' })
  @Matches(DEVICE_ID, deviceIdMessage)
  deviceId: string;

  @ApiPropertyOptional({ enum: ['working_group'] })
  @IsOptional()
  @IsIn(['working_group'])
  linkedType?: 'working_group';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  linkedId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays?: number;
}

class FromDeviceDto {
  @ApiProperty({ description: 'The sending device (one of the caller’s, in the thread)' })
  @Matches(DEVICE_ID, deviceIdMessage)
  deviceId: string;

  @ApiProperty({ description: 'Chosen by the client; a retry with the same id stores nothing twice' })
  @Length(8, 64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'clientMessageId is 8 to 64 letters, digits, "-" or "_"' })
  clientMessageId: string;

  @ApiProperty({
    description:
      'The device key’s Ed25519 signature of the delivery statement (thread, kind, epoch, hash of the MLS bytes, client message id, declared changes)',
  })
  @Length(86, 86)
  @Matches(B64URL, b64Message('signature'))
  signature: string;
}

export class SendMlsMessageDto extends FromDeviceDto {
  @ApiProperty({ description: 'An MLS PrivateMessage with application content (base64url)' })
  @MaxLength(MESSAGE_CHARS)
  @Matches(B64URL, b64Message('message'))
  message: string;
}

export class LeaveMlsThreadDto extends FromDeviceDto {
  @ApiProperty({ description: 'An MLS proposal removing the caller’s own leaf (base64url)' })
  @MaxLength(MESSAGE_CHARS)
  @Matches(B64URL, b64Message('proposal'))
  proposal: string;
}

export class CommitDto extends FromDeviceDto {
  @ApiProperty({ description: 'The epoch the commit starts from (the thread’s current one)' })
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  epoch: number;

  @ApiPropertyOptional({
    description:
      'The last seq the committer processed: a member’s request to leave stored after it makes the commit wait (409), so that it is committed too',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq?: number;

  @ApiProperty({ description: 'The MLS commit (base64url)' })
  @MaxLength(COMMIT_CHARS)
  @Matches(B64URL, b64Message('commit'))
  commit: string;

  @ApiPropertyOptional({ description: 'The Welcome for the devices it adds (base64url)' })
  @IsOptional()
  @MaxLength(COMMIT_CHARS)
  @Matches(B64URL, b64Message('welcome'))
  welcome?: string;

  @ApiProperty({ type: [DeviceRefDto], description: 'The devices the commit adds' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeviceRefDto)
  added: DeviceRefDto[];

  @ApiProperty({ type: [DeviceRefDto], description: 'The devices the commit removes' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeviceRefDto)
  removed: DeviceRefDto[];
}

export class DeviceQueryDto {
  @ApiProperty() @Matches(DEVICE_ID, deviceIdMessage) deviceId: string;
}

export class MlsMessagesQueryDto extends DeviceQueryDto {
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSeq: number = 0;

  @ApiPropertyOptional({ default: 200, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 200;
}

export class MlsReadDto {
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) seq: number;
}

export class MlsMessageDto {
  @ApiProperty({ format: 'uuid', description: 'The stored message’s id (an action item made from it links to it)' })
  id: string;
  @ApiProperty() seq: number;
  @ApiProperty() epoch: number;
  @ApiProperty({ enum: ['application', 'commit', 'proposal'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) senderUserId: string;
  @ApiProperty() senderDeviceId: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty({ description: 'The MLS message (base64url)' }) body: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({
    type: [DeviceRefDto],
    description: 'For a commit: the devices its committer declared it adds (signed); members check them',
  })
  added?: DeviceRefDto[];
  @ApiPropertyOptional({ type: [DeviceRefDto], description: 'For a commit: the devices it declared it removes' })
  removed?: DeviceRefDto[];
}

export class MlsMessagesDto {
  @ApiProperty({ type: [MlsMessageDto] }) items: MlsMessageDto[];
}

export class StoredDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty() epoch: number;
  @ApiProperty({ description: 'false when this client message id was stored before (a retry)' }) created: boolean;
}

export class MlsThreadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() epoch: number;
  @ApiProperty() lastSeq: number;
  @ApiProperty({ enum: ['admin', 'member'] }) role: string;
  @ApiProperty({ nullable: true, type: String }) linkedType: string | null;
  @ApiProperty({ nullable: true, type: String }) linkedId: string | null;
  @ApiProperty({ nullable: true, type: Number }) retentionDays: number | null;
  @ApiProperty() createdAt: string;
}

export class MlsThreadSummaryDto extends MlsThreadDto {
  @ApiProperty() unread: number;
  @ApiProperty() lastReadSeq: number;
  @ApiProperty() memberCount: number;
  @ApiProperty({ nullable: true, type: String }) lastMessageAt: string | null;
}

export class MlsThreadListDto {
  @ApiProperty({ type: [MlsThreadSummaryDto] }) items: MlsThreadSummaryDto[];
}

export class MlsMemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ['admin', 'member'] }) role: string;
  @ApiProperty({ type: [String] }) devices: string[];
  @ApiProperty({
    type: [String],
    description: 'Devices that left or were removed (a person’s own browsers do not add these back)',
  })
  leftDevices: string[];
}

export class MlsRoleDto {
  @ApiProperty({ enum: ['admin', 'member'], description: 'Admins add and remove people and change roles' })
  @IsIn(['admin', 'member'])
  role: 'admin' | 'member';
}

export class MlsThreadDetailDto extends MlsThreadDto {
  @ApiProperty({ type: [MlsMemberDto] }) members: MlsMemberDto[];
}

export class WelcomeDto {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty() epoch: number;
  @ApiProperty({ description: 'The MLS Welcome (base64url)' }) body: string;
}

export class WelcomesDto {
  @ApiProperty({ type: [WelcomeDto] }) items: WelcomeDto[];
}

export class ReadPositionDto {
  @ApiProperty() lastReadSeq: number;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ description: 'Bytes of ciphertext' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the ciphertext, base64url' }) sha256: string;
  @ApiProperty() createdAt: string;
}
