import { randomInt } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '@liaison/audit';
import {
  type AuthenticatedUser,
  type DataSubject,
  DomainError,
  FreshAuthentication,
  JobQueue,
  LOGGER,
  MailPort,
  PersonalDataRegistry,
  replaceTerms,
  type RetentionPeriods,
  subjectTerms,
} from '@liaison/core';
import { type RetentionKind } from './privacy.entity.js';
import { PrivacyRepository } from './privacy.repository.js';

const RETENTION_JOB = 'privacy.retention';
const DAY_MS = 24 * 60 * 60 * 1000;
// Crockford's base 32 without look-alikes: a pseudonym is read aloud and typed.
const PSEUDONYM_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface PersonalDataExport {
  format: 'liaison.personal-data/1';
  generatedAt: string;
  subject: { userId: string | null; emails: string[]; names: string[] };
  /** Counts by context and item, for the readable summary. */
  summary: Record<string, Record<string, number>>;
  sections: Record<string, unknown>;
}

export interface ErasureResult {
  id: string;
  pseudonym: string;
  erasedAt: Date;
  counts: Record<string, Record<string, number>>;
  auditSeq: number;
}

const notErasable = (code: string, message: string, field = 'contactId') =>
  new DomainError(code, message, HttpStatus.CONFLICT, [{ field, reasons: [message] }]);

/**
 * Privacy rights across every context: a person's export (article 15), the secretariat's erasure
 * of a departed person (article 17), and the retention periods applied by a daily job. Each
 * context's data goes through its own `PersonalDataHolder`; this context never reads their tables.
 */
@Injectable()
export class PrivacyService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly registry: PersonalDataRegistry,
    private readonly audit: AuditService,
    private readonly fresh: FreshAuthentication,
    private readonly jobs: JobQueue,
    private readonly mail: MailPort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(RETENTION_JOB, async () => {
      await this.applyRetention();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(RETENTION_JOB, DAY_MS);
  }

  /** Asks every context what it knows about the subject until nothing new turns up. */
  async identify(start: DataSubject): Promise<DataSubject> {
    let subject = start;
    for (let round = 0; round < 3; round += 1) {
      const before = JSON.stringify(subject);
      for (const holder of this.registry.all()) subject = await holder.identify(subject);
      if (JSON.stringify(subject) === before) break;
    }
    return subject;
  }

  /** Everything Liaison holds about the caller, by context, with counts for a summary. */
  async exportFor(user: AuthenticatedUser): Promise<PersonalDataExport> {
    const subject = await this.identify({ userId: user.id, contactIds: [], emails: [], names: [] });
    const summary: PersonalDataExport['summary'] = {};
    const sections: PersonalDataExport['sections'] = {};
    for (const holder of this.registry.all()) {
      const section = await holder.export(subject);
      summary[holder.context] = section.counts;
      sections[holder.context] = section.data;
    }
    const events = await this.audit.eventsBy(user.id);
    summary.audit = { events: events.length };
    sections.audit = events.map((e) => ({ at: e.at, action: e.action, ip: e.ip, details: e.details }));
    await this.audit.record({ action: 'privacy.exported', actorId: user.id, targetType: 'user', targetId: user.id });
    return {
      format: 'liaison.personal-data/1',
      generatedAt: new Date().toISOString(),
      subject: { userId: subject.userId, emails: subject.emails, names: subject.names },
      summary,
      sections,
    };
  }

  /** What erasing this directory entry would change, counted inside a transaction rolled back. */
  async preview(caller: AuthenticatedUser, contactId: string) {
    const subject = await this.erasable(caller, contactId);
    const counts: ErasureResult['counts'] = {};
    const rollback = new Error('preview');
    await this.repo
      .transaction(async (manager) => {
        for (const holder of this.registry.all())
          counts[holder.context] = await holder.erase({ subject, pseudonym: '∅ PREVIEW', manager });
        counts.audit = {
          events: (await this.audit.planRedactions(manager, this.redactionSubject(subject, '∅ PREVIEW'))).length,
        };
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    return { names: subject.names, hasAccount: subject.userId !== null, counts };
  }

  /**
   * Erases a departed person in one transaction: every context replaces or removes their
   * personal data, the erasure is recorded as an audit event, and the audit events that named
   * them are redacted under the pseudonym (the chain still verifies). Needs fresh authentication.
   */
  async erase(caller: AuthenticatedUser, contactId: string, reason: string): Promise<ErasureResult> {
    await this.fresh.assertRecent(caller);
    let erased: DataSubject | undefined;
    const result = await this.repo.transaction(async (manager) => {
      // One erasure at a time: the second of two racing ones finds the first done.
      await this.repo.lockErasures(manager);
      const subject = await this.erasable(caller, contactId);
      erased = subject;
      const earlier = await this.repo.erasureOf(manager, subject.userId, subject.contactIds);
      if (earlier) throw notErasable('already_erased', `This person was erased already (${earlier}).`);
      const pseudonym = await this.newPseudonym(manager);
      const counts: ErasureResult['counts'] = {};
      for (const holder of this.registry.all())
        counts[holder.context] = await holder.erase({ subject, pseudonym, manager });
      await this.audit.holdAppends(manager);
      // The events that name them are declared in the erasure event (seq → digest of what each
      // will say), then rewritten: verification accepts no other redaction.
      const redactions = await this.audit.planRedactions(manager, this.redactionSubject(subject, pseudonym));
      counts.audit = { events: redactions.length };
      const cleanReason = replaceTerms(reason, subjectTerms(subject), pseudonym);
      const event = await this.audit.record(
        {
          action: 'privacy.erased',
          actorId: caller.id,
          targetType: 'person',
          targetId: subject.userId ?? subject.contactIds[0],
          details: {
            pseudonym,
            reason: cleanReason,
            contactIds: subject.contactIds,
            userId: subject.userId,
            counts,
            redactions: Object.fromEntries(redactions.map((r) => [String(r.seq), r.digest])),
          },
        },
        manager,
      );
      await this.audit.applyRedactions(manager, redactions, event.seq);
      const row = await this.repo.insertErasure(manager, {
        pseudonym,
        userId: subject.userId,
        contactIds: subject.contactIds,
        erasedBy: caller.id,
        reason: cleanReason,
        counts,
        auditSeq: event.seq,
      });
      return { id: row.id, pseudonym, erasedAt: row.erasedAt, counts, auditSeq: event.seq };
    });
    // The erasure stands once committed; what follows only tidies up, and a failure is logged.
    const subject = erased!;
    for (const holder of this.registry.all())
      await holder
        .afterErasure?.(subject)
        .catch((err: unknown) =>
          this.logger.error({ err, context: holder.context }, 'tidying up after an erasure failed'),
        );
    await this.mail
      .forget(subject.emails)
      .catch((err: unknown) => this.logger.error({ err }, 'forgetting kept mail after an erasure failed'));
    return result;
  }

  erasures(limit = 100) {
    return this.repo.erasures(limit);
  }

  erasure(id: string) {
    return this.repo.erasureById(id);
  }

  retention() {
    return this.repo.retention();
  }

  /** Needs fresh authentication: shorter periods remove records for good, the audit log's included. */
  async setRetention(caller: AuthenticatedUser, changes: Partial<Record<RetentionKind, number | null>>) {
    await this.fresh.assertRecent(caller);
    await this.repo.transaction(async (manager) => {
      const before = await this.repo.periods();
      for (const [kind, days] of Object.entries(changes) as [RetentionKind, number | null][])
        await this.repo.setRetention(manager, kind, days, caller.id);
      await this.audit.record(
        {
          action: 'privacy.retention.changed',
          actorId: caller.id,
          targetType: 'workspace',
          details: { before, changes },
        },
        manager,
      );
    });
    return this.repo.retention();
  }

  /** Applies the retention periods in every context and prunes the audit log. */
  async applyRetention(now = new Date()): Promise<Record<string, Record<string, number>>> {
    const periods: RetentionPeriods = await this.repo.periods();
    const removed: Record<string, Record<string, number>> = {};
    for (const holder of this.registry.all())
      if (holder.applyRetention) removed[holder.context] = await holder.applyRetention(periods, now);
    if (periods.auditEventsDays !== null)
      removed.audit = { events: await this.audit.prune(new Date(now.getTime() - periods.auditEventsDays * DAY_MS)) };
    const total = (...items: (Record<string, number> | undefined)[]) =>
      items.reduce((sum, c) => sum + Object.values(c ?? {}).reduce((a, b) => a + b, 0), 0);
    await this.repo.recordRun('messages', total(removed.messaging));
    await this.repo.recordRun('deliveries', total(removed.outreach));
    await this.repo.recordRun('audit_events', total(removed.audit));
    return removed;
  }

  /** The entry's person, if the caller may erase them: the secretariat, a departed entry, not themselves. */
  private async erasable(caller: AuthenticatedUser, contactId: string): Promise<DataSubject> {
    const subject = await this.identify({ userId: null, contactIds: [contactId], emails: [], names: [] });
    if (!subject.names.length || !subject.contactIds.includes(contactId))
      throw new DomainError('contact_not_found', 'There is no such directory entry.', HttpStatus.NOT_FOUND);
    if (subject.userId === caller.id) throw notErasable('own_account', 'You cannot erase yourself.');
    // The entries are judged before the account: "mark them departed" comes first.
    const holders = [...this.registry.all()].sort(
      (a, b) => Number(b.context === 'directory') - Number(a.context === 'directory'),
    );
    for (const holder of holders) {
      const refusal = await holder.refuseErasure?.(subject, contactId);
      if (refusal) throw notErasable(refusal.code, refusal.message, refusal.field);
    }
    return subject;
  }

  private redactionSubject(subject: DataSubject, pseudonym: string) {
    return {
      userId: subject.userId,
      ids: [...(subject.userId ? [subject.userId] : []), ...subject.contactIds],
      emails: subject.emails,
      names: subject.names,
      pseudonym,
    };
  }

  private async newPseudonym(manager: Parameters<PrivacyRepository['pseudonymTaken']>[0]): Promise<string> {
    for (;;) {
      const code = Array.from({ length: 5 }, () => PSEUDONYM_ALPHABET[randomInt(PSEUDONYM_ALPHABET.length)]).join('');
      const pseudonym = `∅ ${code}`;
      if (!(await this.repo.pseudonymTaken(manager, pseudonym))) return pseudonym;
    }
  }
}
