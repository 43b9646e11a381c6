import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { Contact } from '../contacts/contact.entity.js';
import { ContactEditingService } from '../contacts/contact-editing.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DirectoryError } from '../errors.js';
import type { Viewer } from '../viewer.js';
import { DesignationsRepository } from './designations.repository.js';
import { type DesignationStatus } from './point-of-contact.entity.js';
import {
  type DesignationInput,
  DesignationRecords,
  type DesignationWithContact,
  describe,
  today,
} from './designation-records.js';

/**
 * Designating: the secretariat designates a point of contact at once; an org admin proposes one for
 * their organisation's contacts, for the secretariat to decide.
 */
@Injectable()
export class DesignatingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
    private readonly editing: ContactEditingService,
    private readonly designations: DesignationsRepository,
    private readonly records: DesignationRecords,
  ) {}

  async designate(viewer: Viewer, input: DesignationInput, ip: string | null): Promise<DesignationWithContact> {
    return this.dataSource.transaction(async (manager) => {
      const contact = await this.contacts.getVisible(viewer, input.contactId, manager);
      const mayPropose = viewer.orgAdmin && viewer.organisationId === contact.organisationId;
      if (!viewer.secretariat && !mayPropose)
        throw new DirectoryError(
          'not_allowed',
          'Only the secretariat designates; an organisation’s admins propose for its contacts.',
        );
      await this.check(manager, contact, input);
      const status: DesignationStatus = viewer.secretariat ? 'active' : 'proposed';
      const validFrom = input.validFrom ?? today();
      if (status === 'active') {
        await this.records.refuseOverlap(manager, input, validFrom, input.validTo ?? null);
        if (input.replacesId) await this.records.endReplaced(manager, input.replacesId, validFrom);
      }
      const created = await this.designations.insert(manager, {
        contactId: contact.id,
        mandateCode: input.mandateCode,
        scope: input.scope,
        countryCode: input.scope === 'national' ? input.countryCode! : contact.countryCode,
        organisationId: input.scope === 'organisational' ? input.organisationId! : null,
        role: input.role,
        validFrom,
        validTo: input.validTo ?? null,
        status,
        nominatingAuthority: input.nominatingAuthority.trim(),
        nominatedBy: viewer.userId,
        decidedBy: status === 'active' ? viewer.userId : null,
        decidedAt: status === 'active' ? new Date() : null,
        replacesId: input.replacesId ?? null,
        note: input.note ?? null,
        lastConfirmedAt: new Date(),
      });
      await this.records.refreshMandates(manager, [contact.id]);
      await this.editing.recordChange(
        manager,
        contact.id,
        viewer.userId,
        status === 'active' ? 'designated' : 'designation_proposed',
        {
          designation: { from: null, to: describe(created) },
        },
      );
      await this.audit.record(
        {
          action: status === 'active' ? 'directory.designation.created' : 'directory.designation.proposed',
          actorId: viewer.userId,
          targetType: 'point_of_contact',
          targetId: created.id,
          ip,
          details: describe(created),
        },
        manager,
      );
      return (await this.records.load(manager, [created.id]))[0];
    });
  }

  private async check(manager: EntityManager, contact: Contact, input: DesignationInput): Promise<void> {
    const details: { field: string; reasons: string[] }[] = [];
    if (!(await this.designations.mandateActive(manager, input.mandateCode)))
      details.push({ field: 'mandateCode', reasons: ['mandateCode must name an active mandate'] });
    if (contact.status === 'departed') details.push({ field: 'contactId', reasons: ['the contact has departed'] });
    if (input.scope === 'national') {
      if (!input.countryCode)
        details.push({ field: 'countryCode', reasons: ['a national designation names its country'] });
      else if (input.countryCode !== contact.countryCode)
        details.push({
          field: 'countryCode',
          reasons: [
            `the contact works for an organisation of ${contact.countryCode ?? 'no country'}, not ${input.countryCode}`,
          ],
        });
      if (input.organisationId)
        details.push({ field: 'organisationId', reasons: ['a national designation has no organisation'] });
    } else {
      if (!input.organisationId)
        details.push({ field: 'organisationId', reasons: ['an organisational designation names its organisation'] });
      else {
        const related = await this.designations.isOrganisationOrAncestor(
          manager,
          contact.organisationId,
          input.organisationId,
        );
        if (!related)
          details.push({
            field: 'organisationId',
            reasons: ['the contact must belong to that organisation (or one of its units)'],
          });
      }
    }
    if (input.validTo && input.validTo < (input.validFrom ?? today()))
      details.push({ field: 'validTo', reasons: ['validTo must not be before validFrom'] });
    if (input.replacesId) {
      const replaced = await this.designations.find(manager, input.replacesId);
      if (
        !replaced ||
        replaced.status !== 'active' ||
        replaced.mandateCode !== input.mandateCode ||
        replaced.scope !== input.scope
      )
        details.push({
          field: 'replacesId',
          reasons: ['replacesId must name an active designation of the same mandate and scope'],
        });
    }
    if (details.length) throw new DirectoryError('invalid_designation', 'The designation is not possible.', details);
  }
}
