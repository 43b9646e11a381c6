import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { LOGGER, RealtimePublisher } from '@liaison/core';
import type { Contact } from '../contacts/contact.entity.js';
import { normaliseContact } from '../contacts/contact-input.js';
import { ADDRESS_UNAVAILABLE } from '../contacts/contact-addresses.js';
import { changesBetween } from '../contacts/contact-changes.js';
import { ContactEditingService, visibilityChangeRefusal } from '../contacts/contact-editing.service.js';
import { DirectoryError } from '../errors.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import { ContactSearchRepository, type ExportRow } from '../search/contact-search.repository.js';
import type { ContactSearchFilters } from '../search/contact-search.sql.js';
import { FacetCompaction } from '../search/facet-compaction.js';
import type { Viewer } from '../viewer.js';
import { type CsvRowError, parseContactsCsv } from './contacts-csv.js';
import { DirectoryTransferRepository } from './directory-transfer.repository.js';

export type { ExportRow };

const EXPORT_BATCH = 500;
export const MAX_EXPORT = 10_000;

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: CsvRowError[];
}

/**
 * CSV import (checked in full, then applied all-or-nothing in one transaction, idempotent: a row
 * whose primary e-mail is known updates that contact) and streamed exports in batches, all within
 * the viewer's visibility.
 */
@Injectable()
export class DirectoryTransferService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly editing: ContactEditingService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
    private readonly facets: FacetCompaction,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly searches: ContactSearchRepository,
    private readonly transfers: DirectoryTransferRepository,
  ) {}

  /** Yields the viewer's contacts matching the filters, in name order, a batch at a time. */
  async *exportRows(
    viewer: Viewer,
    filters: Omit<ContactSearchFilters, 'page' | 'limit'>,
    max = MAX_EXPORT,
  ): AsyncGenerator<ExportRow[]> {
    let after: { sortName: string; id: string } | null = null;
    let sent = 0;
    while (sent < max) {
      const rows = await this.searches.exportBatch(viewer, filters, after, Math.min(EXPORT_BATCH, max - sent));
      if (rows.length === 0) return;
      sent += rows.length;
      yield rows;
      const last = rows.at(-1)!;
      after = { sortName: last.sortName, id: last.id };
      if (rows.length < EXPORT_BATCH) return;
    }
  }

  async auditExport(
    viewer: Viewer,
    format: string,
    count: number,
    restricted: number,
    filters: object,
    ip: string | null,
    completed: boolean,
  ): Promise<void> {
    await this.audit.record({
      action: 'directory.export',
      actorId: viewer.userId,
      targetType: 'contact',
      targetId: null,
      ip,
      details: { format, count, restricted, filters, completed },
    });
  }

  async import(viewer: Viewer, file: Buffer, dryRun: boolean, ip: string | null): Promise<ImportReport> {
    if (!viewer.secretariat && !viewer.orgAdmin)
      throw new DirectoryError('not_allowed', 'Only the secretariat and organisation admins import contacts.');
    const parsed = parseContactsCsv(file);
    if (parsed.fileErrors.length)
      throw new DirectoryError(
        'invalid_csv',
        parsed.fileErrors.join(' '),
        parsed.fileErrors.map((reason) => ({ field: 'file', reasons: [reason] })),
      );
    const errors: CsvRowError[] = [...parsed.errors];
    const bad = new Set(errors.map((e) => e.row));
    const rows = parsed.rows.filter((r) => !bad.has(r.row));

    // What the database knows: organisations, and contacts by any of the rows' e-mails.
    const orgIds = [...new Set(rows.map((r) => r.fields.organisationId!).filter(Boolean))];
    const orgs = new Map((orgIds.length ? await this.transfers.organisationsByIds(orgIds) : []).map((o) => [o.id, o]));
    const allEmails = [...new Set(rows.flatMap((r) => (r.fields.emails ?? []).map((e) => e.trim().toLowerCase())))];
    const owners = new Map<string, Contact>();
    for (let i = 0; i < allEmails.length; i += 5000) {
      const found = await this.transfers.contactsWithAnyEmail(allEmails.slice(i, i + 5000));
      for (const c of found) for (const e of c.emails) owners.set(e, c);
    }

    const firstRowOf = new Map<string, number>();
    for (const r of rows)
      for (const e of (r.fields.emails ?? []).map((x) => x.trim().toLowerCase()))
        if (!firstRowOf.has(e)) firstRowOf.set(e, r.row);
    const plan: {
      row: number;
      existing?: Contact;
      fields: ReturnType<typeof normaliseContact>['value'];
      organisation: Organisation;
    }[] = [];
    const ownOrganisation = (c: Contact) => viewer.secretariat || c.organisationId === viewer.organisationId;
    for (const r of rows) {
      const rowErrors: CsvRowError[] = [];
      const organisation = orgs.get(r.fields.organisationId!);
      if (!organisation)
        rowErrors.push({ row: r.row, column: 'organisation_id', reasons: ['no organisation has this id'] });
      else if (!viewer.secretariat && organisation.id !== viewer.organisationId)
        rowErrors.push({
          row: r.row,
          column: 'organisation_id',
          reasons: ['you may import contacts of your own organisation only'],
        });
      if (r.fields.visibility === 'secretariat' && !viewer.secretariat)
        rowErrors.push({
          row: r.row,
          column: 'visibility',
          reasons: ['only the secretariat makes a contact secretariat-only'],
        });
      const { value } = normaliseContact(r.fields);
      const emails = value.emails ?? [];
      const existing = owners.get(emails[0]);
      emails.forEach((e) => {
        const first = firstRowOf.get(e);
        if (first !== undefined && first !== r.row)
          rowErrors.push({ row: r.row, column: 'emails', reasons: [`${e} is also in row ${first}`] });
        const owner = owners.get(e);
        if (owner && owner.id !== existing?.id)
          rowErrors.push({
            row: r.row,
            column: 'emails',
            // Never the owner's name, nor that a contact has it, unless the importer sees every
            // such contact anyway: the importer may not see that one (as checkAgainstDatabase).
            reasons: [ownOrganisation(owner) ? `${e} belongs to another contact` : ADDRESS_UNAVAILABLE],
          });
      });
      // The same reason whether the entry is hidden from the importer or visible in another organisation.
      if (existing && !ownOrganisation(existing))
        rowErrors.push({ row: r.row, column: 'emails', reasons: [ADDRESS_UNAVAILABLE] });
      const lowering = existing ? visibilityChangeRefusal(viewer, existing.visibility, value.visibility) : null;
      if (lowering) rowErrors.push({ row: r.row, column: 'visibility', reasons: [lowering] });
      if (rowErrors.length) errors.push(...rowErrors);
      else plan.push({ row: r.row, existing, fields: value, organisation: organisation! });
    }
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));

    const report: ImportReport = {
      dryRun,
      rows: parsed.rows.length + bad.size,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors,
    };
    for (const p of plan) {
      if (!p.existing) report.created++;
      else if (
        Object.keys(changesBetween(p.existing, { ...p.existing, ...p.fields } as Contact, Object.keys(p.fields))).length
      )
        report.updated++;
      else report.unchanged++;
    }
    report.rows = new Set([...parsed.rows.map((r) => r.row), ...errors.map((e) => e.row)]).size;
    if (dryRun) return report;
    if (errors.length)
      throw new DirectoryError(
        'invalid_csv',
        `The file has ${errors.length} problem(s); nothing was imported. Fix them and import again.`,
        errors.slice(0, 200).map((e) => ({ field: `row ${e.row}, ${e.column}`, reasons: e.reasons })),
      );

    await this.dataSource.transaction(async (manager) => {
      let done = 0;
      for (const p of plan) {
        if (!p.existing) {
          const created = await this.editing.insert(manager, p.fields, p.organisation);
          await this.editing.recordChange(manager, created.id, viewer.userId, 'imported', {
            created: { from: null, to: true },
          });
        } else {
          const locked = await this.transfers.lockContact(manager, p.existing.id);
          const previous = { ...locked } as Contact;
          const diff = changesBetween(previous, { ...locked, ...p.fields } as Contact, Object.keys(p.fields));
          if (Object.keys(diff).length) {
            await this.editing.apply(
              manager,
              locked,
              p.fields,
              p.fields.organisationId !== previous.organisationId ? p.organisation : undefined,
            );
            await this.editing.recordChange(manager, locked.id, viewer.userId, 'imported', diff);
          }
        }
        if (++done % 250 === 0)
          this.realtime.toUser(viewer.userId, 'directory.import.progress', { done, total: plan.length });
      }
      await this.audit.record(
        {
          action: 'directory.import',
          actorId: viewer.userId,
          targetType: 'contact',
          targetId: null,
          ip,
          details: { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged },
        },
        manager,
      );
    });
    this.realtime.toUser(viewer.userId, 'directory.import.progress', { done: plan.length, total: plan.length });
    // A large import leaves many changes for the counts to add up until the next compaction; a
    // failure here only leaves them to that compaction.
    await this.facets
      .compact()
      .catch((err: unknown) => this.logger.error({ err }, 'could not fold the import into the facet counts'));
    return report;
  }
}
