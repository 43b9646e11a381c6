import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { type AuthenticatedUser, FreshAuthentication } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { KeyedHash } from '../tokens/keyed-hash.js';
import { UsersRepository } from '../users/users.repository.js';
import { MfaRepository } from './mfa.repository.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

const RECOVERY_CODES = 10;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l

function recoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
}

/** TOTP enrolment: a pending secret, confirmed by a first code, then ten recovery codes. */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyed: KeyedHash,
    private readonly audit: AuditService,
    private readonly fresh: FreshAuthentication,
    private readonly repo: MfaRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * Starts setting up an authenticator. Adding a first one or replacing one needs a recent proof
   * of the password (and of the current code, where one is enrolled): the session alone must not
   * bind a second factor (ASVS 7.5), or a stolen session would lock the owner out behind the
   * thief's authenticator. The enrolment forced right after signing in passes: signing in is
   * that proof.
   */
  async enroll(caller: AuthenticatedUser): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
    const userId = caller.id;
    const user = await this.users.findByIdOrFail(userId);
    await this.fresh.assertRecent(caller);
    const secret = newTotpSecret();
    await this.repo.setPendingSecret(userId, this.keyed.seal(secret));
    const otpauthUrl = totpUri(secret, user.email);
    return {
      secret,
      otpauthUrl,
      qrDataUrl: await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
    };
  }

  async confirm(caller: AuthenticatedUser, code: string, ip: string | null): Promise<string[]> {
    const userId = caller.id;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockById(manager, userId);
      await this.fresh.assertRecent(caller);
      if (!user?.mfaPendingSecret)
        throw new IdentityError('mfa_not_pending', 'Start the set-up again: no enrolment is in progress.');
      const step = await verifyTotp(this.keyed.open(user.mfaPendingSecret), code, null);
      if (step === null)
        throw new IdentityError(
          'invalid_code',
          'That code is not right. Check the time on your phone and try the current code.',
          undefined,
          400,
        );
      await this.repo.enable(manager, userId, {
        mfaSecret: user.mfaPendingSecret,
        mfaPendingSecret: null,
        mfaEnabledAt: new Date(),
        mfaLastStep: step,
      });
      await this.repo.deleteRecoveryCodes(manager, userId);
      const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
      await this.repo.insertRecoveryCodes(
        manager,
        userId,
        codes.map((c) => this.keyed.hash('recovery', c)),
      );
      await this.audit.record(
        { action: 'auth.mfa.enabled', actorId: userId, targetType: 'user', targetId: userId, ip },
        manager,
      );
      return codes;
    });
  }
}
