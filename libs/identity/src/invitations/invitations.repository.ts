import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { Role } from '@liaison/core';
import { Invitation } from './invitation.entity.js';

/** A pending invitation to store. */
export interface NewInvitation {
  email: string;
  role: Role;
  organisationId: string | null;
  displayName: string | null;
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
}

/** Invitations (`invitation`): creation, replacement, look-up by token, single-use claim. */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the directory has this organisation (read through the view it publishes). */
  async organisationExists(m: EntityManager, organisationId: string): Promise<boolean> {
    const [found] = (await m.query(`SELECT 1 FROM directory_organisation WHERE id = $1`, [
      organisationId,
    ])) as unknown[];
    return Boolean(found);
  }

  /**
   * Whether this address has a live pending invitation an admin of this organisation may not
   * replace: into another organisation, by an inviter gone, or sent by the secretariat.
   */
  async hasForeignPending(
    m: EntityManager,
    email: string,
    organisationId: string | null | undefined,
  ): Promise<boolean> {
    const [foreign] = (await m.query(
      `SELECT 1 FROM invitation i LEFT JOIN user_account u ON u.id = i.invited_by
            WHERE i.email = $1 AND i.accepted_at IS NULL AND i.expires_at > now()
              AND (i.organisation_id IS DISTINCT FROM $2 OR u.id IS NULL OR 'secretariat' = ANY(u.roles))`,
      [email, organisationId],
    )) as unknown[];
    return Boolean(foreign);
  }

  /** Deletes the address's invitations not accepted yet. */
  async deletePending(m: EntityManager, email: string): Promise<void> {
    await m.delete(Invitation, { email, acceptedAt: IsNull() });
  }

  /** Stores an invitation; returns it with its id. */
  create(m: EntityManager, invitation: NewInvitation): Promise<Invitation> {
    return m.getRepository(Invitation).save(m.create(Invitation, invitation));
  }

  findByTokenHash(tokenHash: string): Promise<Invitation | null> {
    return this.dataSource.getRepository(Invitation).findOneBy({ tokenHash });
  }

  /** Marks the invitation accepted unless it was already; false when it was. */
  async claim(m: EntityManager, invitationId: string): Promise<boolean> {
    const claimed = await m
      .createQueryBuilder()
      .update(Invitation)
      .set({ acceptedAt: () => 'now()' })
      .where('id = :id AND accepted_at IS NULL', { id: invitationId })
      .execute();
    return claimed.affected === 1;
  }
}
