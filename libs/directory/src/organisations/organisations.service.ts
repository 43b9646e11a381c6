import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import type { AuthenticatedUser } from '@liaison/core';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { DirectoryError } from '../errors.js';
import { SearchCache } from '../search/search-cache.js';
import { Organisation, type OrganisationKind } from './organisation.entity.js';

export interface OrganisationFilters {
  q?: string;
  country?: string;
  kind?: OrganisationKind;
  page: number;
  limit: number;
}

export interface OrganisationInput {
  name?: string;
  acronym?: string | null;
  kind?: OrganisationKind;
  countryCode?: string | null;
  parentId?: string | null;
  website?: string | null;
}

/** Organisations of the network: search, and the secretariat's edits (audited). */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ContactIndexer,
    private readonly searchCache: SearchCache,
  ) {}

  /**
   * One query: filters, then (with q) accent-insensitive trigram and prefix matching on name and
   * acronym, best match first; a page of results and the total.
   */
  async search(filters: OrganisationFilters): Promise<{ items: Organisation[]; total: number }> {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    if (filters.country) qb.andWhere('o.country_code = :country', { country: filters.country });
    if (filters.kind) qb.andWhere('o.kind = :kind', { kind: filters.kind });
    const q = filters.q?.trim();
    if (q) {
      const folded = `liaison_unaccent(lower(o.name || ' ' || coalesce(o.acronym, '')))`;
      qb.andWhere(
        `(${folded} % liaison_unaccent(lower(:q)) OR ${folded} LIKE '%' || liaison_unaccent(lower(:qLike)) || '%')`,
        {
          q,
          qLike: q.replace(/[%_\\]/g, '\\$&'),
        },
      )
        .addSelect(
          `CASE WHEN lower(o.acronym) = lower(:q) THEN 2 WHEN liaison_unaccent(lower(o.name)) LIKE liaison_unaccent(lower(:qLike)) || '%' THEN 1 ELSE 0 END`,
          'exactness',
        )
        .addSelect(`similarity(${folded}, liaison_unaccent(lower(:q)))`, 'score')
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

  async get(id: string): Promise<Organisation> {
    const found = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!found) throw new DirectoryError('organisation_not_found', 'There is no such organisation.');
    return found;
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(Organisation).existsBy({ id });
  }

  private async check(manager: EntityManager, input: OrganisationInput, id?: string): Promise<void> {
    if (
      input.countryCode &&
      !(await manager.query(`SELECT 1 FROM country WHERE code = $1`, [input.countryCode])).length
    ) {
      throw new DirectoryError('unknown_country', 'Unknown country.', [
        { field: 'countryCode', reasons: ['countryCode must be an ISO 3166-1 alpha-2 code'] },
      ]);
    }
    if (input.parentId) {
      if (!(await manager.getRepository(Organisation).existsBy({ id: input.parentId }))) {
        throw new DirectoryError('unknown_parent', 'Unknown parent organisation.', [
          { field: 'parentId', reasons: ['parentId must name an existing organisation'] },
        ]);
      }
      if (id) {
        const [{ cycle }] = (await manager.query(
          `WITH RECURSIVE up(id) AS (SELECT $1::uuid UNION SELECT o.parent_id FROM organisation o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
           SELECT EXISTS (SELECT 1 FROM up WHERE id = $2::uuid) AS cycle`,
          [input.parentId, id],
        )) as { cycle: boolean }[];
        if (cycle)
          throw new DirectoryError('parent_cycle', 'An organisation cannot be its own ancestor.', [
            { field: 'parentId', reasons: ['parentId would make a cycle'] },
          ]);
      }
    }
  }

  async create(
    actor: AuthenticatedUser,
    input: Required<Pick<OrganisationInput, 'name' | 'kind'>> & OrganisationInput,
    ip: string | null,
  ): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => {
      await this.check(manager, input);
      const created = await manager.getRepository(Organisation).save(
        manager.create(Organisation, {
          name: input.name.trim(),
          acronym: input.acronym ?? null,
          kind: input.kind,
          countryCode: input.countryCode ?? null,
          parentId: input.parentId ?? null,
          website: input.website ?? null,
        }),
      );
      await this.audit.record(
        {
          action: 'directory.organisation.created',
          actorId: actor.id,
          targetType: 'organisation',
          targetId: created.id,
          ip,
          details: { name: created.name, kind: created.kind, countryCode: created.countryCode },
        },
        manager,
      );
      return created;
    });
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    input: OrganisationInput,
    ip: string | null,
  ): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => {
      const before = await manager
        .getRepository(Organisation)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new DirectoryError('organisation_not_found', 'There is no such organisation.');
      await this.check(manager, input, id);
      const changes = Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== undefined),
      ) as Partial<Organisation>;
      await manager.update(Organisation, { id }, changes);
      const after = await manager.getRepository(Organisation).findOneByOrFail({ id });
      // Contacts carry the organisation's country and its names in their search document.
      if (after.countryCode !== before.countryCode || after.kind !== before.kind) {
        await manager.query(`UPDATE contact SET country_code = $2, organisation_kind = $3 WHERE organisation_id = $1`, [
          id,
          after.countryCode,
          after.kind,
        ]);
        this.searchCache.clearFor(manager);
      }
      if (after.name !== before.name || after.acronym !== before.acronym || after.countryCode !== before.countryCode)
        await this.indexer.reindexOrganisation(manager, id);
      const diff = Object.fromEntries(
        Object.keys(changes).map((k) => [
          k,
          { from: before[k as keyof Organisation] ?? null, to: after[k as keyof Organisation] ?? null },
        ]),
      );
      await this.audit.record(
        {
          action: 'directory.organisation.updated',
          actorId: actor.id,
          targetType: 'organisation',
          targetId: id,
          ip,
          details: { changes: diff },
        },
        manager,
      );
      return after;
    });
  }
}
