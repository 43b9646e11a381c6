import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { Organisation, type OrganisationKind } from './organisation.entity.js';

/** Every statement of organisations: search, reads, the secretariat's edits. */

/** What an organisation search filters by (each optional) and which page it returns. */
export interface OrganisationSearch {
  q?: string;
  country?: string;
  kind?: OrganisationKind;
  page: number;
  limit: number;
}

/** The accent- and case-folded name and acronym an organisation search matches. */
const FOLDED_NAME = `liaison_unaccent(lower(o.name || ' ' || coalesce(o.acronym, '')))`;

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One query: filters, then (with q) accent-insensitive trigram and prefix matching on name and
   * acronym, best match first; a page of results and the total.
   */
  async search(filters: OrganisationSearch): Promise<{ items: Organisation[]; total: number }> {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    if (filters.country) qb.andWhere('o.country_code = :country', { country: filters.country });
    if (filters.kind) qb.andWhere('o.kind = :kind', { kind: filters.kind });
    const q = filters.q?.trim();
    if (q) {
      qb.andWhere(
        `(${FOLDED_NAME} % liaison_unaccent(lower(:q)) OR ${FOLDED_NAME} LIKE '%' || liaison_unaccent(lower(:qLike)) || '%')`,
        {
          q,
          qLike: q.replace(/[%_\\]/g, '\\$&'),
        },
      )
        .addSelect(
          `CASE WHEN lower(o.acronym) = lower(:q) THEN 2 WHEN liaison_unaccent(lower(o.name)) LIKE liaison_unaccent(lower(:qLike)) || '%' THEN 1 ELSE 0 END`,
          'exactness',
        )
        .addSelect(`similarity(${FOLDED_NAME}, liaison_unaccent(lower(:q)))`, 'score')
        .orderBy('exactness', 'DESC')
        .addOrderBy('score', 'DESC');
    }
    qb.addOrderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC');
    const [items, total] = await qb
      .skip((filters.page - 1) * filters.limit)
      .take(filters.limit)
      .getManyAndCount();
    return { items, total };
  }

  find(id: string, m: EntityManager = this.dataSource.manager): Promise<Organisation | null> {
    return m.getRepository(Organisation).findOneBy({ id });
  }

  get(m: EntityManager, id: string): Promise<Organisation> {
    return m.getRepository(Organisation).findOneByOrFail({ id });
  }

  exists(id: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    return m.getRepository(Organisation).existsBy({ id });
  }

  /** The organisation locked for update (FOR UPDATE), or null. */
  lock(m: EntityManager, id: string): Promise<Organisation | null> {
    return m.getRepository(Organisation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async countryExists(m: EntityManager, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM country WHERE code = $1`, [code])).length > 0;
  }

  /** Whether `id` is `parentId` or one of its ancestors (so `parentId` as its parent would make a cycle). */
  async isSelfOrAncestor(m: EntityManager, parentId: string, id: string): Promise<boolean> {
    const [{ cycle }] = (await m.query(
      `WITH RECURSIVE up(id) AS (SELECT $1::uuid UNION SELECT o.parent_id FROM organisation o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
           SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS cycle`,
      [parentId, id],
    )) as { cycle: boolean }[];
    return cycle;
  }

  /** Inserts an organisation (TypeORM save: generated columns come back). */
  insert(m: EntityManager, fields: DeepPartial<Organisation>): Promise<Organisation> {
    return m.getRepository(Organisation).save(m.create(Organisation, fields));
  }

  async update(m: EntityManager, id: string, changes: Partial<Organisation>): Promise<void> {
    await m.update(Organisation, { id }, changes);
  }

  /** Copies the organisation's country and kind to its contacts. */
  async copyToContacts(
    m: EntityManager,
    id: string,
    countryCode: string | null,
    kind: OrganisationKind,
  ): Promise<void> {
    await m.query(`UPDATE contact SET country_code = $2, organisation_kind = $3 WHERE organisation_id = $1`, [
      id,
      countryCode,
      kind,
    ]);
  }
}
