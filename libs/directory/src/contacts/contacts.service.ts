import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@liaison/audit';
import type { FieldError } from '@liaison/core';
import { DirectoryError, invalidContact } from '../errors.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { type ContactSearchRow, ContactSearchRepository } from '../search/contact-search.repository.js';
import { type ContactSearchFilters, contactSearchStatements } from '../search/contact-search.sql.js';
import { highlight, queryTerms } from '../search/fold.js';
import type { Viewer } from '../viewer.js';
import { Contact, type Visibility } from './contact.entity.js';
import { ContactChange } from './contact-change.entity.js';
import { type ContactFields, type NormalisedContact, normaliseContact, sortNameOf } from './contact-input.js';
import { ContactIndexer } from './contact-indexer.js';
import { ContactsRepository } from './contacts.repository.js';
import { ListingAudit } from './listing-audit.js';

/** Fields a contact may change in their own entry (the rest is for their organisation's admins). */
const SELF_EDITABLE: (keyof ContactFields)[] = ['position', 'phones', 'languages', 'expertise', 'timeZone', 'status'];

export interface ContactSearchResult extends ContactSearchRow {
  highlights: Record<
    string,
    {
      fullName: { start: number; end: number }[];
      organisationName: { start: number; end: number }[];
      position: { start: number; end: number }[];
    }
  >;
}

/** The one reason given for an address the caller may not be told about (see checkAgainstDatabase). */
export const ADDRESS_UNAVAILABLE = 'this address cannot be used here; the secretariat can help';

/** An address another contact already has, as found by checkAgainstDatabase. */
export interface TakenAddress {
  email: string;
  contactId: string;
  /** Whether the caller may be told which contact has it. */
  named: boolean;
  fullName: string;
}

/** What a viewer may do with one contact. */
export interface ContactRights {
  edit: boolean;
  editAll: boolean;
  confirm: boolean;
  history: boolean;
}

export type Actor = { viewer: Viewer; ip: string | null } | { viewer: null; ip: string | null; via: string };

/**
 * Why this editor may not move a contact's visibility from `from` to `to`, or null: a level above
 * the editor's own view (set by the secretariat, say) is changed only by the secretariat, by
 * every path that changes contacts (edits, imports).
 */
export function visibilityChangeRefusal(viewer: Viewer, from: Visibility, to: string | undefined): string | null {
  if (to === undefined || to === from || viewer.secretariat || viewer.levels.includes(from)) return null;
  return `only the secretariat lowers a ${from} level`;
}

/** Contacts: visibility-filtered reads, search, edits with history and audit, re-confirmation. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ContactIndexer,
    private readonly listings: ListingAudit,
    private readonly contacts: ContactsRepository,
    private readonly searches: ContactSearchRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  idByEmail(email: string): Promise<string | null> {
    return this.contacts.idByEmail(email);
  }

  organisationOf(contact: Pick<Contact, 'organisationId'>): Promise<Organisation> {
    return this.contacts.organisationById(contact.organisationId);
  }

  /**
   * One SQL statement: the page, the total and the facets, for what the viewer may see (or, when
   * browsing without text, the page and the counts side by side).
   */
  async search(viewer: Viewer, filters: ContactSearchFilters, ip: string | null): Promise<ContactSearchResult> {
    const result = this.withHighlights(await this.searchRow(viewer, filters), filters);
    // Listing restricted entries is audited in batches off the request path, so searching does not
    // queue behind the audit chain's lock on every keystroke.
    const restricted = (result.items ?? []).filter((i) => i.visibility !== 'network').map((i) => i.id);
    if (restricted.length > 0)
      this.listings.add({
        action: 'directory.contact.listed_restricted',
        actorId: viewer.userId,
        targetType: 'contact',
        targetId: null,
        ip,
        details: { contactIds: restricted, q: filters.q ?? null },
      });
    return result;
  }

  private withHighlights(row: ContactSearchRow, filters: ContactSearchFilters): ContactSearchResult {
    const items = row.items ?? [];
    const terms = filters.q ? queryTerms(filters.q) : [];
    const highlights = Object.fromEntries(
      items.map((i) => [
        i.id,
        {
          fullName: highlight(i.fullName, terms),
          organisationName: highlight(i.organisationName, terms),
          position: highlight(i.position ?? '', terms),
        },
      ]),
    );
    return { total: row.total, items, facets: row.facets, highlights };
  }

  /**
   * With text (or several expertise tags): the one statement. Without: the page in name order and,
   * side by side, the total and facets from the facet groups (no contact row read for the counts).
   */
  private async searchRow(viewer: Viewer, filters: ContactSearchFilters): Promise<ContactSearchRow> {
    const statements = contactSearchStatements(viewer, filters);
    if ('one' in statements) return this.searches.searchRow(statements.one);
    const [items, counts] = await Promise.all([
      this.searches.browsePage(statements.page),
      this.searches.browseCounts(statements.counts),
    ]);
    return { ...counts, items: items.map((i) => ({ ...i, tier: 0 })) };
  }

  /** A contact the viewer may see, or 404 (a hidden contact is indistinguishable from none). */
  async getVisible(viewer: Viewer, id: string, manager: EntityManager = this.dataSource.manager): Promise<Contact> {
    const found = await this.contacts.findVisible(viewer, id, manager);
    if (!found) throw new DirectoryError('contact_not_found', 'There is no such contact.');
    return found;
  }

  /** Reads one contact for display; a restricted entry's view is audited. */
  async view(
    viewer: Viewer,
    id: string,
    ip: string | null,
  ): Promise<{ contact: Contact; organisation: Organisation; rights: ContactRights }> {
    const contact = await this.getVisible(viewer, id);
    const organisation = await this.contacts.organisationById(contact.organisationId);
    if (contact.visibility !== 'network')
      await this.audit.record({
        action: 'directory.contact.viewed',
        actorId: viewer.userId,
        targetType: 'contact',
        targetId: id,
        ip,
        details: { visibility: contact.visibility },
      });
    return { contact, organisation, rights: this.rights(viewer, contact) };
  }

  rights(viewer: Viewer, contact: Pick<Contact, 'organisationId' | 'emails'>): ContactRights {
    const admin = viewer.secretariat || (viewer.orgAdmin && viewer.organisationId === contact.organisationId);
    const self = viewer.email !== null && contact.emails.includes(viewer.email);
    return { edit: admin || self, editAll: admin, confirm: admin || self, history: admin || self };
  }

  async history(viewer: Viewer, id: string): Promise<ContactChange[]> {
    const contact = await this.getVisible(viewer, id);
    if (!this.rights(viewer, contact).history)
      throw new DirectoryError('not_allowed', 'Only the contact and their organisation’s admins see the history.');
    return this.contacts.history(id);
  }

  /**
   * Checks fields that need the database: the organisation exists and no other contact has the
   * e-mails. An address another contact has is named (with that contact) only to someone who
   * sees every such contact anyway: the secretariat, or an admin of the contact's own
   * organisation. Anyone else gets one reason that names nothing and reads the same whether the
   * other entry is hidden from them or visible in another organisation (`taken` lists it for the
   * audit, so the secretariat can resolve it).
   */
  async checkAgainstDatabase(
    manager: EntityManager,
    value: NormalisedContact,
    exceptId: string | undefined,
    viewer: Viewer | null,
  ): Promise<{ errors: FieldError[]; organisation?: Organisation; taken: TakenAddress[] }> {
    const errors: FieldError[] = [];
    const taken: TakenAddress[] = [];
    let organisation: Organisation | undefined;
    if (value.organisationId) {
      organisation = (await this.contacts.findOrganisation(manager, value.organisationId)) ?? undefined;
      if (!organisation)
        errors.push({ field: 'organisationId', reasons: ['organisationId must name an existing organisation'] });
    }
    if (value.emails?.length) {
      const rows = await this.contacts.takenAddresses(manager, value.emails, exceptId ?? null);
      for (const row of rows) {
        const named =
          !!viewer && (viewer.secretariat || (viewer.orgAdmin && viewer.organisationId === row.organisationId));
        taken.push({ email: row.email, contactId: row.id, named, fullName: row.fullName });
        errors.push({
          field: `emails.${value.emails.indexOf(row.email)}`,
          reasons: [named ? `${row.email} is already the address of ${row.fullName}` : ADDRESS_UNAVAILABLE],
        });
      }
    }
    return { errors, organisation, taken };
  }

  /**
   * The conflict for addresses other contacts have: `duplicate_contact` with the contact when the
   * caller may be told who has them, otherwise `address_unavailable`, the same for a hidden entry
   * and a visible one of another organisation. Refusals that name nothing are audited (outside the
   * refused change's transaction), so the secretariat sees them and can resolve them.
   */
  async addressConflict(
    viewer: Viewer,
    taken: TakenAddress[],
    errors: FieldError[],
    ip: string | null,
  ): Promise<DirectoryError> {
    const details = errors.filter((e) => e.field.startsWith('emails'));
    if (taken.every((t) => t.named))
      return new DirectoryError('duplicate_contact', 'A contact with this e-mail address already exists.', details, {
        contactId: taken[0].contactId,
      });
    await this.audit.record({
      action: 'directory.contact.address_refused',
      actorId: viewer.userId,
      targetType: 'contact',
      targetId: taken.find((t) => !t.named)!.contactId,
      ip,
      details: { organisationId: viewer.organisationId, emails: taken.map((t) => t.email) },
    });
    return new DirectoryError(
      'address_unavailable',
      'This address cannot be used for an entry of your organisation. The secretariat can help: it can move an entry or add the address.',
      details,
    );
  }

  async create(
    viewer: Viewer,
    input: ContactFields & { organisationId: string; fullName: string; emails: string[] },
    ip: string | null,
  ): Promise<Contact> {
    if (!viewer.secretariat && !(viewer.orgAdmin && viewer.organisationId === input.organisationId))
      throw new DirectoryError('not_allowed', 'Only the secretariat and the organisation’s admins add its contacts.');
    if (input.visibility === 'secretariat' && !viewer.secretariat)
      throw invalidContact([
        { field: 'visibility', reasons: ['only the secretariat makes a contact secretariat-only'] },
      ]);
    const { value, errors } = normaliseContact(input);
    if (errors.length) throw invalidContact(errors);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const checked = await this.checkAgainstDatabase(manager, value, undefined, viewer);
      if (checked.errors.length > checked.taken.length) throw invalidContact(checked.errors);
      if (checked.taken.length) return { refused: checked, contact: null };
      const contact = await this.insert(manager, value, checked.organisation!);
      await this.recordChange(manager, contact.id, viewer.userId, 'created', snapshot(contact));
      await this.audit.record(
        {
          action: 'directory.contact.created',
          actorId: viewer.userId,
          targetType: 'contact',
          targetId: contact.id,
          ip,
          details: { organisationId: contact.organisationId, visibility: contact.visibility },
        },
        manager,
      );
      return { refused: null, contact };
    });
    if (outcome.refused) throw await this.addressConflict(viewer, outcome.refused.taken, outcome.refused.errors, ip);
    return outcome.contact;
  }

  /** Inserts a checked contact and indexes it (used by create and by the CSV import). */
  async insert(
    manager: EntityManager,
    value: NormalisedContact,
    organisation: Organisation,
    confirmedAt = new Date(),
  ): Promise<Contact> {
    const saved = await this.contacts.insert(manager, {
      ...value,
      organisationId: organisation.id,
      organisationKind: organisation.kind,
      countryCode: organisation.countryCode,
      sortName: sortNameOf(value.fullName!),
      searchNames: ContactIndexer.searchNames(value.fullName!),
      lastConfirmedAt: confirmedAt,
    });
    await this.indexer.reindex(manager, [saved.id]);
    return saved;
  }

  /**
   * Applies a change based on `version`; a stale version is refused with the current entry, so no
   * edit silently overwrites another.
   */
  async update(
    viewer: Viewer,
    id: string,
    input: ContactFields & { version: number },
    ip: string | null,
  ): Promise<Contact> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const before = await this.getVisible(viewer, id, manager);
      const rights = this.rights(viewer, before);
      if (!rights.edit) throw new DirectoryError('not_allowed', 'You may not edit this contact.');
      const { version, ...fields } = input;
      if (!rights.editAll) {
        const forbidden = Object.keys(fields).filter((k) => !SELF_EDITABLE.includes(k as keyof ContactFields));
        if (forbidden.length)
          throw new DirectoryError(
            'not_allowed',
            'You may change your position, phones, languages, expertise, time zone and status; ask your organisation’s admin for the rest.',
            forbidden.map((f) => ({ field: f, reasons: [`${f} is changed by your organisation’s admins`] })),
          );
      }
      if (fields.visibility === 'secretariat' && !viewer.secretariat)
        throw invalidContact([
          { field: 'visibility', reasons: ['only the secretariat makes a contact secretariat-only'] },
        ]);
      if (fields.organisationId && fields.organisationId !== before.organisationId && !viewer.secretariat)
        throw invalidContact([
          { field: 'organisationId', reasons: ['only the secretariat moves a contact to another organisation'] },
        ]);
      const locked = await this.contacts.lockById(manager, id);
      if (!locked || locked.version !== version)
        throw new DirectoryError(
          'stale_version',
          'Someone changed this contact since you opened it; review the current entry and apply your change again.',
          [{ field: 'version', reasons: [`the current version is ${locked?.version}`] }],
        );
      const lowering = visibilityChangeRefusal(viewer, locked.visibility, fields.visibility);
      if (lowering)
        throw new DirectoryError('not_allowed', 'Only the secretariat changes this contact’s visibility.', [
          { field: 'visibility', reasons: [lowering] },
        ]);
      const { value, errors } = normaliseContact(fields);
      if (errors.length) throw invalidContact(errors);
      const checked = await this.checkAgainstDatabase(manager, value, id, viewer);
      if (checked.errors.length > checked.taken.length) throw invalidContact(checked.errors);
      if (checked.taken.length) return { refused: checked, contact: null };
      const previous = { ...locked } as Contact;
      const after = await this.apply(manager, locked, value, checked.organisation);
      const diff = changesBetween(previous, after, Object.keys(value));
      await this.recordChange(manager, id, viewer.userId, 'updated', diff);
      await this.audit.record(
        {
          action: 'directory.contact.updated',
          actorId: viewer.userId,
          targetType: 'contact',
          targetId: id,
          ip,
          details: { fields: Object.keys(diff) },
        },
        manager,
      );
      return { refused: null, contact: after };
    });
    if (outcome.refused) throw await this.addressConflict(viewer, outcome.refused.taken, outcome.refused.errors, ip);
    return outcome.contact;
  }

  /** Writes checked fields to a locked contact, keeps derived columns and the index current. */
  async apply(
    manager: EntityManager,
    current: Contact,
    value: NormalisedContact,
    organisation?: Organisation,
  ): Promise<Contact> {
    const changes: Partial<Contact> = { ...value };
    if (value.fullName) {
      changes.sortName = sortNameOf(value.fullName);
      changes.searchNames = ContactIndexer.searchNames(value.fullName);
    }
    if (organisation) {
      changes.countryCode = organisation.countryCode;
      changes.organisationKind = organisation.kind;
    }
    Object.assign(current, changes);
    const saved = await this.contacts.save(manager, current);
    await this.indexer.reindex(manager, [saved.id]);
    return saved;
  }

  /** The contact (or an admin) says the entry is still true; its designations are confirmed with it. */
  async confirm(actor: Actor, id: string, manager?: EntityManager): Promise<Contact> {
    const run = async (m: EntityManager) => {
      const contact = actor.viewer ? await this.getVisible(actor.viewer, id, m) : await this.contacts.byId(m, id);
      if (actor.viewer && !this.rights(actor.viewer, contact).confirm)
        throw new DirectoryError('not_allowed', 'Only the contact and their organisation’s admins confirm the entry.');
      const now = new Date();
      await this.contacts.setLastConfirmedAt(m, id, now);
      await this.contacts.confirmActiveDesignations(m, id, now);
      await this.contacts.answerOpenRequestsConfirmed(m, id, now);
      const actorId = actor.viewer?.userId ?? null;
      await this.recordChange(m, id, actorId, 'confirmed', {
        lastConfirmedAt: { from: contact.lastConfirmedAt, to: now },
      });
      await this.audit.record(
        {
          action: 'directory.contact.confirmed',
          actorId,
          targetType: 'contact',
          targetId: id,
          ip: actor.ip,
          details: actor.viewer ? {} : { via: actor.via },
        },
        m,
      );
      return this.contacts.byId(m, id);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async recordChange(
    manager: EntityManager,
    contactId: string,
    actorId: string | null,
    action: string,
    changes: Record<string, { from: unknown; to: unknown }>,
  ): Promise<void> {
    await this.contacts.insertChange(manager, contactId, actorId, action, changes);
  }
}

const TRACKED: (keyof Contact)[] = [
  'organisationId',
  'fullName',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'timeZone',
  'status',
  'visibility',
];

function snapshot(contact: Contact): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(TRACKED.map((k) => [k, { from: null, to: contact[k] ?? null }]));
}

export function changesBetween(
  before: Contact,
  after: Contact,
  keys: string[],
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys as (keyof Contact)[]) {
    if (!TRACKED.includes(key)) continue;
    const from = key in before ? (before as never)[key] : null;
    const to = after[key] ?? null;
    if (canonical(from) !== canonical(to)) out[key] = { from, to };
  }
  return out;
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
