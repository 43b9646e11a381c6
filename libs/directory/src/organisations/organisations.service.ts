import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import type { AuthenticatedUser } from '@liaison/core';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import { DirectoryError } from '../errors.js';
import type { Organisation, OrganisationKind } from './organisation.entity.js';
import { OrganisationsRepository } from './organisations.repository.js';

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
    private readonly organisations: OrganisationsRepository,
  ) {}

  /**
   * One query: filters, then (with q) accent-insensitive trigram and prefix matching on name and
   * acronym, best match first; a page of results and the total.
   */
  search(filters: OrganisationFilters): Promise<{ items: Organisation[]; total: number }> {
    return this.organisations.search(filters);
  }

  async get(id: string): Promise<Organisation> {
    const found = await this.organisations.find(id);
    if (!found) throw new DirectoryError('organisation_not_found', 'There is no such organisation.');
    return found;
  }

  async exists(id: string): Promise<boolean> {
    return this.organisations.exists(id);
  }

  private async check(manager: EntityManager, input: OrganisationInput, id?: string): Promise<void> {
    if (input.countryCode && !(await this.organisations.countryExists(manager, input.countryCode))) {
      throw new DirectoryError('unknown_country', 'Unknown country.', [
        { field: 'countryCode', reasons: ['countryCode must be an ISO 3166-1 alpha-2 code'] },
      ]);
    }
    if (input.parentId) {
      if (!(await this.organisations.exists(input.parentId, manager))) {
        throw new DirectoryError('unknown_parent', 'Unknown parent organisation.', [
          { field: 'parentId', reasons: ['parentId must name an existing organisation'] },
        ]);
      }
      if (id) {
        if (await this.organisations.isSelfOrAncestor(manager, input.parentId, id))
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
      const created = await this.organisations.insert(manager, {
        name: input.name.trim(),
        acronym: input.acronym ?? null,
        kind: input.kind,
        countryCode: input.countryCode ?? null,
        parentId: input.parentId ?? null,
        website: input.website ?? null,
      });
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
      const before = await this.organisations.lock(manager, id);
      if (!before) throw new DirectoryError('organisation_not_found', 'There is no such organisation.');
      await this.check(manager, input, id);
      const changes = Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== undefined),
      ) as Partial<Organisation>;
      await this.organisations.update(manager, id, changes);
      const after = await this.organisations.get(manager, id);
      // Contacts carry the organisation's country and its names in their search document.
      if (after.countryCode !== before.countryCode || after.kind !== before.kind)
        await this.organisations.copyToContacts(manager, id, after.countryCode, after.kind);
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
