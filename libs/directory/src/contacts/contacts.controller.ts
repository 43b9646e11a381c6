import { createHash } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, type AuthenticatedUser, CurrentUser, DEFAULT_PAGE_SIZE } from '@liaison/core';
import { DesignationsService } from '../designations/designations.service.js';
import { DirectoryError } from '../errors.js';
import { FreshnessService } from '../freshness/freshness.service.js';
import { MandatesService } from '../mandates/mandates.service.js';
import { Organisation } from '../organisations/organisation.entity.js';
import type { ContactSearchFilters } from '../search/contact-search.sql.js';
import { contactCsvLine, contactsCsvHeader } from '../transfer/contacts-csv.js';
import { DirectoryTransferService, type ExportRow, type ImportReport } from '../transfer/directory-transfer.service.js';
import { toVCard, vcardFileName } from '../transfer/vcard.js';
import { ViewerService } from '../viewer.js';
import {
  ContactDetailDto,
  ContactHistoryDto,
  ContactPageDto,
  ContactQueryDto,
  CreateContactDto,
  HandoverDto,
  HandoverResultDto,
  toSummary,
  toSummaryFromRow,
  UpdateContactDto,
} from './contacts.dto.js';
import { type ContactSearchResult, ContactsService } from './contacts.service.js';
import { toDesignationDto } from '../designations/designations.dto.js';
import type { Contact } from './contact.entity.js';
import { asDownload } from '@liaison/core';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export class ImportReportDto {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column: string; reasons: string[] }[];
}

/** A page of search results as sent. */
interface SearchPage {
  json: Buffer;
  etag: string;
}

const filtersOf = (query: ContactQueryDto): Omit<ContactSearchFilters, 'page' | 'limit'> => ({
  q: query.q,
  countries: query.country,
  regions: query.region,
  kinds: query.kind,
  mandates: query.mandate,
  languages: query.language,
  expertise: query.expertise,
  statuses: query.status,
  designated: query.designated,
});

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactsController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly contacts: ContactsService,
    private readonly designations: DesignationsService,
    private readonly freshness: FreshnessService,
    private readonly transfer: DirectoryTransferService,
    private readonly mandates: MandatesService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Contacts by name (any script; typos, accents and transliteration tolerated), organisation,
   * position and expertise, with filters and facet counts; only what the caller may see.
   */
  @Get('contacts')
  @ApiOperation({ summary: 'Search contacts' })
  @ApiOkResponse({ type: ContactPageDto })
  async search(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ContactQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    const result = await this.contacts.search(
      viewer,
      { ...filtersOf(query), page: query.page ?? 1, limit: query.limit ?? DEFAULT_PAGE_SIZE },
      req.ip ?? null,
    );
    const page = this.page(result);
    res.type('application/json').setHeader('ETag', page.etag);
    res.send(page.json);
  }

  /** The page as JSON and its ETag (a client holding the same page gets 304). */
  private page(result: ContactSearchResult): SearchPage {
    const items = result.items ?? [];
    const empty = { country: {}, region: {}, kind: {}, mandate: {}, language: {}, expertise: {}, status: {} };
    const body: ContactPageDto = {
      total: result.total,
      items: items.map((row) => ({
        ...toSummaryFromRow(row, this.config.confirmAfterDays),
        highlights: result.highlights[row.id],
      })),
      facets: Object.fromEntries(
        Object.keys(empty).map((k) => [k, result.facets?.[k as keyof typeof empty] ?? {}]),
      ) as unknown as ContactPageDto['facets'],
    };
    const json = Buffer.from(JSON.stringify(body));
    return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
  }

  @Get('contacts.vcf')
  @ApiOperation({ summary: 'Export contacts as vCards' })
  @ApiProduces('text/vcard')
  @ApiOkResponse({ description: 'Every matching contact (at most 10 000) as vCard 4.0' })
  async vcards(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ContactQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    const mandateNames = await this.mandateNames();
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
  @ApiOperation({ summary: 'Export the directory as CSV' })
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

  /** Writes batches as they come, waiting for the socket to drain: memory stays flat whatever the size. */
  private async stream(
    res: Response,
    viewer: Awaited<ReturnType<ViewerService['resolve']>>,
    query: ContactQueryDto,
    format: string,
    ip: string | null,
    render: (row: ExportRow) => string,
  ): Promise<void> {
    let count = 0;
    let restricted = 0;
    for await (const batch of this.transfer.exportRows(viewer, filtersOf(query))) {
      count += batch.length;
      restricted += batch.filter((r) => r.visibility !== 'network').length;
      if (!res.write(batch.map(render).join(''))) await new Promise((resolve) => res.once('drain', resolve));
    }
    await this.transfer.auditExport(viewer, format, count, restricted, filtersOf(query), ip);
    res.end();
  }

  @Get('contacts/:id')
  @ApiOperation({ summary: 'Get a contact' })
  @ApiOkResponse({ type: ContactDetailDto })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<ContactDetailDto> {
    const viewer = await this.viewers.resolve(user);
    const { contact, organisation, rights } = await this.contacts.view(viewer, id, req.ip ?? null);
    return this.detail(contact, organisation, rights, viewer);
  }

  @Get('contacts/:id/vcard')
  @ApiOperation({ summary: "Get a contact's vCard" })
  @ApiProduces('text/vcard')
  @ApiOkResponse({ description: 'vCard 4.0' })
  async vcard(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    const { contact, organisation } = await this.contacts.view(viewer, id, req.ip ?? null);
    const mandateNames = await this.mandateNames();
    asDownload(res, 'text/vcard', vcardFileName(contact.fullName));
    res.send(
      toVCard({
        ...contact,
        organisationName: organisation.name,
        mandates: contact.mandates.map((m) => mandateNames.get(m) ?? m),
      }),
    );
  }

  @Post('contacts')
  @ApiOperation({ summary: 'Create a contact' })
  @ApiCreatedResponse({ type: ContactDetailDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreateContactDto,
    @Req() req: Request,
  ): Promise<ContactDetailDto> {
    const viewer = await this.viewers.resolve(user);
    const contact = await this.contacts.create(viewer, dto, req.ip ?? null);
    return this.reload(viewer, contact);
  }

  @Patch('contacts/:id')
  @ApiOperation({ summary: 'Update a contact' })
  @ApiOkResponse({ type: ContactDetailDto })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateContactDto,
    @Req() req: Request,
  ): Promise<ContactDetailDto> {
    const viewer = await this.viewers.resolve(user);
    const contact = await this.contacts.update(viewer, id, dto, req.ip ?? null);
    return this.reload(viewer, contact);
  }

  /** The contact (or an admin) says the entry is still correct. */
  @Post('contacts/:id/confirm')
  @ApiOperation({ summary: "Confirm a contact's details" })
  @HttpCode(200)
  @ApiOkResponse({ type: ContactDetailDto })
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<ContactDetailDto> {
    const viewer = await this.viewers.resolve(user);
    const contact = await this.contacts.confirm({ viewer, ip: req.ip ?? null }, id);
    return this.reload(viewer, contact);
  }

  @Get('contacts/:id/history')
  @ApiOperation({ summary: "Get a contact's history" })
  @ApiOkResponse({ type: ContactHistoryDto })
  async history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ContactHistoryDto> {
    const viewer = await this.viewers.resolve(user);
    const items = await this.contacts.history(viewer, id);
    return {
      items: items.map((c) => ({
        id: c.id,
        actorId: c.actorId,
        action: c.action,
        changes: c.changes,
        at: c.at.toISOString(),
      })),
    };
  }

  /** "I have left": the contact departs and their designations are proposed for a successor. */
  @Post('contacts/:id/handover')
  @ApiOperation({ summary: 'Hand a contact over to a successor' })
  @HttpCode(200)
  @ApiOkResponse({ type: HandoverResultDto })
  async handover(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: HandoverDto,
    @Req() req: Request,
  ): Promise<HandoverResultDto> {
    const viewer = await this.viewers.resolve(user);
    const result = await this.contacts.transaction((manager) =>
      this.designations.handover({ viewer, ip: req.ip ?? null }, id, dto, manager),
    );
    return {
      departedId: result.departed.id,
      successorId: result.successorId,
      proposals: result.proposals.map(toDesignationDto),
    };
  }

  /** CSV import: `dryRun=true` checks and reports; otherwise all rows are applied, or none. */
  @Post('import')
  @ApiOperation({ summary: 'Import contacts' })
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

  private async mandateNames(): Promise<Map<string, string>> {
    return new Map((await this.mandates.list(true)).map((m) => [m.code, m.name]));
  }

  private async reload(
    viewer: Awaited<ReturnType<ViewerService['resolve']>>,
    contact: Contact,
  ): Promise<ContactDetailDto> {
    const organisation = await this.contacts.organisationOf(contact);
    return this.detail(contact, organisation, this.contacts.rights(viewer, contact), viewer);
  }

  private async detail(
    contact: Contact,
    organisation: Organisation,
    rights: ContactDetailDto['rights'],
    viewer: Awaited<ReturnType<ViewerService['resolve']>>,
  ): Promise<ContactDetailDto> {
    const designations = await this.designations.list(viewer, { contactId: contact.id });
    return {
      ...toSummary(contact, organisation, this.config.confirmAfterDays),
      version: contact.version,
      designations: designations.map(toDesignationDto),
      rights,
      confirmationOpen: rights.confirm ? await this.freshness.openFor(contact.id) : false,
    };
  }
}
