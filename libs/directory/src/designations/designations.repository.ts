import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { Contact } from '../contacts/contact.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { type Viewer, visibleContactSql } from '../viewer.js';
import { type DesignationStatus, PointOfContact } from './point-of-contact.entity.js';

/** Every statement of point-of-contact designations, and of the contacts' `mandates` they keep current. */

/** Which designations a list shows (each optional). */
export interface DesignationListFilters {
  country?: string;
  mandate?: string;
  status?: DesignationStatus;
  contactId?: string;
}

/** The cell a primary designation occupies, for its dates. */
export interface PrimaryCell {
  mandateCode: string;
  scope: string;
  countryCode: string | null | undefined;
  organisationId: string | null;
  validFrom: string;
  validTo: string | null;
  exceptId: string | null;
}

@Injectable()
export class DesignationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The ids of the designations whose contact the viewer may see, matching the filters; proposals
   * only for the secretariat, their organisation's admin and who proposed them. At most 1000.
   */
  async listIds(viewer: Viewer, filters: DesignationListFilters): Promise<string[]> {
    const visible = visibleContactSql(viewer, 1);
    const values: unknown[] = [...visible.params];
    const where = [visible.sql];
    const add = (sql: string, v: unknown) => {
      values.push(v);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filters.country) add('p.country_code = ?', filters.country);
    if (filters.mandate) add('p.mandate_code = ?', filters.mandate);
    if (filters.status) add('p.status = ?', filters.status);
    if (filters.contactId) add('p.contact_id = ?::uuid', filters.contactId);
    if (!viewer.secretariat) {
      values.push(viewer.orgAdmin ? viewer.organisationId : null, viewer.userId);
      where.push(
        `(p.status IN ('active', 'ended') OR c.organisation_id = $${values.length - 1}::uuid OR p.nominated_by = $${values.length}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT p.id FROM point_of_contact p JOIN contact c ON c.id = p.contact_id
       WHERE ${where.join(' AND ')} ORDER BY p.mandate_code, p.country_code, p.role, p.valid_from DESC LIMIT 1000`,
      values,
    );
    return rows.map((r) => r.id as string);
  }

  /** The ids of a contact's active and proposed designations, by mandate. */
  async openIdsOf(m: EntityManager, contactId: string): Promise<string[]> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT id FROM point_of_contact WHERE contact_id = $1 AND status IN ('active', 'proposed') ORDER BY mandate_code`,
      [contactId],
    );
    return rows.map((r) => r.id);
  }

  /** These designations with their contact and its organisation (in no particular order). */
  withContacts(m: EntityManager, ids: string[]): Promise<PointOfContact[]> {
    return m
      .getRepository(PointOfContact)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.contact', 'c')
      .innerJoinAndSelect('c.organisation', 'o')
      .where('p.id IN (:...ids)', { ids })
      .getMany();
  }

  /** The mandate's `active` flag, or undefined when there is no such mandate. */
  async mandateActive(m: EntityManager, code: string): Promise<boolean | undefined> {
    const [mandate] = await m.query<{ active: boolean }[]>(`SELECT active FROM mandate WHERE code = $1`, [code]);
    return mandate?.active;
  }

  /** Whether `organisationId` is the organisation or one of its ancestors. */
  async isOrganisationOrAncestor(m: EntityManager, ofOrganisationId: string, organisationId: string): Promise<boolean> {
    const [{ related }] = await m.query<{ related: boolean }[]>(
      `WITH RECURSIVE up(id) AS (SELECT $1::uuid UNION SELECT o.parent_id FROM organisation o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
           SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS related`,
      [ofOrganisationId, organisationId],
    );
    return related;
  }

  find(m: EntityManager, id: string): Promise<PointOfContact | null> {
    return m.getRepository(PointOfContact).findOneBy({ id });
  }

  get(m: EntityManager, id: string): Promise<PointOfContact> {
    return m.getRepository(PointOfContact).findOneByOrFail({ id });
  }

  /** The designation locked for update (FOR UPDATE), or null. */
  lock(m: EntityManager, id: string): Promise<PointOfContact | null> {
    return m.getRepository(PointOfContact).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The active primary designation overlapping the cell's dates, locked (FOR UPDATE), if any. */
  async lockOverlappingPrimary(m: EntityManager, cell: PrimaryCell): Promise<{ id: string } | undefined> {
    const [current] = await m.query<{ id: string; valid_from: string }[]>(
      `SELECT p.id, p.valid_from::text FROM point_of_contact p
       WHERE p.status = 'active' AND p.role = 'primary' AND p.mandate_code = $1 AND p.scope = $2
         AND coalesce(p.country_code, '') = coalesce($3, '') AND coalesce(p.organisation_id::text, '') = coalesce($4, '')
         AND daterange(p.valid_from, p.valid_to, '[]') && daterange($5::date, $6::date, '[]')
         AND ($7::uuid IS NULL OR p.id <> $7::uuid)
       FOR UPDATE`,
      [
        cell.mandateCode,
        cell.scope,
        cell.countryCode,
        cell.organisationId,
        cell.validFrom,
        cell.validTo,
        cell.exceptId,
      ],
    );
    return current;
  }

  /** Inserts a designation (TypeORM save: generated columns come back). */
  insert(m: EntityManager, fields: DeepPartial<PointOfContact>): Promise<PointOfContact> {
    return m.getRepository(PointOfContact).save(m.create(PointOfContact, fields));
  }

  async update(m: EntityManager, id: string, changes: Partial<PointOfContact>): Promise<void> {
    await m.update(PointOfContact, { id }, changes);
  }

  activeOf(m: EntityManager, contactId: string): Promise<PointOfContact[]> {
    return m.getRepository(PointOfContact).findBy({ contactId, status: 'active' });
  }

  findContact(m: EntityManager, id: string): Promise<Contact | null> {
    return m.getRepository(Contact).findOneBy({ id });
  }

  getContact(m: EntityManager, id: string): Promise<Contact> {
    return m.getRepository(Contact).findOneByOrFail({ id });
  }

  getOrganisation(m: EntityManager, id: string): Promise<Organisation> {
    return m.getRepository(Organisation).findOneByOrFail({ id });
  }

  async markContactDeparted(m: EntityManager, contactId: string): Promise<void> {
    await m.update(Contact, { id: contactId }, { status: 'departed' });
  }

  /** Answers the contact's open re-confirmation requests as departed. */
  async answerOpenRequestsDeparted(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE confirmation_request SET answered_at = now(), answer = 'departed' WHERE contact_id = $1 AND answered_at IS NULL`,
      [contactId],
    );
  }

  /** Sets each contact's `mandates` to those of its active, currently valid designations. */
  async refreshMandates(m: EntityManager, contactIds: string[]): Promise<void> {
    await m.query(
      `UPDATE contact c SET mandates = ARRAY(
         SELECT DISTINCT p.mandate_code FROM point_of_contact p
         WHERE p.contact_id = c.id AND p.status = 'active' AND p.valid_from <= current_date
           AND (p.valid_to IS NULL OR p.valid_to >= current_date) ORDER BY 1)
       WHERE c.id = ANY($1::uuid[])`,
      [contactIds],
    );
  }

  /** Ends active designations past their end date; the contacts they belonged to. */
  async endExpired(m: EntityManager): Promise<{ contact_id: string }[]> {
    return m.query<{ contact_id: string }[]>(
      `WITH e AS (UPDATE point_of_contact SET status = 'ended' WHERE status = 'active' AND valid_to < current_date RETURNING contact_id)
         SELECT contact_id FROM e`,
    );
  }

  /** Contacts with an active designation starting today. */
  async startingToday(m: EntityManager): Promise<{ id: string }[]> {
    return m.query<{ id: string }[]>(
      `SELECT c.id FROM contact c WHERE EXISTS (SELECT 1 FROM point_of_contact p WHERE p.contact_id = c.id AND p.status = 'active' AND p.valid_from = current_date)`,
    );
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
