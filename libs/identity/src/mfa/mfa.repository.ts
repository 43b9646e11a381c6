import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { RecoveryCode } from '../users/recovery-code.entity.js';
import { User } from '../users/user.entity.js';

/** What confirming an enrolment writes on the account. */
export interface MfaEnablement {
  mfaSecret: string;
  mfaPendingSecret: null;
  mfaEnabledAt: Date;
  mfaLastStep: number;
}

/** The second factor's statements: the account's TOTP columns and its recovery codes. */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keeps a sealed secret being enrolled, until a first code confirms it. */
  async setPendingSecret(userId: string, mfaPendingSecret: string): Promise<void> {
    await this.dataSource.getRepository(User).update({ id: userId }, { mfaPendingSecret });
  }

  /** Makes the pending secret the account's second factor. */
  async enable(m: EntityManager, userId: string, enablement: MfaEnablement): Promise<void> {
    await m.update(User, { id: userId }, enablement);
  }

  async deleteRecoveryCodes(m: EntityManager, userId: string): Promise<void> {
    await m.delete(RecoveryCode, { userId });
  }

  async insertRecoveryCodes(m: EntityManager, userId: string, codeHashes: string[]): Promise<void> {
    await m.insert(
      RecoveryCode,
      codeHashes.map((codeHash) => ({ userId, codeHash })),
    );
  }

  /** Records this TOTP step as used if it is later than the last one; false when it was used already. */
  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const updated = await this.dataSource
      .createQueryBuilder()
      .update(User)
      .set({ mfaLastStep: step })
      .where('id = :id AND (mfa_last_step IS NULL OR mfa_last_step < :step)', { id: userId, step })
      .execute();
    return updated.affected === 1;
  }

  /** Marks an unused recovery code used; false when there is no such unused code. */
  async spendRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const used = await this.dataSource
      .getRepository(RecoveryCode)
      .update({ userId, codeHash, usedAt: IsNull() }, { usedAt: new Date() });
    return used.affected === 1;
  }
}
