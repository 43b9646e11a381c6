import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { type Viewer, visibleContactWhere } from '../viewer.js';
import { Contact } from './contact.entity.js';
import { ContactChange } from './contact-change.entity.js';

/** A contact holding one of the addresses looked for (see takenAddresses). */
export interface TakenAddressRow {
  email: string;
  id: string;
  fullName: string;
  organisationId: string;
}

/** Every statement of contact reads and edits: entries, their history, confirmations. */
@Injectable()
export class ContactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The contact whose primary e-mail this is. */
  async idByEmail(email: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM contact WHERE emails[1] = $1`, [email]);
    return row?.id ?? null;
  }

  organisationById(id: string, m: EntityManager = this.dataSource.manager): Promise<Organisation> {
    return m.getRepository(Organisation).findOneByOrFail({ id });
  }

  /** The organisation, or null when there is none with this id. */
  findOrganisation(m: EntityManager, id: string): Promise<Organisation | null> {
    return m.getRepository(Organisation).findOneBy({ id });
  }

  /** The contact if the viewer may see it, else null. */
  findVisible(viewer: Viewer, id: string, m: EntityManager = this.dataSource.manager): Promise<Contact | null> {
    const visible = visibleContactWhere(viewer);
    return m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  byId(m: EntityManager, id: string): Promise<Contact> {
    return m.getRepository(Contact).findOneByOrFail({ id });
  }

  /** The contact locked for update (FOR UPDATE), or null. */
  lockById(m: EntityManager, id: string): Promise<Contact | null> {
    return m.getRepository(Contact).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The latest 200 changes of a contact, newest first. */
  history(contactId: string): Promise<ContactChange[]> {
    return this.dataSource
      .getRepository(ContactChange)
      .find({ where: { contactId }, order: { at: 'DESC' }, take: 200 });
  }

  /** Which of these addresses other contacts than `exceptId` have (one contact per address). */
  takenAddresses(m: EntityManager, emails: string[], exceptId: string | null): Promise<TakenAddressRow[]> {
    return m.query<TakenAddressRow[]>(
      `SELECT DISTINCT ON (e) e AS email, c.id, c.full_name AS "fullName", c.organisation_id AS "organisationId"
           FROM contact c, unnest(c.emails) e
          WHERE c.emails && $1::text[] AND e = ANY($1::text[]) AND ($2::uuid IS NULL OR c.id <> $2::uuid)
          ORDER BY e, c.id`,
      [emails, exceptId],
    );
  }

  /** Inserts a new contact (TypeORM save: defaults and generated columns come back). */
  insert(m: EntityManager, fields: DeepPartial<Contact>): Promise<Contact> {
    return m.getRepository(Contact).save(m.create(Contact, fields));
  }

  /** Saves a loaded contact's changed fields (its version increments). */
  save(m: EntityManager, contact: Contact): Promise<Contact> {
    return m.getRepository(Contact).save(contact);
  }

  async setLastConfirmedAt(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(Contact, { id }, { lastConfirmedAt: at });
  }

  /** Confirms the contact's active designations with the entry. */
  async confirmActiveDesignations(m: EntityManager, contactId: string, at: Date): Promise<void> {
    await m.query(`UPDATE point_of_contact SET last_confirmed_at = $2 WHERE contact_id = $1 AND status = 'active'`, [
      contactId,
      at,
    ]);
  }

  /** Answers the contact's open re-confirmation requests as confirmed. */
  async answerOpenRequestsConfirmed(m: EntityManager, contactId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE confirmation_request SET answered_at = $2, answer = 'confirmed' WHERE contact_id = $1 AND answered_at IS NULL`,
      [contactId, at],
    );
  }

  /** Appends an entry to the contact's history. */
  async insertChange(
    m: EntityManager,
    contactId: string,
    actorId: string | null,
    action: string,
    changes: Record<string, { from: unknown; to: unknown }>,
  ): Promise<void> {
    await m.getRepository(ContactChange).insert({ contactId, actorId, action, changes: changes as never });
  }
}
