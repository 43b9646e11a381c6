import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, Max, Min } from 'class-validator';
import type { KeyBackup } from './key-backup.entity.js';

export const B64URL = /^[A-Za-z0-9_-]+$/;
export const b64Message = (what: string) => ({ message: `${what} must be base64url without padding` });

export class SaveBackupDto {
  @ApiProperty({
    description:
      'The sealed backup (version 2: userId, salt, wrapNonce, wrappedKey, nonce, ciphertext); opaque to the server',
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

export const toBackupDto = (b: KeyBackup): BackupDto => ({
  blob: b.blob,
  version: b.version,
  updatedAt: new Date(b.updatedAt).toISOString(),
});
