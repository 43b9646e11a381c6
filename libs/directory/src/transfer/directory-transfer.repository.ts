import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Contact } from '../contacts/contact.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

/** The statements of the CSV import (exports run the search's statements, ContactSearchRepository). */
@Injectable()
export class DirectoryTransferRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The organisations of these ids (at least one id). */
  organisationsByIds(ids: string[]): Promise<Organisation[]> {
    return this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.id IN (:...orgIds)', { orgIds: ids })
      .getMany();
  }

  /** The contacts having any of these addresses. */
  contactsWithAnyEmail(emails: string[]): Promise<Contact[]> {
    return this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where('c.emails && :emails::text[]', { emails })
      .getMany();
  }

  /** The contact locked for update (FOR UPDATE); fails when there is none. */
  lockContact(m: EntityManager, id: string): Promise<Contact> {
    return m.getRepository(Contact).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
