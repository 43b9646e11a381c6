import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import type { FieldError } from '@liaison/core';
import { DirectoryError } from '../errors.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { Viewer } from '../viewer.js';
import type { NormalisedContact } from './contact-input.js';
import { ContactsRepository } from './contacts.repository.js';

/** The one reason given for an address the caller may not be told about (see checkAgainstDatabase). */
export const ADDRESS_UNAVAILABLE = 'this address cannot be used here; the secretariat can help';

/** An address another contact already has, as found by checkAgainstDatabase. */
export interface TakenAddress {
  email: string;
  contactId: string;
  /** Whether the caller may be told which contact has it. */
  named: boolean;
  fullName: string;
}

/**
 * What a new or changed contact is checked against in the database when a person writes one
 * (creating, editing, a handover's new successor): its organisation, and the addresses other
 * contacts have, told only to those who may know who has them. An import checks its rows itself
 * (DirectoryTransferService), all of them against each other and the directory at once.
 */
@Injectable()
export class ContactAddresses {
  constructor(
    private readonly audit: AuditService,
    private readonly contacts: ContactsRepository,
  ) {}

  /**
   * Checks fields that need the database: the organisation exists and no other contact has the
   * e-mails. An address another contact has is named (with that contact) only to someone who
   * sees every such contact anyway: the secretariat, or an admin of the contact's own
   * organisation. Anyone else gets one reason that names nothing and reads the same whether the
   * other entry is hidden from them or visible in another organisation (`taken` lists it for the
   * audit, so the secretariat can resolve it).
   */
  async checkAgainstDatabase(
    manager: EntityManager,
    value: NormalisedContact,
    exceptId: string | undefined,
    viewer: Viewer | null,
  ): Promise<{ errors: FieldError[]; organisation?: Organisation; taken: TakenAddress[] }> {
    const errors: FieldError[] = [];
    const taken: TakenAddress[] = [];
    let organisation: Organisation | undefined;
    if (value.organisationId) {
      organisation = (await this.contacts.findOrganisation(manager, value.organisationId)) ?? undefined;
      if (!organisation)
        errors.push({ field: 'organisationId', reasons: ['organisationId must name an existing organisation'] });
    }
    if (value.emails?.length) {
      const rows = await this.contacts.takenAddresses(manager, value.emails, exceptId ?? null);
      for (const row of rows) {
        const named =
          !!viewer && (viewer.secretariat || (viewer.orgAdmin && viewer.organisationId === row.organisationId));
        taken.push({ email: row.email, contactId: row.id, named, fullName: row.fullName });
        errors.push({
          field: `emails.${value.emails.indexOf(row.email)}`,
          reasons: [named ? `${row.email} is already the address of ${row.fullName}` : ADDRESS_UNAVAILABLE],
        });
      }
    }
    return { errors, organisation, taken };
  }

  /**
   * The conflict for addresses other contacts have: `duplicate_contact` with the contact when the
   * caller may be told who has them, otherwise `address_unavailable`, the same for a hidden entry
   * and a visible one of another organisation. Refusals that name nothing are audited (outside the
   * refused change's transaction), so the secretariat sees them and can resolve them.
   */
  async addressConflict(
    viewer: Viewer,
    taken: TakenAddress[],
    errors: FieldError[],
    ip: string | null,
  ): Promise<DirectoryError> {
    const details = errors.filter((e) => e.field.startsWith('emails'));
    if (taken.every((t) => t.named))
      return new DirectoryError('duplicate_contact', 'A contact with this e-mail address already exists.', details, {
        contactId: taken[0].contactId,
      });
    await this.audit.record({
      action: 'directory.contact.address_refused',
      actorId: viewer.userId,
      targetType: 'contact',
      targetId: taken.find((t) => !t.named)!.contactId,
      ip,
      details: { organisationId: viewer.organisationId, emails: taken.map((t) => t.email) },
    });
    return new DirectoryError(
      'address_unavailable',
      'This address cannot be used for an entry of your organisation. The secretariat can help: it can move an entry or add the address.',
      details,
    );
  }
}
