import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { asDownload, type AuthenticatedUser, CurrentUser } from '@liaison/core';
import type { Contact } from '../contacts/contact.entity.js';
import { ContactQueryDto, filtersOf } from '../contacts/contacts.dto.js';
import { MandatesService } from '../mandates/mandates.service.js';
import { type Viewer, ViewerService } from '../viewer.js';
import { contactCsvLine, contactsCsvHeader } from './contacts-csv.js';
import { DirectoryTransferService, type ExportRow } from './directory-transfer.service.js';
import { toVCard } from './vcard.js';

/**
 * Exports of the contacts a search finds, as vCards or as CSV in the import format. The
 * operationIds are those they had in ContactsController, before the contacts' routes were split by
 * feature, so the API's contract stays the same.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactExportController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly transfer: DirectoryTransferService,
    private readonly mandates: MandatesService,
  ) {}

  @Get('contacts.vcf')
  @ApiOperation({ summary: 'Export contacts as vCards', operationId: 'ContactsController_vcards' })
  @ApiProduces('text/vcard')
  @ApiOkResponse({ description: 'Every matching contact (at most 10 000) as vCard 4.0' })
  async vcards(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ContactQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    const mandateNames = await this.mandates.names();
    asDownload(res, 'text/vcard', 'liaison-contacts.vcf');
    await this.stream(res, viewer, query, 'vcard', req.ip ?? null, (row) =>
      toVCard({
        ...row,
        phones: row.phones as Contact['phones'],
        mandates: row.mandates.map((m) => mandateNames.get(m) ?? m),
      }),
    );
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'Export the directory as CSV', operationId: 'ContactsController_exportCsv' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every matching contact (at most 10 000) as CSV, in the import format' })
  async exportCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ContactQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    asDownload(res, 'text/csv', 'liaison-contacts.csv');
    // A byte-order mark, so spreadsheet programs read names in any script correctly.
    res.write('\uFEFF' + contactsCsvHeader());
    await this.stream(res, viewer, query, 'csv', req.ip ?? null, (row) => contactCsvLine(row as never));
  }

  /**
   * Writes batches as they come, waiting for the socket to drain: memory stays flat whatever the
   * size. The export is audited whatever happens, with the rows written and whether it completed:
   * a client that stops reading part-way (or a failing batch) ends it, it does not hide it.
   */
  private async stream(
    res: Response,
    viewer: Viewer,
    query: ContactQueryDto,
    format: string,
    ip: string | null,
    render: (row: ExportRow) => string,
  ): Promise<void> {
    let count = 0;
    let restricted = 0;
    let completed = false;
    try {
      for await (const batch of this.transfer.exportRows(viewer, filtersOf(query))) {
        if (res.destroyed) break;
        count += batch.length;
        restricted += batch.filter((r) => r.visibility !== 'network').length;
        if (!res.write(batch.map(render).join(''))) await drainedOrClosed(res);
      }
      completed = !res.destroyed;
    } finally {
      await this.transfer.auditExport(viewer, format, count, restricted, filtersOf(query), ip, completed);
    }
    res.end();
  }
}

/** Resolves when the response can take more, or when its connection has closed. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
