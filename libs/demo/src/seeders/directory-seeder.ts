import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DirectorySeeding } from '@liaison/directory';
import { generateDemoNetwork } from '../fixtures/demo-network.js';
import { DEMO_ORGANISATION_LIST } from '../fixtures/demo-organisations.js';

/** The directory's share of the demo: the demo organisations, then the demo network. */
@Injectable()
export class DirectoryDemoSeeder {
  constructor(private readonly directory: DirectorySeeding) {}

  /** The first demo organisations, verified now. */
  async seedOrganisations(manager: EntityManager): Promise<void> {
    const verifiedAt = new Date();
    await this.directory.insertOrganisations(
      manager,
      DEMO_ORGANISATION_LIST.map((o) => ({ ...o, parentId: null, verifiedAt })),
    );
  }

  /**
   * The demo network's other organisations, its people (with their search documents) and their
   * designations (the organisations of DEMO_ORGANISATION_LIST must be there already). Returns the
   * numbers of rows inserted.
   */
  async seedNetwork(
    manager: EntityManager,
    now: Date = new Date(),
  ): Promise<{ organisations: number; contacts: number; designations: number }> {
    const network = generateDemoNetwork(now);
    const existing = network.organisations.filter((o) => o.existing).map((o) => o.id);
    if ((await this.directory.countOrganisations(manager, existing)) !== existing.length)
      throw new Error('The demo network needs the demo organisations (DEMO_ORGANISATION_LIST) seeded first.');
    const known = new Set(await this.directory.mandateCodes(manager));
    const unknown = [...new Set(network.designations.map((d) => d.mandateCode))].filter((m) => !known.has(m));
    if (unknown.length) throw new Error(`The demo network needs the mandates ${unknown.join(', ')}.`);

    // Parents first: every parent is either an existing organisation or listed before its children.
    const organisations = network.organisations.filter((o) => !o.existing);
    await this.directory.insertOrganisations(manager, organisations);
    await this.directory.insertContacts(manager, network.contacts);
    await this.directory.insertDesignations(manager, network.designations);
    return {
      organisations: organisations.length,
      contacts: network.contacts.length,
      designations: network.designations.length,
    };
  }
}
