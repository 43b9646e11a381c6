import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { Contact } from '../contacts/contact.entity.js';
import { ContactAddresses } from '../contacts/contact-addresses.js';
import { ContactEditingService } from '../contacts/contact-editing.service.js';
import { normaliseContact } from '../contacts/contact-input.js';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DirectoryError } from '../errors.js';
import type { Viewer } from '../viewer.js';
import { DesignationsRepository } from './designations.repository.js';
import { DesignationRecords, type DesignationWithContact, today } from './designation-records.js';

/** A departing contact's handover of their designations to a successor, as proposals. */
/** Who takes over from a departing contact: a colleague in the directory, or a new person. */
export interface HandoverSuccessor {
  successorContactId?: string;
  successor?: { fullName: string; email: string; position?: string };
  note?: string;
}

export interface HandoverResult {
  departed: Contact;
  successorId: string;
  proposals: DesignationWithContact[];
}

@Injectable()
export class DesignationHandoverService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
    private readonly addresses: ContactAddresses,
    private readonly editing: ContactEditingService,
    private readonly indexer: ContactIndexer,
    private readonly designations: DesignationsRepository,
    private readonly records: DesignationRecords,
  ) {}

  /**
   * A departing contact hands over: they are marked departed and each of their active designations
   * gets a proposal for the successor (an existing colleague, or a new entry in the same
   * organisation), decided by the organisation's admins or the secretariat. A signed-in person's
   * handover runs in its own transaction (or the caller's); one without a person (a confirmation
   * link's answer) only in the caller's, which holds the link's request locked.
   */
  async handover(
    actor: { viewer: Viewer; ip: string | null; via?: string },
    contactId: string,
    successor: HandoverSuccessor,
    manager?: EntityManager,
  ): Promise<HandoverResult>;
  async handover(
    actor: { viewer: null; ip: string | null; via?: string },
    contactId: string,
    successor: HandoverSuccessor,
    manager: EntityManager,
  ): Promise<HandoverResult>;
  async handover(
    actor: { viewer: Viewer | null; ip: string | null; via?: string },
    contactId: string,
    successor: HandoverSuccessor,
    manager?: EntityManager,
  ): Promise<HandoverResult> {
    if (!manager) {
      if (!actor.viewer) throw new Error('A handover without a signed-in person runs in the caller’s transaction.');
      const viewer = actor.viewer;
      return this.dataSource.transaction((m) => this.handover({ ...actor, viewer }, contactId, successor, m));
    }
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
      const checked = await this.addresses.checkAgainstDatabase(manager, value, undefined, actor.viewer);
      const problems = [...errors, ...checked.errors].map((e) => ({
        ...e,
        field: `successor.${e.field.replace(/^emails(\.0)?/, 'email')}`,
      }));
      if (problems.length)
        throw new DirectoryError('invalid_contact', 'The successor’s details are not usable.', problems);
      const created = await this.editing.insert(manager, value, organisation);
      await this.editing.recordChange(manager, created.id, actor.viewer?.userId ?? null, 'created', {
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
    await this.editing.recordChange(manager, departing.id, actorId, 'departed', {
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
      proposals: await this.records.load(manager, proposals),
    };
  }
}
