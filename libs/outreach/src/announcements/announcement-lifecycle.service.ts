import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import type { Caller } from '../access.js';
import { OutreachError } from '../errors.js';
import type { AnnouncementDto } from '../outreach.dto.js';
import { AnnouncementsRepository } from './announcements.repository.js';
import { OutreachJobs } from '../delivery/outreach-jobs.js';
import { AnnouncementReadingService } from './announcement-reading.service.js';
import { requireSecretariat, staleVersion } from './announcement-rules.js';

/** The end of an announcement's life: withdrawing what was scheduled or sent, deleting a draft. */
@Injectable()
export class AnnouncementLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AnnouncementsRepository,
    private readonly reading: AnnouncementReadingService,
    private readonly audit: AuditService,
    private readonly jobs: OutreachJobs,
  ) {}

  /** Takes an announcement back: recipients see it withdrawn; an event is cancelled with a CANCEL to invitees. */
  async withdraw(caller: Caller, id: string, version: number, reason: string): Promise<AnnouncementDto> {
    requireSecretariat(caller);
    let cancelEvent = false;
    let wasPublished = false;
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.version !== version) throw staleVersion(row);
      if (row.status === 'withdrawn')
        throw new OutreachError('invalid_state', 'This announcement is already withdrawn.');
      if (row.status === 'draft')
        throw new OutreachError('invalid_state', 'A draft has not been sent; there is nothing to withdraw.');
      wasPublished = row.status === 'published';
      await this.repo.withdraw(m, id, reason, caller.userId);
      if (row.eventId && wasPublished) {
        await this.repo.cancelEvent(m, row.eventId);
        cancelEvent = true;
      }
      await this.audit.record(
        {
          action: 'announcement.withdrawn',
          actorId: caller.userId,
          targetType: 'announcement',
          targetId: id,
          details: { reason },
        },
        m,
      );
    });
    const after = await this.reading.get(caller, id);
    if (wasPublished) {
      this.jobs.recipientsChanged(id, after.revision);
      if (cancelEvent) await this.jobs.invitationUpdate(id);
    }
    return after;
  }

  /** Deletes a draft (nothing was sent); anything scheduled or sent is withdrawn instead. */
  async deleteDraft(caller: Caller, id: string, version: number): Promise<void> {
    requireSecretariat(caller);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new OutreachError('announcement_not_found', 'No such announcement.');
      if (row.status !== 'draft')
        throw new OutreachError('invalid_state', 'Only a draft can be deleted; withdraw what was scheduled or sent.');
      if (row.version !== version) throw staleVersion(row, 'Someone changed this draft meanwhile.');
      await this.repo.delete(m, id);
      await this.audit.record(
        {
          action: 'announcement.draft_deleted',
          actorId: caller.userId,
          targetType: 'announcement',
          targetId: id,
          details: { title: row.title },
        },
        m,
      );
    });
  }
}
