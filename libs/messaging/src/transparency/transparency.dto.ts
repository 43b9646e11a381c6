import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { B64URL, b64Message } from '../keys/keys.dto.js';

/** A device id chosen by the client: short, plain and stable. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;
const deviceIdMessage = { message: 'deviceId is 8 to 64 letters, digits, "-" or "_"' };

export class PublishIdentityDto {
  @ApiProperty({ description: 'Ed25519 identity public key (32 bytes, base64url)' })
  @MaxLength(64)
  @Matches(B64URL, b64Message('identityKey'))
  identityKey: string;

  @ApiPropertyOptional({ nullable: true, description: 'The identity key this one follows (a succession)' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @MaxLength(64)
  @Matches(B64URL, b64Message('previousKey'))
  previousKey?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'The previous key’s signature over (liaison/v2/succession, userId, previousKey, identityKey)',
  })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @MaxLength(128)
  @Matches(B64URL, b64Message('succession'))
  succession?: string | null;
}

export class PublishDeviceDto {
  @ApiProperty({ example: 'browser-7f3a9c21' })
  @Matches(DEVICE_ID, deviceIdMessage)
  deviceId: string;

  @ApiProperty({ description: 'The device’s Ed25519 signature key (its MLS leaf key)' })
  @MaxLength(64)
  @Matches(B64URL, b64Message('signatureKey'))
  signatureKey: string;

  @ApiProperty({ description: 'The identity key that certified the device (the current one)' })
  @MaxLength(64)
  @Matches(B64URL, b64Message('identityKey'))
  identityKey: string;

  @ApiProperty({ description: 'Signature of (liaison/v2/device, userId, deviceId, signatureKey, identityKey)' })
  @MaxLength(128)
  @Matches(B64URL, b64Message('certificate'))
  certificate: string;
}

export class RevokeDeviceDto {
  @ApiProperty()
  @MaxLength(64)
  @Matches(B64URL, b64Message('identityKey'))
  identityKey: string;

  @ApiProperty({ description: 'Signature of (liaison/v2/device-revoked, userId, deviceId, identityKey)' })
  @MaxLength(128)
  @Matches(B64URL, b64Message('signature'))
  signature: string;
}

export class HeadQueryDto {
  @ApiPropertyOptional({ description: 'The size of the head the client holds: the answer proves consistency with it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  knownSize?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2_000_000_000) from: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2_000_000_000) to: number;
}

export class ConsistencyDto {
  @ApiProperty({ type: [String], description: 'RFC 9162 consistency proof from `from` to `to`' }) proof: string[];
}

export class EntriesQueryDto {
  @ApiPropertyOptional({ description: 'Prove inclusion in the tree of this size (default: the latest head)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  size?: number;
}

export class SignedHeadDto {
  @ApiProperty() size: number;
  @ApiProperty({ description: 'RFC 9162 tree hash (base64url)' }) root: string;
  @ApiProperty({ description: 'Milliseconds since 1970' }) issuedAt: number;
  @ApiProperty({ description: 'The log key’s signature of (liaison/v2/log-head, size, root, issuedAt)' })
  signature: string;
}

export class LogKeyDto {
  @ApiProperty({ description: 'The Ed25519 key that signs the log’s heads' }) logKey: string;
}

export class HeadDto {
  @ApiProperty({ type: SignedHeadDto, nullable: true }) head: SignedHeadDto | null;
  @ApiProperty({
    type: [String],
    description: 'RFC 9162 consistency proof between knownSize and the head (empty when not asked or equal)',
  })
  consistency: string[];
}

export class LogEntryDto {
  @ApiProperty() position: number;
  @ApiProperty({ enum: ['identity', 'device', 'revocation'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) deviceId: string | null;
  @ApiProperty({ description: 'The record’s fields (base64url)', type: 'object', additionalProperties: true })
  record: Record<string, string | null>;
  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion proof in the tree of the answer’s head' })
  proof: string[];
}

export class LogEntriesDto {
  @ApiProperty({ type: SignedHeadDto, nullable: true }) head: SignedHeadDto | null;
  @ApiProperty({ type: [LogEntryDto] }) items: LogEntryDto[];
}

export class AppendedDto {
  @ApiProperty() position: number;
  @ApiProperty({ type: SignedHeadDto }) head: SignedHeadDto;
}

export class UploadKeyPackagesDto {
  @ApiProperty({ type: [String], description: 'MLSMessage-wrapped KeyPackages (base64url), at most 50' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @MaxLength(8192, { each: true })
  @Matches(B64URL, { each: true, message: 'keyPackages must be base64url without padding' })
  keyPackages: string[];
}

export class KeyPackageCountDto {
  @ApiProperty({ description: 'KeyPackages of this device not yet handed out' }) available: number;
}

export class WantedDeviceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
  @ApiProperty() @Matches(DEVICE_ID, { message: 'deviceId is 8 to 64 letters, digits, "-" or "_"' }) deviceId: string;
}

export class ClaimKeyPackagesDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'userIds must be user ids' })
  userIds: string[];

  @ApiPropertyOptional({
    type: [WantedDeviceDto],
    description:
      'Only these devices of the people listed (the ones the caller will add); without it, one KeyPackage for every current device of each person',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000) // 50 people with at most 20 current devices each
  @ValidateNested({ each: true })
  @Type(() => WantedDeviceDto)
  devices?: WantedDeviceDto[];
}

export class ClaimedKeyPackageDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() deviceId: string;
  @ApiProperty() keyPackage: string;
}

export class ClaimedKeyPackagesDto {
  @ApiProperty({ type: [ClaimedKeyPackageDto] }) items: ClaimedKeyPackageDto[];
  @ApiProperty({ type: [String], description: 'People with no device that has a KeyPackage left' })
  withoutKeyPackages: string[];
}
