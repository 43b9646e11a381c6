import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { Attachment } from './attachments/attachment.entity.js';
import { AttachmentStore } from './attachments/attachment-store.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { KeyBackup } from './keys/key-backup.entity.js';
import { KeysController } from './keys/keys.controller.js';
import { KeysService } from './keys/keys.service.js';
import { UserKey } from './keys/user-key.entity.js';
import { HistoryShareRow } from './threads/history-share.entity.js';
import { KeyDistributionRow } from './threads/key-distribution.entity.js';
import { MessageRow } from './threads/message.entity.js';
import { RosterEventRow } from './threads/roster-event.entity.js';
import { Thread } from './threads/thread.entity.js';
import { ThreadMember } from './threads/thread-member.entity.js';
import { ThreadsController } from './threads/threads.controller.js';
import { ThreadsRealtime } from './threads/threads.realtime.js';
import { ThreadsService } from './threads/threads.service.js';
import { KeyLogEntryRow, KeyLogHeadRow, MlsDeviceRow, MlsKeyPackageRow } from './transparency/key-log.entity.js';
import { KeyLogRepository } from './transparency/key-log.repository.js';
import { allowLargeJson } from '@liaison/core';
import { ArchiveController } from './archive/archive.controller.js';
import { HistoryArchiveChunkRow } from './archive/archive.entity.js';
import { ArchiveRepository } from './archive/archive.repository.js';
import { ArchiveService } from './archive/archive.service.js';
import { DeliveryController } from './delivery/delivery.controller.js';
import {
  KeyPackageClaimRow,
  MlsMessageRow,
  MlsThreadDeviceRow,
  MlsThreadMemberRow,
  MlsThreadRow,
  MlsAttachmentRow,
  MlsWelcomeRow,
} from './delivery/delivery.entity.js';
import { DeliveryRealtime } from './delivery/delivery.realtime.js';
import { DeliveryRepository } from './delivery/delivery.repository.js';
import { DeliveryThreadLinks } from './delivery/delivery-thread-links.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { MlsAttachmentsController } from './delivery/mls-attachments.controller.js';
import { MlsAttachmentsService } from './delivery/mls-attachments.service.js';
import { KeyLogService } from './transparency/key-log.service.js';
import { ThreadLinks } from './thread-links.js';
import { TransparencyController } from './transparency/transparency.controller.js';

/**
 * End-to-end encrypted messaging, server side: the key directory and backups, threads with
 * verified rosters and key distributions, and ciphertext messages. It imports only the protocol
 * library's checks; nothing here can decrypt.
 */
@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([
      UserKey,
      KeyBackup,
      Thread,
      ThreadMember,
      RosterEventRow,
      KeyDistributionRow,
      MessageRow,
      Attachment,
      HistoryShareRow,
      KeyLogEntryRow,
      KeyLogHeadRow,
      MlsDeviceRow,
      MlsKeyPackageRow,
      MlsThreadRow,
      MlsThreadDeviceRow,
      MlsThreadMemberRow,
      MlsMessageRow,
      MlsWelcomeRow,
      KeyPackageClaimRow,
      HistoryArchiveChunkRow,
      MlsAttachmentRow,
    ]),
  ],
  controllers: [
    KeysController,
    ThreadsController,
    AttachmentsController,
    TransparencyController,
    DeliveryController,
    ArchiveController,
    MlsAttachmentsController,
  ],
  providers: [
    KeysService,
    ThreadsService,
    ThreadsRealtime,
    AttachmentStore,
    AttachmentsService,
    KeyLogRepository,
    KeyLogService,
    DeliveryRepository,
    DeliveryService,
    DeliveryRealtime,
    ArchiveRepository,
    ArchiveService,
    MlsAttachmentsService,
    { provide: ThreadLinks, useClass: DeliveryThreadLinks },
  ],
  exports: [KeysService, ThreadsService, AttachmentsService, ThreadLinks],
})
export class MessagingModule {
  constructor() {
    // A commit adding many members carries a Welcome with the whole ratchet tree.
    allowLargeJson(/^\/api\/v1\/mls\/threads\/[^/]+\/commits$/);
  }
}
