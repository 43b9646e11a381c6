import { Controller, HttpCode, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { DirectoryError } from '../errors.js';
import { ViewerService } from '../viewer.js';
import { DirectoryTransferService, type ImportReport } from './directory-transfer.service.js';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export class ImportReportDto {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column: string; reasons: string[] }[];
}

/**
 * Importing contacts from CSV. The operationId is the one it had in ContactsController, before the
 * contacts' routes were split by feature, so the API's contract stays the same.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactImportController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly transfer: DirectoryTransferService,
  ) {}

  /** CSV import: `dryRun=true` checks and reports; otherwise all rows are applied, or none. */
  @Post('import')
  @ApiOperation({ summary: 'Import contacts', operationId: 'ContactsController_import' })
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOkResponse({ type: ImportReportDto })
  async import(
    @CurrentUser() user: AuthenticatedUser,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Req() req: Request,
  ): Promise<ImportReport> {
    const viewer = await this.viewers.resolve(user);
    if (!file)
      throw new DirectoryError('invalid_csv', 'Attach the CSV file as the "file" field of a multipart form.', [
        { field: 'file', reasons: ['file is required'] },
      ]);
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw new DirectoryError('invalid_csv', 'dryRun must be true or false.', [
        { field: 'dryRun', reasons: ['dryRun must be true or false'] },
      ]);
    return this.transfer.import(viewer, file.buffer, dryRun === 'true', req.ip ?? null);
  }
}
