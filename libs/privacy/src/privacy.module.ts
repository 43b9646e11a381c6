import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyErasure, RetentionPolicy } from './privacy.entity.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';

/**
 * Privacy rights across the contexts: exports, erasure, retention. It knows the contexts only
 * through core's PersonalDataHolder port, which each of them implements and registers.
 */
@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([PrivacyErasure, RetentionPolicy])],
  controllers: [PrivacyController],
  providers: [PrivacyRepository, PrivacyService],
  exports: [PrivacyService],
})
export class PrivacyModule {}
