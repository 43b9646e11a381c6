import { Body, Controller, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { ArchivePageDto, ArchivePageQueryDto, ArchiveSavedDto, SaveArchiveChunksDto } from './archive.dto.js';
import { ArchiveService } from './archive.service.js';

/**
 * Each person's own history archive (protocol v2): chunks their devices seal under the archive
 * key of their backup, so a new device (restored with the 24 words) reads the history. Only the
 * owner reads or writes their chunks; the server cannot open them.
 */
@ApiTags('archive')
@ApiBearerAuth()
@Controller('archive')
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Put('chunks')
  @ApiOperation({ summary: 'Save archive chunks' })
  @HttpCode(200)
  @ApiOkResponse({ type: ArchiveSavedDto })
  async save(@CurrentUser() user: AuthenticatedUser, @Body() dto: SaveArchiveChunksDto): Promise<ArchiveSavedDto> {
    return { storedChars: await this.archive.save(user.id, dto.chunks) };
  }

  @Get('chunks')
  @ApiOperation({ summary: 'List archive chunks' })
  @ApiOkResponse({ type: ArchivePageDto })
  page(@CurrentUser() user: AuthenticatedUser, @Query() query: ArchivePageQueryDto): Promise<ArchivePageDto> {
    return this.archive.page(user.id, query.cursor, query.limit);
  }
}
