import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ContactEditingService } from '../contacts/contact-editing.service.js';
import { ContactIndexer } from '../contacts/contact-indexer.js';
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

export const today = () => new Date().toISOString().slice(0, 10);
export const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function describe(p: PointOfContact): Record<string, unknown> {
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

/**
 * Reading designations, and what the designation use cases share: loading designations with their
 * contacts, the one-primary rule, ending a replaced designation, and keeping contacts' mandates
 * current.
 */
@Injectable()
export class DesignationRecords {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly editing: ContactEditingService,
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

  async load(manager: EntityManager, ids: string[]): Promise<DesignationWithContact[]> {
    if (ids.length === 0) return [];
    const found = await this.designations.withContacts(manager, ids);
    const byId = new Map(found.map((p) => [p.id, p]));
    return ids
      .map((id) => byId.get(id)!)
      .map((p) =>
        Object.assign(p, { contactName: p.contact!.fullName, organisationName: p.contact!.organisation!.name }),
      );
  }

  /** A clear 409 naming the current primary, before the exclusion constraint would refuse it. */
  async refuseOverlap(
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

  async endReplaced(manager: EntityManager, id: string, from: string): Promise<void> {
    const replaced = await this.designations.get(manager, id);
    const end = dayBefore(from) < replaced.validFrom ? replaced.validFrom : dayBefore(from);
    await this.designations.update(manager, id, { status: 'ended', validTo: end });
    await this.refreshMandates(manager, [replaced.contactId]);
    await this.editing.recordChange(manager, replaced.contactId, null, 'designation_ended', {
      designation: { from: describe(replaced), to: { ...describe(replaced), status: 'ended', validTo: end } },
    });
  }

  /** Keeps each contact's `mandates` (active, currently valid designations) and search document current. */
  async refreshMandates(manager: EntityManager, contactIds: string[]): Promise<void> {
    await this.designations.refreshMandates(manager, contactIds);
    await this.indexer.reindex(manager, contactIds);
  }
}
