import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { MessagingError } from '../errors.js';
import { BackupDto, SaveBackupDto, toBackupDto } from './keys.dto.js';
import { KeysService } from './keys.service.js';

const MAX_BACKUP_BYTES = 192 * 1024;

/** Each person's key backup: sealed by their devices under the 24 words, opaque to the server. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Get('me/backup')
  @ApiOperation({ summary: 'Get my key backup' })
  @ApiOkResponse({ type: BackupDto })
  async backup(@CurrentUser() user: AuthenticatedUser): Promise<BackupDto> {
    return toBackupDto(await this.keys.backup(user.id));
  }

  @Put('me/backup')
  @ApiOperation({ summary: 'Save my key backup' })
  @HttpCode(200)
  @ApiOkResponse({ type: BackupDto })
  async saveBackup(@CurrentUser() user: AuthenticatedUser, @Body() dto: SaveBackupDto): Promise<BackupDto> {
    const blob = dto.blob;
    const problems: string[] = [];
    if (blob.version !== 2) problems.push('version must be 2');
    if (blob.userId !== user.id) problems.push('userId must be your own');
    if (!['salt', 'wrapNonce', 'wrappedKey'].every((k) => typeof blob[k] === 'string'))
      problems.push('salt, wrapNonce and wrappedKey must be base64url');
    if (typeof blob.nonce !== 'string' || typeof blob.ciphertext !== 'string')
      problems.push('nonce and ciphertext must be base64url');
    if (problems.length > 0)
      throw new MessagingError('keys_invalid', 'This is not a key backup.', [{ field: 'blob', reasons: problems }]);
    if (JSON.stringify(blob).length > MAX_BACKUP_BYTES)
      throw new MessagingError('backup_too_large', `A key backup holds at most ${MAX_BACKUP_BYTES} bytes.`);
    return toBackupDto(await this.keys.saveBackup(user.id, blob, dto.expectedVersion));
  }
}
