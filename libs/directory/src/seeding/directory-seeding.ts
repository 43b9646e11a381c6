import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactPhone, ContactStatus, Visibility } from '../contacts/contact.entity.js';
import { sortNameOf } from '../contacts/contact-input.js';
import { ContactIndexer } from '../contacts/contact-indexer.js';
import type { DesignationRole, DesignationScope, DesignationStatus } from '../designations/point-of-contact.entity.js';
import type { OrganisationKind } from '../organisations/organisation.entity.js';
import { fold } from '../search/fold.js';
import { DirectorySeedingRepository } from './directory-seeding.repository.js';

export type { DesignationRole, DesignationScope, DesignationStatus };

/** An organisation as seeding writes it. */
export interface SeedOrganisation {
  id: string;
  name: string;
  acronym: string | null;
  kind: OrganisationKind;
  countryCode: string | null;
  website: string | null;
  /** Seeded before its children, or already there. */
  parentId: string | null;
  verifiedAt: Date | null;
}

/**
 * A contact as seeding writes it: what a person enters, and `mandates`, those of its active
 * designations. The directory derives the rest (sort name, search spellings and document, folded
 * expertise, its organisation's kind).
 */
export interface SeedContact {
  id: string;
  organisationId: string;
  countryCode: string | null;
  fullName: string;
  position: string;
  emails: string[];
  phones: ContactPhone[];
  languages: string[];
  expertise: string[];
  mandates: string[];
  timeZone: string;
  status: ContactStatus;
  visibility: Visibility;
  lastConfirmedAt: Date;
  createdAt: Date;
}

/** A point-of-contact designation as seeding writes it (decided, and created, at `decidedAt`). */
export interface SeedDesignation {
  id: string;
  contactId: string;
  mandateCode: string;
  scope: DesignationScope;
  countryCode: string | null;
  organisationId: string | null;
  role: DesignationRole;
  validFrom: string;
  validTo: string | null;
  status: DesignationStatus;
  nominatingAuthority: string;
  decidedAt: Date;
  replacesId: string | null;
  lastConfirmedAt: Date;
}

/** Rows per statement. */
const CHUNK = 1000;

/** Hands `insert` the rows a chunk at a time, in order. */
async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * The directory's seeding port (the demo workspace uses it): writes organisations, contacts and
 * designations in the caller's transaction, in bulk, without audit events or history.
 */
@Injectable()
export class DirectorySeeding {
  constructor(
    private readonly repo: DirectorySeedingRepository,
    private readonly indexer: ContactIndexer,
  ) {}

  /** How many of these organisations exist. */
  countOrganisations(manager: EntityManager, ids: string[]): Promise<number> {
    return this.repo.countOrganisations(manager, ids);
  }

  /** The codes of the mandates there are. */
  mandateCodes(manager: EntityManager): Promise<string[]> {
    return this.repo.mandateCodes(manager);
  }

  /** For each country code, its first law-enforcement organisation (else its first by name). */
  async leadOrganisations(manager: EntityManager): Promise<Map<string, string>> {
    return new Map((await this.repo.leadOrganisations(manager)).map((r) => [r.code, r.id]));
  }

  /** Inserts organisations, parents before their children, in one statement. */
  async insertOrganisations(manager: EntityManager, organisations: SeedOrganisation[]): Promise<void> {
    await this.repo.insertOrganisations(
      manager,
      JSON.stringify(
        organisations.map((o) => ({
          id: o.id,
          name: o.name,
          acronym: o.acronym,
          kind: o.kind,
          country_code: o.countryCode,
          parent_id: o.parentId,
          website: o.website,
          verified_at: o.verifiedAt,
        })),
      ),
    );
  }

  /** Inserts contacts of existing organisations, then builds their search documents. */
  async insertContacts(manager: EntityManager, contacts: SeedContact[]): Promise<void> {
    // Tags repeat across people: each is folded once.
    const folded = new Map<string, string>();
    const foldTag = (tag: string) => {
      let value = folded.get(tag);
      if (value === undefined) folded.set(tag, (value = fold(tag)));
      return value;
    };
    await inChunks(contacts, async (chunk) => {
      const rows = chunk.map((c) => ({
        id: c.id,
        organisation_id: c.organisationId,
        country_code: c.countryCode,
        full_name: c.fullName,
        sort_name: sortNameOf(c.fullName),
        position: c.position,
        emails: c.emails,
        phones: c.phones,
        languages: c.languages,
        expertise: c.expertise,
        expertise_folded: [...new Set(c.expertise.map(foldTag))],
        mandates: c.mandates,
        time_zone: c.timeZone,
        status: c.status,
        visibility: c.visibility,
        last_confirmed_at: c.lastConfirmedAt,
        search_names: ContactIndexer.searchNames(c.fullName),
        created_at: c.createdAt,
      }));
      await this.repo.insertContacts(manager, JSON.stringify(rows));
    });
    await this.indexer.reindex(
      manager,
      contacts.map((c) => c.id),
    );
  }

  /** Inserts designations of existing contacts. */
  async insertDesignations(manager: EntityManager, designations: SeedDesignation[]): Promise<void> {
    await inChunks(designations, async (chunk) => {
      const rows = chunk.map((d) => ({
        id: d.id,
        contact_id: d.contactId,
        mandate_code: d.mandateCode,
        scope: d.scope,
        country_code: d.countryCode,
        organisation_id: d.organisationId,
        role: d.role,
        valid_from: d.validFrom,
        valid_to: d.validTo,
        status: d.status,
        nominating_authority: d.nominatingAuthority,
        decided_at: d.decidedAt,
        replaces_id: d.replacesId,
        last_confirmed_at: d.lastConfirmedAt,
      }));
      await this.repo.insertDesignations(manager, JSON.stringify(rows));
    });
  }
}
