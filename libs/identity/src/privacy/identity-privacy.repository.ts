import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The SQL of identity's part in exports and erasures. */
@Injectable()
export class IdentityPrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async accountById(userId: string): Promise<{ id: string; email: string; displayName: string } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, email::text AS email, display_name AS "displayName" FROM user_account WHERE id = $1`,
      [userId],
    )) as { id: string; email: string; displayName: string }[];
    return row ?? null;
  }

  async accountStatus(userId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT status FROM user_account WHERE id = $1`, [userId])) as {
      status: string;
    }[];
    return row?.status ?? null;
  }

  async accountsByEmail(emails: string[]): Promise<{ id: string; email: string; displayName: string }[]> {
    if (emails.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, email::text AS email, display_name AS "displayName" FROM user_account
        WHERE lower(email::text) = ANY($1::text[]) ORDER BY created_at`,
      [emails],
    );
  }

  async exportAccount(userId: string) {
    const [account] = await this.dataSource.query(
      `SELECT email::text AS email, display_name AS "displayName", roles, organisation_id AS "organisationId", status,
              mfa_enabled_at AS "mfaEnabledAt", last_sign_in_at AS "lastSignInAt", created_at AS "createdAt",
              updated_at AS "updatedAt"
         FROM user_account WHERE id = $1`,
      [userId],
    );
    const sessions = await this.dataSource.query(
      `SELECT id, device, ip, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt",
              revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
         FROM session WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    const [codes] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE used_at IS NULL)::int AS unused, count(*) FILTER (WHERE used_at IS NOT NULL)::int AS used
         FROM mfa_recovery_code WHERE user_id = $1`,
      [userId],
    )) as { unused: number; used: number }[];
    const invitationsIssued = await this.dataSource.query(
      `SELECT id, role, organisation_id AS "organisationId", created_at AS "createdAt", accepted_at AS "acceptedAt"
         FROM invitation WHERE invited_by = $1 ORDER BY created_at`,
      [userId],
    );
    return { account, sessions, recoveryCodes: codes, invitationsIssued };
  }

  async invitationsTo(emails: string[]) {
    if (emails.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, email::text AS email, display_name AS "displayName", role, organisation_id AS "organisationId",
              created_at AS "createdAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"
         FROM invitation WHERE lower(email::text) = ANY($1::text[]) ORDER BY created_at`,
      [emails],
    );
  }

  /**
   * The account keeps its id (messages, plans and the audit log point to it) under the
   * pseudonym; it can never sign in again; its sessions, recovery codes and pending invitations
   * go; invitations to its addresses keep no address.
   */
  async erase(manager: EntityManager, userId: string | null, emails: string[], pseudonym: string) {
    let accounts = 0;
    let sessions = 0;
    let recoveryCodes = 0;
    if (userId) {
      const [s] = (await manager.query(
        `WITH gone AS (DELETE FROM session WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [userId],
      )) as { n: number }[];
      sessions = s.n;
      const [r] = (await manager.query(
        `WITH gone AS (DELETE FROM mfa_recovery_code WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [userId],
      )) as { n: number }[];
      recoveryCodes = r.n;
      const updated = (await manager.query(
        `UPDATE user_account SET email = 'erased-' || id || '@erased.invalid', display_name = $2,
                password_hash = '!erased', mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL,
                status = 'disabled', last_sign_in_at = NULL, updated_at = now()
          WHERE id = $1 RETURNING id`,
        [userId, pseudonym],
      )) as [unknown[], number];
      accounts = updated[1];
    }
    const invitations = emails.length
      ? (
          (await manager.query(
            `UPDATE invitation SET email = 'erased-' || id || '@erased.invalid', display_name = $2,
                  token_hash = 'erased-' || id, expires_at = least(expires_at, now())
            WHERE lower(email::text) = ANY($1::text[]) RETURNING id`,
            [emails, pseudonym],
          )) as [unknown[], number]
        )[1]
      : 0;
    return { accounts, sessions, recoveryCodes, invitations };
  }
}
