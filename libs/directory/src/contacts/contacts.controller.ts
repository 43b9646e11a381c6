import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, asDownload, type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { DesignationRecords } from '../designations/designation-records.js';
import { toDesignationDto } from '../designations/designations.dto.js';
import { FreshnessService } from '../freshness/freshness.service.js';
import { MandatesService } from '../mandates/mandates.service.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import { toVCard, vcardFileName } from '../transfer/vcard.js';
import { type Viewer, ViewerService } from '../viewer.js';
import type { Contact } from './contact.entity.js';
import { ContactEditingService } from './contact-editing.service.js';
import { ContactDetailDto, CreateContactDto, toSummary, UpdateContactDto } from './contacts.dto.js';
import { ContactsService } from './contacts.service.js';

/** One contact's entry: reading it (as JSON or a vCard), adding, editing and re-confirming it. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactsController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly contacts: ContactsService,
    private readonly editing: ContactEditingService,
    private readonly designations: DesignationRecords,
    private readonly freshness: FreshnessService,
    private readonly mandates: MandatesService,
    private readonly config: AppConfig,
  ) {}

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
    const mandateNames = await this.mandates.names();
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
    const contact = await this.editing.create(viewer, dto, req.ip ?? null);
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
    const contact = await this.editing.update(viewer, id, dto, req.ip ?? null);
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
    const contact = await this.editing.confirm({ viewer, ip: req.ip ?? null }, id);
    return this.reload(viewer, contact);
  }

  private async reload(viewer: Viewer, contact: Contact): Promise<ContactDetailDto> {
    const organisation = await this.contacts.organisationOf(contact);
    return this.detail(contact, organisation, this.contacts.rights(viewer, contact), viewer);
  }

  private async detail(
    contact: Contact,
    organisation: Organisation,
    rights: ContactDetailDto['rights'],
    viewer: Viewer,
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
