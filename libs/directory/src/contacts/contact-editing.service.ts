import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { DirectoryError, invalidContact } from '../errors.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { Viewer } from '../viewer.js';
import { Contact, type Visibility } from './contact.entity.js';
import { ContactAddresses } from './contact-addresses.js';
import { changesBetween, type ContactChanges, snapshot } from './contact-changes.js';
import { type ContactFields, type NormalisedContact, normaliseContact, sortNameOf } from './contact-input.js';
import { ContactIndexer } from './contact-indexer.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';

/** Fields a contact may change in their own entry (the rest is for their organisation's admins). */
const SELF_EDITABLE: (keyof ContactFields)[] = ['position', 'phones', 'languages', 'expertise', 'timeZone', 'status'];

export type Actor = { viewer: Viewer; ip: string | null } | { viewer: null; ip: string | null; via: string };

/**
 * Why this editor may not move a contact's visibility from `from` to `to`, or null: a level above
 * the editor's own view (set by the secretariat, say) is changed only by the secretariat, by
 * every path that changes contacts (edits, imports).
 */
export function visibilityChangeRefusal(viewer: Viewer, from: Visibility, to: string | undefined): string | null {
  if (to === undefined || to === from || viewer.secretariat || viewer.levels.includes(from)) return null;
  return `only the secretariat lowers a ${from} level`;
}

/**
 * Writing contacts: creating and editing them (with history and audit, a stale version refused),
 * re-confirming an entry, and the inserts, field updates and history entries that imports,
 * handovers and designations share.
 */
@Injectable()
export class ContactEditingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ContactIndexer,
    private readonly contacts: ContactsRepository,
    private readonly reading: ContactsService,
    private readonly addresses: ContactAddresses,
  ) {}

  async create(
    viewer: Viewer,
    input: ContactFields & { organisationId: string; fullName: string; emails: string[] },
    ip: string | null,
  ): Promise<Contact> {
    if (!viewer.secretariat && !(viewer.orgAdmin && viewer.organisationId === input.organisationId))
      throw new DirectoryError('not_allowed', 'Only the secretariat and the organisation’s admins add its contacts.');
    if (input.visibility === 'secretariat' && !viewer.secretariat)
      throw invalidContact([
        { field: 'visibility', reasons: ['only the secretariat makes a contact secretariat-only'] },
      ]);
    const { value, errors } = normaliseContact(input);
    if (errors.length) throw invalidContact(errors);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const checked = await this.addresses.checkAgainstDatabase(manager, value, undefined, viewer);
      if (checked.errors.length > checked.taken.length) throw invalidContact(checked.errors);
      if (checked.taken.length) return { refused: checked, contact: null };
      const contact = await this.insert(manager, value, checked.organisation!);
      await this.recordChange(manager, contact.id, viewer.userId, 'created', snapshot(contact));
      await this.audit.record(
        {
          action: 'directory.contact.created',
          actorId: viewer.userId,
          targetType: 'contact',
          targetId: contact.id,
          ip,
          details: { organisationId: contact.organisationId, visibility: contact.visibility },
        },
        manager,
      );
      return { refused: null, contact };
    });
    if (outcome.refused)
      throw await this.addresses.addressConflict(viewer, outcome.refused.taken, outcome.refused.errors, ip);
    return outcome.contact;
  }

  /** Inserts a checked contact and indexes it (used by create and by the CSV import). */
  async insert(
    manager: EntityManager,
    value: NormalisedContact,
    organisation: Organisation,
    confirmedAt = new Date(),
  ): Promise<Contact> {
    const saved = await this.contacts.insert(manager, {
      ...value,
      organisationId: organisation.id,
      organisationKind: organisation.kind,
      countryCode: organisation.countryCode,
      sortName: sortNameOf(value.fullName!),
      searchNames: ContactIndexer.searchNames(value.fullName!),
      lastConfirmedAt: confirmedAt,
    });
    await this.indexer.reindex(manager, [saved.id]);
    return saved;
  }

  /**
   * Applies a change based on `version`; a stale version is refused with the current entry, so no
   * edit silently overwrites another.
   */
  async update(
    viewer: Viewer,
    id: string,
    input: ContactFields & { version: number },
    ip: string | null,
  ): Promise<Contact> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const before = await this.reading.getVisible(viewer, id, manager);
      const rights = this.reading.rights(viewer, before);
      if (!rights.edit) throw new DirectoryError('not_allowed', 'You may not edit this contact.');
      const { version, ...fields } = input;
      if (!rights.editAll) {
        const forbidden = Object.keys(fields).filter((k) => !SELF_EDITABLE.includes(k as keyof ContactFields));
        if (forbidden.length)
          throw new DirectoryError(
            'not_allowed',
            'You may change your position, phones, languages, expertise, time zone and status; ask your organisation’s admin for the rest.',
            forbidden.map((f) => ({ field: f, reasons: [`${f} is changed by your organisation’s admins`] })),
          );
      }
      if (fields.visibility === 'secretariat' && !viewer.secretariat)
        throw invalidContact([
          { field: 'visibility', reasons: ['only the secretariat makes a contact secretariat-only'] },
        ]);
      if (fields.organisationId && fields.organisationId !== before.organisationId && !viewer.secretariat)
        throw invalidContact([
          { field: 'organisationId', reasons: ['only the secretariat moves a contact to another organisation'] },
        ]);
      const locked = await this.contacts.lockById(manager, id);
      if (!locked || locked.version !== version)
        throw new DirectoryError(
          'stale_version',
          'Someone changed this contact since you opened it; review the current entry and apply your change again.',
          [{ field: 'version', reasons: [`the current version is ${locked?.version}`] }],
        );
      const lowering = visibilityChangeRefusal(viewer, locked.visibility, fields.visibility);
      if (lowering)
        throw new DirectoryError('not_allowed', 'Only the secretariat changes this contact’s visibility.', [
          { field: 'visibility', reasons: [lowering] },
        ]);
      const { value, errors } = normaliseContact(fields);
      if (errors.length) throw invalidContact(errors);
      const checked = await this.addresses.checkAgainstDatabase(manager, value, id, viewer);
      if (checked.errors.length > checked.taken.length) throw invalidContact(checked.errors);
      if (checked.taken.length) return { refused: checked, contact: null };
      const previous = { ...locked } as Contact;
      const after = await this.apply(manager, locked, value, checked.organisation);
      const diff = changesBetween(previous, after, Object.keys(value));
      await this.recordChange(manager, id, viewer.userId, 'updated', diff);
      await this.audit.record(
        {
          action: 'directory.contact.updated',
          actorId: viewer.userId,
          targetType: 'contact',
          targetId: id,
          ip,
          details: { fields: Object.keys(diff) },
        },
        manager,
      );
      return { refused: null, contact: after };
    });
    if (outcome.refused)
      throw await this.addresses.addressConflict(viewer, outcome.refused.taken, outcome.refused.errors, ip);
    return outcome.contact;
  }

  /** Writes checked fields to a locked contact, keeps derived columns and the index current. */
  async apply(
    manager: EntityManager,
    current: Contact,
    value: NormalisedContact,
    organisation?: Organisation,
  ): Promise<Contact> {
    const changes: Partial<Contact> = { ...value };
    if (value.fullName) {
      changes.sortName = sortNameOf(value.fullName);
      changes.searchNames = ContactIndexer.searchNames(value.fullName);
    }
    if (organisation) {
      changes.countryCode = organisation.countryCode;
      changes.organisationKind = organisation.kind;
    }
    Object.assign(current, changes);
    const saved = await this.contacts.save(manager, current);
    await this.indexer.reindex(manager, [saved.id]);
    return saved;
  }

  /** The contact (or an admin) says the entry is still true; its designations are confirmed with it. */
  async confirm(actor: Actor, id: string, manager?: EntityManager): Promise<Contact> {
    const run = async (m: EntityManager) => {
      const contact = actor.viewer
        ? await this.reading.getVisible(actor.viewer, id, m)
        : await this.contacts.byId(m, id);
      if (actor.viewer && !this.reading.rights(actor.viewer, contact).confirm)
        throw new DirectoryError('not_allowed', 'Only the contact and their organisation’s admins confirm the entry.');
      const now = new Date();
      await this.contacts.setLastConfirmedAt(m, id, now);
      await this.contacts.confirmActiveDesignations(m, id, now);
      await this.contacts.answerOpenRequestsConfirmed(m, id, now);
      const actorId = actor.viewer?.userId ?? null;
      await this.recordChange(m, id, actorId, 'confirmed', {
        lastConfirmedAt: { from: contact.lastConfirmedAt, to: now },
      });
      await this.audit.record(
        {
          action: 'directory.contact.confirmed',
          actorId,
          targetType: 'contact',
          targetId: id,
          ip: actor.ip,
          details: actor.viewer ? {} : { via: actor.via },
        },
        m,
      );
      return this.contacts.byId(m, id);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Appends an entry to the contact's history (in the transaction of the change it records). */
  async recordChange(
    manager: EntityManager,
    contactId: string,
    actorId: string | null,
    action: string,
    changes: ContactChanges,
  ): Promise<void> {
    await this.contacts.insertChange(manager, contactId, actorId, action, changes);
  }
}
