import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig, JobQueue, MailPort, RealtimePublisher } from '@liaison/core';
import { DesignationDecisionsService } from '../designations/designation-decisions.service.js';
import { DirectoryAccounts } from '../directory-accounts.js';
import { DirectoryError } from '../errors.js';
import type { ConfirmationRequest } from './confirmation-request.entity.js';
import { FreshnessRepository } from './freshness.repository.js';

export const FRESHNESS_SCAN_JOB = 'directory.freshness.scan';
const NOTIFY_JOB = 'directory.freshness.notify';
const SCAN_EVERY_MS = 60 * 60 * 1000;
const LINK_VALID_DAYS = 60;
const MAX_NEW_REQUESTS_PER_SCAN = 500;

interface NotifyJob {
  requestId: string;
  level: number;
}

/**
 * Keeps the directory true: contacts not confirmed for `confirmAfterDays` get a re-confirmation
 * request (e-mail with a one-click link, and an in-app notice); unanswered for
 * `escalateAfterDays` it goes to the organisation's admins, then to the secretariat. The scan is
 * idempotent (one open request per contact, notices tracked by level), so a restart neither loses
 * nor repeats a notice.
 */
@Injectable()
export class FreshnessService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly requests: FreshnessRepository,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly mail: MailPort,
    private readonly accounts: DirectoryAccounts,
    private readonly realtime: RealtimePublisher,
    private readonly designations: DesignationDecisionsService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(FRESHNESS_SCAN_JOB, async () => {
      await this.scan();
    });
    this.jobs.handle<NotifyJob>(NOTIFY_JOB, (job) => this.notify(job));
  }

  /** Starts the hourly scan (only processes that run jobs take it). */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(FRESHNESS_SCAN_JOB, SCAN_EVERY_MS);
  }

  hashToken(token: string): string {
    return createHmac('sha256', this.config.secrets.tokenPepper).update(`confirmation:${token}`).digest('base64url');
  }

  /** One pass: end expired designations, open requests for stale entries, escalate, (re)send notices. */
  async scan(now = new Date()): Promise<{ opened: number; escalated: number; notices: number }> {
    await this.designations.sweepExpired();
    const days = this.config.confirmAfterDays;
    const escalate = this.config.escalateAfterDays;
    const opened = await this.requests.openForStale({
      limit: MAX_NEW_REQUESTS_PER_SCAN,
      now,
      confirmAfterDays: days,
      escalateAfterDays: escalate,
      linkValidDays: LINK_VALID_DAYS,
    });
    const escalated = await this.requests.escalateDue(now, escalate);
    // Every notice not yet sent, level by level (a crash between the commit and the mail is healed here).
    const pending = await this.requests.pendingNotices();
    let notices = 0;
    for (const p of pending)
      for (let level = p.notified_level + 1; level <= p.escalation_level; level++, notices++)
        await this.jobs.enqueue<NotifyJob>(
          NOTIFY_JOB,
          { requestId: p.id, level },
          { jobId: `confirm:${p.id}:${level}` },
        );
    return { opened: opened.length, escalated: escalated.length, notices };
  }
  /** Sends the notice of one level: to the contact (a new one-click link), their organisation's admins, or the secretariat. */
  private async notify({ requestId, level }: NotifyJob): Promise<void> {
    const request = await this.requests.findRequest(requestId);
    if (!request || request.answeredAt || request.notifiedLevel >= level) return;
    // Lower levels first: a notice of level 1 waits for the contact's own one.
    if (request.notifiedLevel < level - 1) throw new Error(`notice ${level - 1} of ${requestId} not sent yet`);
    const contact = await this.requests.contactWithOrganisation(request.contactId);
    if (!contact) return;
    const age = Math.floor((Date.now() - contact.lastConfirmedAt.getTime()) / 86_400_000);
    const entry = `${contact.fullName} (${contact.organisation!.name})`;
    if (level === 0) {
      const token = randomBytes(32).toString('base64url');
      await this.requests.setTokenHash(requestId, this.hashToken(token));
      const link = `${this.config.publicUrl}/confirm#token=${token}`;
      await this.mail.send({
        to: contact.emails[0],
        subject: 'Please confirm your entry in the Liaison directory',
        text:
          `Dear ${contact.fullName},\n\nyour entry in the directory of the network's points of contact was last confirmed ${age} days ago.\n` +
          `Please open this link and tell us whether it is still correct, needs an update, or whether you have left and who takes over:\n${link}\n\n` +
          `The link is personal and valid for ${LINK_VALID_DAYS} days. Without an answer within ${this.config.escalateAfterDays} days we will ask your organisation's administrators.\n`,
      });
      const users = await this.accounts.usersByEmail(contact.emails);
      for (const userId of users.values())
        this.realtime.toUser(userId, 'directory.confirmation.requested', { contactId: contact.id });
    } else {
      const recipients =
        level === 1 ? await this.accounts.adminsOf(contact.organisationId) : await this.accounts.secretariat();
      if (recipients.length > 0)
        await this.mail.send({
          to: recipients.map((r) => r.email),
          subject: `Directory entry not confirmed: ${entry}`,
          text:
            `The directory entry of ${entry} was last confirmed ${age} days ago and a request to confirm it has had no answer.\n` +
            `Please check it and confirm, update or hand it over:\n${this.config.publicUrl}/directory/contacts/${contact.id}\n`,
        });
    }
    await this.requests.setNotifiedLevel(requestId, level);
  }

  /** The open request a link's token belongs to, or 404 (unknown, answered or expired links look alike). */
  async byToken(manager: EntityManager, token: string): Promise<ConfirmationRequest> {
    const request = await this.requests.lockByTokenHash(manager, this.hashToken(token));
    if (!request || request.expiresAt < new Date())
      throw new DirectoryError(
        'confirmation_link_invalid',
        'This confirmation link is not valid (any more). Sign in to review your entry.',
      );
    if (request.answeredAt)
      throw new DirectoryError('confirmation_answered', 'This request has already been answered. Thank you.');
    return request;
  }

  async markAnswered(
    manager: EntityManager,
    requestId: string,
    answer: 'confirmed' | 'updated' | 'departed',
  ): Promise<void> {
    await this.requests.markAnswered(manager, requestId, answer, new Date());
  }

  openFor(contactId: string): Promise<boolean> {
    return this.requests.openFor(contactId);
  }
}
