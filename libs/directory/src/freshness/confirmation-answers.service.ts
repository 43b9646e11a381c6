import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Contact } from '../contacts/contact.entity.js';
import { changesBetween } from '../contacts/contact-changes.js';
import { ContactEditingService } from '../contacts/contact-editing.service.js';
import { normaliseContact, type ContactFields } from '../contacts/contact-input.js';
import { DesignationHandoverService } from '../designations/designation-handover.service.js';
import { DesignationRecords, type DesignationWithContact } from '../designations/designation-records.js';
import { invalidContact } from '../errors.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import { LAW_ENFORCEMENT_KINDS } from '../viewer.js';
import type { ConfirmationRequest } from './confirmation-request.entity.js';
import { type ColleagueRow, FreshnessRepository } from './freshness.repository.js';
import { FreshnessService } from './freshness.service.js';

/** What a confirmation link's page shows. */
export interface ConfirmationView {
  request: ConfirmationRequest;
  contact: Contact;
  organisation: Organisation;
  designations: DesignationWithContact[];
  /** Active colleagues who could take over. */
  colleagues: ColleagueRow[];
}

/** Who answers through a link: nobody signed in, the token is the authority. */
const byLink = (ip: string | null) => ({ viewer: null, ip, via: 'confirmation link' });

/**
 * Answers to re-confirmation requests through the one-click link: each checks the link's token
 * and answers the request in the same transaction as the change it makes to the entry (recorded
 * in the contact's history and the audit log).
 */
@Injectable()
export class ConfirmationAnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly freshness: FreshnessService,
    private readonly requests: FreshnessRepository,
    private readonly editing: ContactEditingService,
    private readonly records: DesignationRecords,
    private readonly handovers: DesignationHandoverService,
  ) {}

  inspect(token: string): Promise<ConfirmationView> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, token);
      const contact = await this.requests.contact(manager, request.contactId);
      const organisation = await this.requests.organisation(manager, contact.organisationId);
      const designations = await this.records.forContact(manager, contact.id);
      // Only the colleagues this person sees in the directory (a secretariat-only entry stays hidden).
      const levels = LAW_ENFORCEMENT_KINDS.includes(organisation.kind) ? ['network', 'law_enforcement'] : ['network'];
      const colleagues = await this.requests.colleagues(manager, contact.organisationId, contact.id, levels);
      return { request, contact, organisation, designations, colleagues };
    });
  }

  /** The entry is still correct. */
  confirm(token: string, ip: string | null): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, token);
      await this.editing.confirm(byLink(ip), request.contactId, manager);
      await this.freshness.markAnswered(manager, request.id, 'confirmed');
    });
  }

  /** The entry is correct with these changes (to fields a contact changes in their own entry). */
  update(
    token: string,
    fields: Pick<ContactFields, 'position' | 'phones' | 'languages' | 'expertise' | 'timeZone'>,
    ip: string | null,
  ): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, token);
      const { value, errors } = normaliseContact(fields);
      if (errors.length) throw invalidContact(errors.map((e) => ({ ...e, field: `fields.${e.field}` })));
      const locked = await this.requests.lockContact(manager, request.contactId);
      const previous = { ...locked } as Contact;
      const after = await this.editing.apply(manager, locked, value);
      await this.editing.recordChange(
        manager,
        locked.id,
        null,
        'updated',
        changesBetween(previous, after, Object.keys(value)),
      );
      await this.editing.confirm(byLink(ip), locked.id, manager);
      await this.freshness.markAnswered(manager, request.id, 'updated');
    });
  }

  /** "I have left": the contact departs and their designations are proposed for the successor. */
  handover(
    token: string,
    successor: Parameters<DesignationHandoverService['handover']>[2],
    ip: string | null,
  ): Promise<{ successorId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.freshness.byToken(manager, token);
      const result = await this.handovers.handover(byLink(ip), request.contactId, successor, manager);
      await this.freshness.markAnswered(manager, request.id, 'departed');
      return { successorId: result.successorId };
    });
  }
}
