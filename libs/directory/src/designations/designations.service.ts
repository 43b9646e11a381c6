import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Contact } from '../contacts/contact.entity.js';
import type { Viewer } from '../viewer.js';
import { DesignationsRepository } from './designations.repository.js';
import {
  type DesignationFilters,
  type DesignationInput,
  DesignationRecords,
  type DesignationWithContact,
} from './designation-records.js';
import { DesignatingService } from './designating.service.js';
import { DesignationDecisionsService } from './designation-decisions.service.js';
import { DesignationHandoverService } from './designation-handover.service.js';

export type { DesignationFilters, DesignationInput, DesignationWithContact } from './designation-records.js';

/**
 * Point-of-contact designations as the rest of the directory uses them: reading them and the daily
 * sweep here; designating, deciding and ending, and handovers in their own services.
 */
@Injectable()
export class DesignationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly designations: DesignationsRepository,
    private readonly records: DesignationRecords,
    private readonly designating: DesignatingService,
    private readonly decisions: DesignationDecisionsService,
    private readonly handovers: DesignationHandoverService,
  ) {}

  /** Designations whose contact the viewer may see; proposals only for those who decide or proposed them. */
  async list(viewer: Viewer, filters: DesignationFilters): Promise<DesignationWithContact[]> {
    return this.records.load(this.dataSource.manager, await this.designations.listIds(viewer, filters));
  }

  /** Active and proposed designations of one contact (for the confirmation page). */
  async forContact(manager: EntityManager, contactId: string): Promise<DesignationWithContact[]> {
    return this.records.load(manager, await this.designations.openIdsOf(manager, contactId));
  }

  designate(viewer: Viewer, input: DesignationInput, ip: string | null): Promise<DesignationWithContact> {
    return this.designating.designate(viewer, input, ip);
  }

  decide(
    viewer: Viewer,
    id: string,
    approve: boolean,
    reason: string | undefined,
    ip: string | null,
  ): Promise<DesignationWithContact> {
    return this.decisions.decide(viewer, id, approve, reason, ip);
  }

  end(viewer: Viewer, id: string, ip: string | null): Promise<DesignationWithContact> {
    return this.decisions.end(viewer, id, ip);
  }

  handover(
    actor: { viewer: Viewer | null; ip: string | null; via?: string },
    contactId: string,
    successor: {
      successorContactId?: string;
      successor?: { fullName: string; email: string; position?: string };
      note?: string;
    },
    manager: EntityManager,
  ): Promise<{ departed: Contact; successorId: string; proposals: DesignationWithContact[] }> {
    return this.handovers.handover(actor, contactId, successor, manager);
  }

  refreshMandates(manager: EntityManager, contactIds: string[]): Promise<void> {
    return this.records.refreshMandates(manager, contactIds);
  }

  /** Daily: designations past their end date are ended; mandates follow the calendar. */
  async sweepExpired(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.designations.endExpired(manager);
      const starting = await this.designations.startingToday(manager);
      const ids = [...new Set([...rows.map((r) => r.contact_id), ...starting.map((r) => r.id)])];
      await this.records.refreshMandates(manager, ids);
      return rows.length;
    });
  }
}
