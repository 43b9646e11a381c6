import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, type AuthenticatedUser, JobQueue, MailPort } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { MfaPolicy } from '../mfa/mfa-policy.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { checkPassword, MIN_LENGTH, PASSWORD_PROBLEM_TEXT } from '../passwords/password-policy.js';
import { KeyedHash, randomToken } from '../tokens/keyed-hash.js';
import { toMeDto, type MeDto } from '../users/user.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import type { CreateInvitationDto } from './invitation.dto.js';
import type { Invitation } from './invitation.entity.js';
import { InvitationsRepository } from './invitations.repository.js';

const VALID_DAYS = 7;
const MAIL_JOB = 'identity.invitation.mail';

interface InvitationMail {
  email: string;
  link: string;
  role: string;
  expiresAt: string;
  /** The address has an account already: the mail says so, and carries no link. */
  existingAccount?: boolean;
}

/** Invitations: who may invite whom, single-use hashed tokens, acceptance. */
@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyed: KeyedHash,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly mail: MailPort,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly mfa: MfaPolicy,
    private readonly repo: InvitationsRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.jobs.handle<InvitationMail>(MAIL_JOB, async (m) => {
      if (m.existingAccount) {
        await this.mail.send({
          to: m.email,
          subject: 'Your invitation to Liaison',
          text:
            `Someone invited this address to Liaison, the secure cooperation workspace of the network against online child sexual exploitation, but you already have an account.\n\n` +
            `Sign in as usual at ${this.config.publicUrl}. If you did not expect this, tell the secretariat.`,
        });
        return;
      }
      await this.mail.send({
        to: m.email,
        subject: 'Your invitation to Liaison',
        text:
          `You have been invited to Liaison, the secure cooperation workspace of the network against online child sexual exploitation.\n\n` +
          `Open this link to set your password (valid until ${m.expiresAt}, usable once):\n${m.link}\n\n` +
          `If you did not expect this invitation, ignore this message.`,
      });
    });
  }

  /** The link an invitee opens; the token sits in the fragment so it never reaches server logs. */
  linkFor(token: string): string {
    return `${this.config.publicUrl}/invitation#token=${token}`;
  }

  /**
   * Creates (or replaces) the pending invitation of an address. The secretariat invites anyone;
   * an organisation admin invites members and admins of their own organisation only. `inviter`
   * is null for the command-line bootstrap of the first administrator.
   *
   * An address with an account answers `user_exists` only to whoever may know that account (the
   * secretariat, an admin of its organisation). To any other admin it is invited like a new
   * address (same answer, an invitation that stays pending), so the answer reveals no account the
   * admin may not see; its holder is told by mail that they have an account already (no link),
   * and the audit marks the invitation for the secretariat.
   */
  async invite(
    inviter: AuthenticatedUser | null,
    dto: CreateInvitationDto,
    ip: string | null,
  ): Promise<{ invitation: Invitation; token: string }> {
    if (inviter && !inviter.roles.includes('secretariat')) {
      if (!inviter.roles.includes('org_admin'))
        throw new IdentityError('forbidden_role', 'Only the secretariat and organisation administrators invite.');
      if (!inviter.organisationId || dto.organisationId !== inviter.organisationId) {
        throw new IdentityError('forbidden_organisation', 'You can invite people into your own organisation only.');
      }
      if (dto.role === 'secretariat')
        throw new IdentityError('forbidden_role', 'Only the secretariat can invite to the secretariat role.');
    }
    const email = dto.email.trim().toLowerCase();
    const token = randomToken();
    let existingAccount = false;
    const invitation = await this.dataSource.transaction(async (manager) => {
      const account = await this.users.findForInvitation(manager, email);
      if (account) {
        if (!inviter || inviter.roles.includes('secretariat') || account.organisationId === inviter.organisationId)
          throw new IdentityError('user_exists', 'This person already has an account.');
        existingAccount = true;
      }
      if (dto.organisationId && !(await this.repo.organisationExists(manager, dto.organisationId)))
        throw new IdentityError('unknown_organisation', 'There is no such organisation in the directory.', [
          { field: 'organisationId', reasons: ['organisationId must name an organisation of the directory'] },
        ]);
      // An organisation's admin replaces only their own organisation's pending invitation, never
      // one into another organisation or one the secretariat sent.
      if (inviter && !inviter.roles.includes('secretariat')) {
        if (await this.repo.hasForeignPending(manager, email, inviter.organisationId))
          throw new IdentityError(
            'invitation_pending',
            'Someone else has already invited this person; ask the secretariat.',
          );
      }
      await this.repo.deletePending(manager, email);
      const created = await this.repo.create(manager, {
        email,
        role: dto.role,
        organisationId: dto.organisationId ?? null,
        displayName: dto.displayName ?? null,
        tokenHash: this.keyed.hash('invitation', token),
        invitedBy: inviter?.id ?? null,
        expiresAt: new Date(Date.now() + VALID_DAYS * 24 * 3600 * 1000),
      });
      await this.audit.record(
        {
          action: 'invitation.created',
          actorId: inviter?.id ?? null,
          targetType: 'invitation',
          targetId: created.id,
          ip,
          details: {
            email,
            role: dto.role,
            organisationId: dto.organisationId ?? null,
            ...(existingAccount ? { existingAccount: true } : {}),
          },
        },
        manager,
      );
      return created;
    });
    await this.jobs.enqueue<InvitationMail>(MAIL_JOB, {
      email,
      link: this.linkFor(token),
      role: dto.role,
      expiresAt: invitation.expiresAt.toISOString(),
      ...(existingAccount ? { link: '', existingAccount: true } : {}),
    });
    return { invitation, token };
  }

  private async findUsable(token: string): Promise<Invitation> {
    const invitation = await this.repo.findByTokenHash(this.keyed.hash('invitation', token));
    if (!invitation)
      throw new IdentityError('invitation_not_found', 'This invitation link is not valid. Ask for a new invitation.');
    if (invitation.acceptedAt)
      throw new IdentityError('invitation_used', 'This invitation has already been used. Sign in instead.');
    if (invitation.expiresAt.getTime() < Date.now())
      throw new IdentityError('invitation_expired', 'This invitation has expired. Ask for a new one.');
    return invitation;
  }

  inspect(token: string): Promise<Invitation> {
    return this.findUsable(token);
  }

  async accept(token: string, password: string, displayName: string, ip: string | null): Promise<MeDto> {
    const pending = await this.findUsable(token);
    const problems = checkPassword(password, { email: pending.email });
    if (problems.length > 0) {
      throw new IdentityError('weak_password', 'Choose a stronger password.', [
        { field: 'password', reasons: problems.map((p) => PASSWORD_PROBLEM_TEXT[p](MIN_LENGTH)) },
      ]);
    }
    const passwordHash = await this.passwords.hash(password);
    const user = await this.dataSource.transaction(async (manager) => {
      // Single use, even when two tabs accept at once.
      if (!(await this.repo.claim(manager, pending.id)))
        throw new IdentityError('invitation_used', 'This invitation has already been used. Sign in instead.');
      if (await this.users.existsByEmail(manager, pending.email)) {
        throw new IdentityError('user_exists', 'This person already has an account.');
      }
      const created = await this.users.create(manager, {
        email: pending.email,
        displayName: displayName.trim(),
        passwordHash,
        roles: [pending.role],
        organisationId: pending.organisationId,
        status: 'active',
      });
      await this.audit.record(
        {
          action: 'invitation.accepted',
          actorId: created.id,
          targetType: 'user',
          targetId: created.id,
          ip,
          details: { invitationId: pending.id, role: pending.role },
        },
        manager,
      );
      return created;
    });
    return toMeDto(user, !user.mfaEnabledAt && this.mfa.requiresMfa(user));
  }
}
