import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditService } from '@liaison/audit';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { MessagingError } from '../errors.js';
import {
  BackupDto,
  CurrentKeysDto,
  KeyLookupDto,
  PublishKeysDto,
  SaveBackupDto,
  toBackupDto,
  toKeyDto,
  UserKeysDto,
} from './keys.dto.js';
import { KeysService } from './keys.service.js';

const MAX_BACKUP_BYTES = 192 * 1024;

/** The key directory: anyone signed in reads public keys; each user publishes and backs up their own. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

  @Put('me')
  @HttpCode(200)
  @ApiOkResponse({ type: UserKeysDto })
  async publish(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: PublishKeysDto,
    @Req() req: Request,
  ): Promise<UserKeysDto> {
    const { changed } = await this.keys.publish(user.id, dto);
    if (changed)
      await this.audit.record({
        action: 'keys.identity.reset',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip: req.ip ?? null,
      });
    return this.read(user.id);
  }

  @Get('me/backup')
  @ApiOkResponse({ type: BackupDto })
  async backup(@CurrentUser() user: AuthenticatedUser): Promise<BackupDto> {
    return toBackupDto(await this.keys.backup(user.id));
  }

  @Put('me/backup')
  @HttpCode(200)
  @ApiOkResponse({ type: BackupDto })
  async saveBackup(@CurrentUser() user: AuthenticatedUser, @Body() dto: SaveBackupDto): Promise<BackupDto> {
    const blob = dto.blob;
    const problems: string[] = [];
    if (blob.version !== 1 && blob.version !== 2) problems.push('version must be 1 or 2');
    if (blob.userId !== user.id) problems.push('userId must be your own');
    // Version 1 wraps its data key for the recovery key and a passphrase; version 2 (MLS) for the words only.
    if (blob.version === 1 && (!Array.isArray(blob.wraps) || blob.wraps.length === 0))
      problems.push('wraps must list the key wraps');
    if (blob.version === 2 && !['salt', 'wrapNonce', 'wrappedKey'].every((k) => typeof blob[k] === 'string'))
      problems.push('salt, wrapNonce and wrappedKey must be base64url');
    if (typeof blob.nonce !== 'string' || typeof blob.ciphertext !== 'string')
      problems.push('nonce and ciphertext must be base64url');
    if (problems.length > 0)
      throw new MessagingError('keys_invalid', 'This is not a key backup.', [{ field: 'blob', reasons: problems }]);
    if (JSON.stringify(blob).length > MAX_BACKUP_BYTES)
      throw new MessagingError('backup_too_large', `A key backup holds at most ${MAX_BACKUP_BYTES} bytes.`);
    return toBackupDto(await this.keys.saveBackup(user.id, blob, dto.expectedVersion));
  }

  /** Current keys of several users (for starting a thread or adding members). */
  @Get()
  @ApiOkResponse({ type: CurrentKeysDto })
  async lookup(@Query() query: KeyLookupDto): Promise<CurrentKeysDto> {
    const current = await this.keys.currentOf(query.userIds);
    return { items: [...current.values()].map((k) => ({ userId: k.userId, current: toKeyDto(k) })) };
  }

  @Get(':userId')
  @ApiOkResponse({ type: UserKeysDto })
  async get(@Param('userId', new ParseUUIDPipe()) userId: string): Promise<UserKeysDto> {
    return this.read(userId);
  }

  private async read(userId: string): Promise<UserKeysDto> {
    const [current, ...history] = await this.keys.history(userId);
    if (!current) throw new MessagingError('keys_not_found', 'This user has not set up encryption yet.');
    return { userId, current: toKeyDto(current), history: history.map(toKeyDto) };
  }
}
