import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { DirectoryError } from '../errors.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { Viewer } from '../viewer.js';
import type { Contact } from './contact.entity.js';
import type { ContactChange } from './contact-change.entity.js';
import { ContactsRepository } from './contacts.repository.js';

/** What a viewer may do with one contact. */
export interface ContactRights {
  edit: boolean;
  editAll: boolean;
  confirm: boolean;
  history: boolean;
}

/**
 * Reading contacts: one entry the viewer may see (a hidden one is indistinguishable from none),
 * what the viewer may do with it, and its history. Searching, editing and confirming have their
 * own services.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly audit: AuditService,
    private readonly contacts: ContactsRepository,
  ) {}

  idByEmail(email: string): Promise<string | null> {
    return this.contacts.idByEmail(email);
  }

  organisationOf(contact: Pick<Contact, 'organisationId'>): Promise<Organisation> {
    return this.contacts.organisationById(contact.organisationId);
  }

  /** A contact the viewer may see, or 404 (a hidden contact is indistinguishable from none). */
  async getVisible(viewer: Viewer, id: string, manager?: EntityManager): Promise<Contact> {
    const found = await this.contacts.findVisible(viewer, id, manager);
    if (!found) throw new DirectoryError('contact_not_found', 'There is no such contact.');
    return found;
  }

  /** Reads one contact for display; a restricted entry's view is audited. */
  async view(
    viewer: Viewer,
    id: string,
    ip: string | null,
  ): Promise<{ contact: Contact; organisation: Organisation; rights: ContactRights }> {
    const contact = await this.getVisible(viewer, id);
    const organisation = await this.contacts.organisationById(contact.organisationId);
    if (contact.visibility !== 'network')
      await this.audit.record({
        action: 'directory.contact.viewed',
        actorId: viewer.userId,
        targetType: 'contact',
        targetId: id,
        ip,
        details: { visibility: contact.visibility },
      });
    return { contact, organisation, rights: this.rights(viewer, contact) };
  }

  rights(viewer: Viewer, contact: Pick<Contact, 'organisationId' | 'emails'>): ContactRights {
    const admin = viewer.secretariat || (viewer.orgAdmin && viewer.organisationId === contact.organisationId);
    const self = viewer.email !== null && contact.emails.includes(viewer.email);
    return { edit: admin || self, editAll: admin, confirm: admin || self, history: admin || self };
  }

  async history(viewer: Viewer, id: string): Promise<ContactChange[]> {
    const contact = await this.getVisible(viewer, id);
    if (!this.rights(viewer, contact).history)
      throw new DirectoryError('not_allowed', 'Only the contact and their organisation’s admins see the history.');
    return this.contacts.history(id);
  }
}
