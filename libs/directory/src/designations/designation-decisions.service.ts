import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { ContactEditingService } from '../contacts/contact-editing.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DirectoryError } from '../errors.js';
import type { Viewer } from '../viewer.js';
import { DesignationsRepository } from './designations.repository.js';
import { DesignationRecords, type DesignationWithContact, describe, today } from './designation-records.js';

/**
 * Deciding on proposals (the secretariat; an organisation's admins on its handovers) and ending
 * active designations, by hand or when their end date has passed. Never two active primaries for
 * one cell at once.
 */
@Injectable()
export class DesignationDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
    private readonly editing: ContactEditingService,
    private readonly designations: DesignationsRepository,
    private readonly records: DesignationRecords,
  ) {}

  async decide(
    viewer: Viewer,
    id: string,
    approve: boolean,
    reason: string | undefined,
    ip: string | null,
  ): Promise<DesignationWithContact> {
    return this.dataSource.transaction(async (manager) => {
      const proposal = await this.designations.lock(manager, id);
      if (!proposal) throw new DirectoryError('designation_not_found', 'There is no such designation.');
      const contact = await this.contacts.getVisible(viewer, proposal.contactId, manager).catch(() => {
        throw new DirectoryError('designation_not_found', 'There is no such designation.');
      });
      const orgAdminOfHandover =
        viewer.orgAdmin && viewer.organisationId === contact.organisationId && proposal.replacesId !== null;
      if (!viewer.secretariat && !orgAdminOfHandover)
        throw new DirectoryError(
          'not_allowed',
          'The secretariat decides on proposals (an organisation’s admins on its handovers).',
        );
      if (proposal.status !== 'proposed')
        throw new DirectoryError('designation_not_pending', 'This designation is not waiting for a decision.');
      if (approve) {
        const validFrom = proposal.validFrom < today() ? today() : proposal.validFrom;
        if (proposal.replacesId) {
          const replaced = await this.designations.find(manager, proposal.replacesId);
          if (replaced?.status === 'active') await this.records.endReplaced(manager, replaced.id, validFrom);
        }
        await this.records.refuseOverlap(
          manager,
          {
            ...proposal,
            countryCode: proposal.countryCode ?? undefined,
            organisationId: proposal.organisationId ?? undefined,
            replacesId: undefined,
          },
          validFrom,
          proposal.validTo,
        );
        await this.designations.update(manager, id, {
          status: 'active',
          validFrom,
          decidedBy: viewer.userId,
          decidedAt: new Date(),
          lastConfirmedAt: new Date(),
        });
      } else {
        await this.designations.update(manager, id, {
          status: 'rejected',
          decidedBy: viewer.userId,
          decidedAt: new Date(),
          note: reason ?? proposal.note,
        });
      }
      await this.records.refreshMandates(manager, [proposal.contactId]);
      await this.editing.recordChange(
        manager,
        proposal.contactId,
        viewer.userId,
        approve ? 'designation_approved' : 'designation_rejected',
        {
          designation: {
            from: describe(proposal),
            to: { ...describe(proposal), status: approve ? 'active' : 'rejected' },
          },
        },
      );
      await this.audit.record(
        {
          action: approve ? 'directory.designation.approved' : 'directory.designation.rejected',
          actorId: viewer.userId,
          targetType: 'point_of_contact',
          targetId: id,
          ip,
          details: { ...describe(proposal), reason: reason ?? null },
        },
        manager,
      );
      return (await this.records.load(manager, [id]))[0];
    });
  }

  /** Ends an active designation today (the secretariat, or the organisation's admins for its contacts). */
  async end(viewer: Viewer, id: string, ip: string | null): Promise<DesignationWithContact> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.designations.lock(manager, id);
      if (!found) throw new DirectoryError('designation_not_found', 'There is no such designation.');
      const contact = await this.contacts.getVisible(viewer, found.contactId, manager).catch(() => {
        throw new DirectoryError('designation_not_found', 'There is no such designation.');
      });
      if (!viewer.secretariat && !(viewer.orgAdmin && viewer.organisationId === contact.organisationId))
        throw new DirectoryError(
          'not_allowed',
          'Only the secretariat and the organisation’s admins end a designation.',
        );
      if (found.status !== 'active')
        throw new DirectoryError('designation_not_pending', 'Only an active designation can be ended.');
      const end = today() < found.validFrom ? found.validFrom : today();
      await this.designations.update(manager, id, { status: 'ended', validTo: end });
      await this.records.refreshMandates(manager, [found.contactId]);
      await this.editing.recordChange(manager, found.contactId, viewer.userId, 'designation_ended', {
        designation: { from: describe(found), to: { ...describe(found), status: 'ended', validTo: end } },
      });
      await this.audit.record(
        {
          action: 'directory.designation.ended',
          actorId: viewer.userId,
          targetType: 'point_of_contact',
          targetId: id,
          ip,
          details: describe(found),
        },
        manager,
      );
      return (await this.records.load(manager, [id]))[0];
    });
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
