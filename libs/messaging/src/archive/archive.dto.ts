import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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

export class ArchiveChunkDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) fromSeq: number;
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) toSeq: number;

  @ApiProperty({ description: 'XChaCha20-Poly1305 nonce (24 bytes, base64url)' })
  @Length(32, 32)
  @Matches(B64URL, b64Message('nonce'))
  nonce: string;

  @ApiProperty({ description: 'The sealed messages (base64url)' })
  @MaxLength(240_000)
  @Matches(B64URL, b64Message('ciphertext'))
  ciphertext: string;
}

export class SaveArchiveChunksDto {
  @ApiProperty({ type: [ArchiveChunkDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ArchiveChunkDto)
  chunks: ArchiveChunkDto[];
}

export class ArchivePageQueryDto {
  @ApiPropertyOptional({ description: 'From the previous page’s nextCursor' })
  @IsOptional()
  @MaxLength(80)
  @Matches(/^[0-9a-f-]{36}:\d{1,16}$/, { message: 'cursor is the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}

export class ArchivePageDto {
  @ApiProperty({ type: [ArchiveChunkDto] }) items: ArchiveChunkDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ArchiveSavedDto {
  @ApiProperty({ description: 'Characters of ciphertext stored for you now' }) storedChars: number;
}
