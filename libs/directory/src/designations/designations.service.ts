import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { Contact } from '../contacts/contact.entity.js';
import { normaliseContact } from '../contacts/contact-input.js';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DirectoryError } from '../errors.js';
import type { Viewer } from '../viewer.js';
import { DesignationsRepository } from './designations.repository.js';
import {
  type DesignationRole,
  type DesignationScope,
  type DesignationStatus,
  type PointOfContact,
} from './point-of-contact.entity.js';

export interface DesignationInput {
  contactId: string;
  mandateCode: string;
  scope: DesignationScope;
  countryCode?: string;
  organisationId?: string;
  role: DesignationRole;
  validFrom?: string;
  validTo?: string;
  nominatingAuthority: string;
  note?: string;
  replacesId?: string;
}

export interface DesignationFilters {
  country?: string;
  mandate?: string;
  status?: DesignationStatus;
  contactId?: string;
}

export type DesignationWithContact = PointOfContact & { contactName: string; organisationName: string };

const today = () => new Date().toISOString().slice(0, 10);
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Point-of-contact designations: the secretariat designates; an org admin proposes for their
 * organisation's contacts and the secretariat decides; a handover proposal (from a departing
 * contact) is decided by the organisation's admins or the secretariat. Never two active primaries
 * for one cell at once.
 */
@Injectable()
export class DesignationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
    private readonly indexer: ContactIndexer,
    private readonly designations: DesignationsRepository,
  ) {}

  /** Designations whose contact the viewer may see; proposals only for those who decide or proposed them. */
  async list(viewer: Viewer, filters: DesignationFilters): Promise<DesignationWithContact[]> {
    return this.load(this.dataSource.manager, await this.designations.listIds(viewer, filters));
  }

  /** Active and proposed designations of one contact (for the confirmation page). */
  async forContact(manager: EntityManager, contactId: string): Promise<DesignationWithContact[]> {
    return this.load(manager, await this.designations.openIdsOf(manager, contactId));
  }

  private async load(manager: EntityManager, ids: string[]): Promise<DesignationWithContact[]> {
    if (ids.length === 0) return [];
    const found = await this.designations.withContacts(manager, ids);
    const byId = new Map(found.map((p) => [p.id, p]));
    return ids
      .map((id) => byId.get(id)!)
      .map((p) =>
        Object.assign(p, { contactName: p.contact!.fullName, organisationName: p.contact!.organisation!.name }),
      );
  }

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
        await this.refuseOverlap(manager, input, validFrom, input.validTo ?? null);
        if (input.replacesId) await this.endReplaced(manager, input.replacesId, validFrom);
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
      await this.refreshMandates(manager, [contact.id]);
      await this.contacts.recordChange(
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
      return (await this.load(manager, [created.id]))[0];
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

  /** A clear 409 naming the current primary, before the exclusion constraint would refuse it. */
  private async refuseOverlap(
    manager: EntityManager,
    input: Pick<DesignationInput, 'mandateCode' | 'scope' | 'countryCode' | 'organisationId' | 'role' | 'replacesId'>,
    validFrom: string,
    validTo: string | null,
  ): Promise<void> {
    if (input.role !== 'primary') return;
    const current = await this.designations.lockOverlappingPrimary(manager, {
      mandateCode: input.mandateCode,
      scope: input.scope,
      countryCode: input.scope === 'national' ? input.countryCode : null,
      organisationId: input.organisationId ?? null,
      validFrom,
      validTo,
      exceptId: input.replacesId ?? null,
    });
    if (current)
      throw new DirectoryError(
        'designation_overlap',
        'This cell already has an active primary point of contact for these dates; end that designation or designate with replacesId.',
        [{ field: 'replacesId', reasons: [`the current primary designation is ${current.id}`] }],
      );
  }

  private async endReplaced(manager: EntityManager, id: string, from: string): Promise<void> {
    const replaced = await this.designations.get(manager, id);
    const end = dayBefore(from) < replaced.validFrom ? replaced.validFrom : dayBefore(from);
    await this.designations.update(manager, id, { status: 'ended', validTo: end });
    await this.refreshMandates(manager, [replaced.contactId]);
    await this.contacts.recordChange(manager, replaced.contactId, null, 'designation_ended', {
      designation: { from: describe(replaced), to: { ...describe(replaced), status: 'ended', validTo: end } },
    });
  }

  async decide(
    viewer: Viewer,
    id: string,
    approve: boolean,
    reason: string | undefined,
    ip: string | null,
  ): Promise<DesignationWithContact> {
    return this.dataSource.transaction(async (manager) => {
      const proposal = await this.designations.lock(manager, id);
      if (!proposal) throw new DirectoryError('designation_not_found', 'There is no such designation.');
      const contact = await this.contacts.getVisible(viewer, proposal.contactId, manager).catch(() => {
        throw new DirectoryError('designation_not_found', 'There is no such designation.');
      });
      const orgAdminOfHandover =
        viewer.orgAdmin && viewer.organisationId === contact.organisationId && proposal.replacesId !== null;
      if (!viewer.secretariat && !orgAdminOfHandover)
        throw new DirectoryError(
          'not_allowed',
          'The secretariat decides on proposals (an organisation’s admins on its handovers).',
        );
      if (proposal.status !== 'proposed')
        throw new DirectoryError('designation_not_pending', 'This designation is not waiting for a decision.');
      if (approve) {
        const validFrom = proposal.validFrom < today() ? today() : proposal.validFrom;
        if (proposal.replacesId) {
          const replaced = await this.designations.find(manager, proposal.replacesId);
          if (replaced?.status === 'active') await this.endReplaced(manager, replaced.id, validFrom);
        }
        await this.refuseOverlap(
          manager,
          {
            ...proposal,
            countryCode: proposal.countryCode ?? undefined,
            organisationId: proposal.organisationId ?? undefined,
            replacesId: undefined,
          },
          validFrom,
          proposal.validTo,
        );
        await this.designations.update(manager, id, {
          status: 'active',
          validFrom,
          decidedBy: viewer.userId,
          decidedAt: new Date(),
          lastConfirmedAt: new Date(),
        });
      } else {
        await this.designations.update(manager, id, {
          status: 'rejected',
          decidedBy: viewer.userId,
          decidedAt: new Date(),
          note: reason ?? proposal.note,
        });
      }
      await this.refreshMandates(manager, [proposal.contactId]);
      await this.contacts.recordChange(
        manager,
        proposal.contactId,
        viewer.userId,
        approve ? 'designation_approved' : 'designation_rejected',
        {
          designation: {
            from: describe(proposal),
            to: { ...describe(proposal), status: approve ? 'active' : 'rejected' },
          },
        },
      );
      await this.audit.record(
        {
          action: approve ? 'directory.designation.approved' : 'directory.designation.rejected',
          actorId: viewer.userId,
          targetType: 'point_of_contact',
          targetId: id,
          ip,
          details: { ...describe(proposal), reason: reason ?? null },
        },
        manager,
      );
      return (await this.load(manager, [id]))[0];
    });
  }

  /** Ends an active designation today (the secretariat, or the organisation's admins for its contacts). */
  async end(viewer: Viewer, id: string, ip: string | null): Promise<DesignationWithContact> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.designations.lock(manager, id);
      if (!found) throw new DirectoryError('designation_not_found', 'There is no such designation.');
      const contact = await this.contacts.getVisible(viewer, found.contactId, manager).catch(() => {
        throw new DirectoryError('designation_not_found', 'There is no such designation.');
      });
      if (!viewer.secretariat && !(viewer.orgAdmin && viewer.organisationId === contact.organisationId))
        throw new DirectoryError(
          'not_allowed',
          'Only the secretariat and the organisation’s admins end a designation.',
        );
      if (found.status !== 'active')
        throw new DirectoryError('designation_not_pending', 'Only an active designation can be ended.');
      const end = today() < found.validFrom ? found.validFrom : today();
      await this.designations.update(manager, id, { status: 'ended', validTo: end });
      await this.refreshMandates(manager, [found.contactId]);
      await this.contacts.recordChange(manager, found.contactId, viewer.userId, 'designation_ended', {
        designation: { from: describe(found), to: { ...describe(found), status: 'ended', validTo: end } },
      });
      await this.audit.record(
        {
          action: 'directory.designation.ended',
          actorId: viewer.userId,
          targetType: 'point_of_contact',
          targetId: id,
          ip,
          details: describe(found),
        },
        manager,
      );
      return (await this.load(manager, [id]))[0];
    });
  }

  /**
   * A departing contact hands over: they are marked departed and each of their active designations
   * gets a proposal for the successor (an existing colleague, or a new entry in the same
   * organisation), decided by the organisation's admins or the secretariat.
   */
  async handover(
    actor: { viewer: Viewer | null; ip: string | null; via?: string },
    contactId: string,
    successor: {
      successorContactId?: string;
      successor?: { fullName: string; email: string; position?: string };
      note?: string;
    },
    manager: EntityManager,
  ): Promise<{ departed: Contact; successorId: string; proposals: DesignationWithContact[] }> {
    const departing = actor.viewer
      ? await this.contacts.getVisible(actor.viewer, contactId, manager)
      : await this.designations.getContact(manager, contactId);
    if (actor.viewer && !this.contacts.rights(actor.viewer, departing).confirm)
      throw new DirectoryError('not_allowed', 'Only the contact and their organisation’s admins hand over.');
    if (departing.status === 'departed')
      throw new DirectoryError('invalid_contact', 'This contact has already departed.');
    if (!successor.successorContactId === !successor.successor)
      throw new DirectoryError('invalid_contact', 'Name either a colleague in the directory or a new person.', [
        { field: 'successorContactId', reasons: ['give successorContactId or successor, not both or neither'] },
      ]);
    let successorId: string;
    if (successor.successorContactId) {
      const next = await this.designations.findContact(manager, successor.successorContactId);
      if (
        !next ||
        next.organisationId !== departing.organisationId ||
        next.id === departing.id ||
        next.status === 'departed'
      )
        throw new DirectoryError(
          'invalid_contact',
          'The successor must be an active colleague in the same organisation.',
          [
            {
              field: 'successorContactId',
              reasons: ['successorContactId must name an active contact of the same organisation'],
            },
          ],
        );
      successorId = next.id;
    } else {
      const organisation = await this.designations.getOrganisation(manager, departing.organisationId);
      const { value, errors } = normaliseContact({
        fullName: successor.successor!.fullName,
        emails: [successor.successor!.email],
        position: successor.successor!.position ?? departing.position,
        languages: departing.languages,
        timeZone: departing.timeZone,
        visibility: departing.visibility,
      });
      const checked = await this.contacts.checkAgainstDatabase(manager, value, undefined, actor.viewer);
      const problems = [...errors, ...checked.errors].map((e) => ({
        ...e,
        field: `successor.${e.field.replace(/^emails(\.0)?/, 'email')}`,
      }));
      if (problems.length)
        throw new DirectoryError('invalid_contact', 'The successor’s details are not usable.', problems);
      const created = await this.contacts.insert(manager, value, organisation);
      await this.contacts.recordChange(manager, created.id, actor.viewer?.userId ?? null, 'created', {
        successorOf: { from: null, to: departing.id },
      });
      successorId = created.id;
    }
    const previous = { status: departing.status };
    await this.designations.markContactDeparted(manager, departing.id);
    await this.designations.answerOpenRequestsDeparted(manager, departing.id);
    const active = await this.designations.activeOf(manager, departing.id);
    const proposals: string[] = [];
    for (const d of active) {
      const created = await this.designations.insert(manager, {
        contactId: successorId,
        mandateCode: d.mandateCode,
        scope: d.scope,
        countryCode: d.countryCode,
        organisationId: d.organisationId,
        role: d.role,
        validFrom: today(),
        validTo: d.validTo,
        status: 'proposed',
        nominatingAuthority: d.nominatingAuthority,
        nominatedBy: actor.viewer?.userId ?? null,
        replacesId: d.id,
        note: successor.note ?? null,
        lastConfirmedAt: new Date(),
      });
      proposals.push(created.id);
    }
    const actorId = actor.viewer?.userId ?? null;
    await this.contacts.recordChange(manager, departing.id, actorId, 'departed', {
      status: { from: previous.status, to: 'departed' },
      successor: { from: null, to: successorId },
    });
    await this.audit.record(
      {
        action: 'directory.contact.handover',
        actorId,
        targetType: 'contact',
        targetId: departing.id,
        ip: actor.ip,
        details: { successorId, proposals, ...(actor.via ? { via: actor.via } : {}) },
      },
      manager,
    );
    await this.indexer.reindex(manager, [departing.id]);
    return {
      departed: await this.designations.getContact(manager, departing.id),
      successorId,
      proposals: await this.load(manager, proposals),
    };
  }

  /** Keeps each contact's `mandates` (active, currently valid designations) and search document current. */
  async refreshMandates(manager: EntityManager, contactIds: string[]): Promise<void> {
    await this.designations.refreshMandates(manager, contactIds);
    await this.indexer.reindex(manager, contactIds);
  }

  /** Daily: designations past their end date are ended; mandates follow the calendar. */
  async sweepExpired(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.designations.endExpired(manager);
      const starting = await this.designations.startingToday(manager);
      const ids = [...new Set([...rows.map((r) => r.contact_id), ...starting.map((r) => r.id)])];
      await this.refreshMandates(manager, ids);
      return rows.length;
    });
  }
}

function describe(p: PointOfContact): Record<string, unknown> {
  return {
    contactId: p.contactId,
    mandateCode: p.mandateCode,
    scope: p.scope,
    countryCode: p.countryCode,
    organisationId: p.organisationId,
    role: p.role,
    validFrom: p.validFrom,
    validTo: p.validTo,
    status: p.status,
    nominatingAuthority: p.nominatingAuthority,
  };
}
