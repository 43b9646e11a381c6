import { MessagingPersonalData } from './privacy/messaging-personal-data.js';
import { MessagingPrivacyRepository } from './privacy/messaging-privacy.repository.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { allowLargeJson } from '@liaison/core';
import { ArchiveController } from './archive/archive.controller.js';
import { HistoryArchiveChunkRow } from './archive/archive.entity.js';
import { ArchiveRepository } from './archive/archive.repository.js';
import { ArchiveService } from './archive/archive.service.js';
import { AttachmentStore } from './delivery/attachment-store.js';
import { DeliveryController } from './delivery/delivery.controller.js';
import {
  KeyPackageClaimRow,
  MlsAttachmentRow,
  MlsMessageRow,
  MlsThreadDeviceRow,
  MlsThreadMemberRow,
  MlsThreadRow,
  MlsWelcomeRow,
} from './delivery/delivery.entity.js';
import { DeliveryRealtime } from './delivery/delivery.realtime.js';
import { ApplicationInserts } from './delivery/application-inserts.js';
import { DeliveryRepository } from './delivery/delivery.repository.js';
import { DeliveryThreadLinks } from './delivery/delivery-thread-links.js';
import { DeliveryDevicesService } from './delivery/delivery-devices.service.js';
import { DeliveryMessagesService } from './delivery/delivery-messages.service.js';
import { DeliveryRosterService } from './delivery/delivery-roster.service.js';
import { MlsAttachmentsController } from './delivery/mls-attachments.controller.js';
import { MlsAttachmentsService } from './delivery/mls-attachments.service.js';
import { KeyBackup } from './keys/key-backup.entity.js';
import { KeysController } from './keys/keys.controller.js';
import { KeyBackupRepository } from './keys/key-backup.repository.js';
import { KeysService } from './keys/keys.service.js';
import { ThreadLinks } from './thread-links.js';
import { KeyLogEntryRow, KeyLogHeadRow, MlsDeviceRow, MlsKeyPackageRow } from './transparency/key-log.entity.js';
import { KeyLogRepository } from './transparency/key-log.repository.js';
import { KeyLogService } from './transparency/key-log.service.js';
import { TransparencyController } from './transparency/transparency.controller.js';

/**
 * End-to-end encrypted messaging, server side (protocol v2, MLS; docs/e2ee.md): the key
 * transparency log with devices and KeyPackages, the delivery service (threads, commits,
 * Welcomes, messages, attachments), key backups and history archives. It imports only the
 * protocol library's checks; nothing here can decrypt.
 */
@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([
      KeyBackup,
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
    TransparencyController,
    DeliveryController,
    ArchiveController,
    MlsAttachmentsController,
  ],
  providers: [
    KeysService,
    KeyBackupRepository,
    AttachmentStore,
    KeyLogRepository,
    KeyLogService,
    DeliveryRepository,
    ApplicationInserts,
    DeliveryDevicesService,
    DeliveryRosterService,
    DeliveryMessagesService,
    DeliveryRealtime,
    ArchiveRepository,
    ArchiveService,
    MlsAttachmentsService,
    MessagingPrivacyRepository,
    MessagingPersonalData,
    { provide: ThreadLinks, useClass: DeliveryThreadLinks },
  ],
  exports: [ThreadLinks],
})
export class MessagingModule {
  constructor() {
    // A commit adding many members carries a Welcome with the whole ratchet tree.
    allowLargeJson(/^\/api\/v1\/threads\/[^/]+\/commits$/);
  }
}
