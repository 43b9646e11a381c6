import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsObject, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { KeyBackup } from './key-backup.entity.js';
import type { UserKey } from './user-key.entity.js';

export const B64URL = /^[A-Za-z0-9_-]+$/;
export const b64Message = (what: string) => ({ message: `${what} must be base64url without padding` });

export class PublishKeysDto {
  @ApiProperty({ description: 'Ed25519 public key (32 bytes, base64url)' })
  @MaxLength(64)
  @Matches(B64URL, b64Message('signPublicKey'))
  signPublicKey: string;

  @ApiProperty({ description: 'X-Wing public key (1216 bytes, base64url)' })
  @MaxLength(2000)
  @Matches(B64URL, b64Message('encPublicKey'))
  encPublicKey: string;

  @ApiProperty({ description: 'Ed25519 signature of the canonical (liaison/v1/identity, userId, sign key, KEM key)' })
  @MaxLength(128)
  @Matches(B64URL, b64Message('selfSignature'))
  selfSignature: string;
}

export class KeyDto {
  @ApiProperty() version: number;
  @ApiProperty() signPublicKey: string;
  @ApiProperty() encPublicKey: string;
  @ApiProperty() selfSignature: string;
  @ApiProperty({ description: 'SHA-256 of both public keys (base64url); clients compute it themselves' })
  fingerprint: string;
  @ApiProperty() createdAt: string;
}

export class UserKeysDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: KeyDto }) current: KeyDto;
  @ApiProperty({ type: [KeyDto], description: 'Earlier identities, newest first' }) history: KeyDto[];
}

export class KeyLookupDto {
  @ApiProperty({ description: 'Comma-separated user ids (at most 200)', example: 'uuid,uuid' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'userIds must be user ids' })
  userIds: string[];
}

export class CurrentKeysDto {
  @ApiProperty({ type: [UserKeysDto], description: 'Users without published keys are left out' })
  items: { userId: string; current: KeyDto }[];
}

export class SaveBackupDto {
  @ApiProperty({
    description: 'The encrypted backup (version, userId, wraps, nonce, ciphertext); opaque to the server',
  })
  @IsObject()
  blob: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The version last read (0 when there was none)', default: 0 })
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  expectedVersion: number = 0;
}

export class BackupDto {
  @ApiProperty() blob: Record<string, unknown>;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
}

export const toKeyDto = (k: UserKey): KeyDto => ({
  version: k.version,
  signPublicKey: k.signPublicKey,
  encPublicKey: k.encPublicKey,
  selfSignature: k.selfSignature,
  fingerprint: k.fingerprint,
  createdAt: new Date(k.createdAt).toISOString(),
});

export const toBackupDto = (b: KeyBackup): BackupDto => ({
  blob: b.blob,
  version: b.version,
  updatedAt: new Date(b.updatedAt).toISOString(),
});
