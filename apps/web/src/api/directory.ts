import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

export const ORGANISATION_KINDS = [
  'ministry',
  'law_enforcement',
  'prosecution',
  'eu_agency',
  'international_organisation',
  'industry',
  'hotline',
  'civil_society',
  'research',
  'secretariat',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const CONTACT_STATUSES = ['active', 'on_leave', 'departed'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const VISIBILITIES = ['network', 'law_enforcement', 'secretariat'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const PHONE_KINDS = ['work', 'mobile', 'fax', 'duty'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

export const COVERAGE_STATES = ['covered', 'no_deputy', 'no_primary', 'gap', 'stale', 'departed'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

export type Phone = Schemas['PhoneOutDto'];

/** A matched part of a displayed string, in UTF-16 offsets. */
export type TextRange = Schemas['RangeDto'];

export type OrganisationRef = Schemas['ContactOrganisationDto'];

type ContactFieldsBase = Schemas['ContactSummaryDto'];

export interface ContactSummary extends ContactFieldsBase {
  highlights?: { fullName?: TextRange[]; organisationName?: TextRange[]; position?: TextRange[] };
}

export type ContactRights = Schemas['ContactRightsDto'];

export interface ContactDetail extends ContactFieldsBase {
  version: number;
  designations: Designation[];
  rights: ContactRights;
  /** A re-confirmation e-mail has been sent and not answered yet. */
  confirmationOpen: boolean;
}

export type DesignationStatus = 'proposed' | 'active' | 'rejected' | 'ended';

export type Designation = Schemas['DesignationDto'];

/** Facet value → number of matching contacts (with every other filter applied). */
export type FacetCounts = Record<string, number>;

export const FACETS = ['country', 'kind', 'mandate', 'language', 'status'] as const;
export type FacetName = (typeof FACETS)[number];

export type ContactSearchResult = Schemas['ContactPageDto'];

/** What the directory home searches for; mirrored in the page's URL. */
export interface DirectoryFilters {
  q: string;
  country: string[];
  kind: string[];
  mandate: string[];
  language: string[];
  status: string[];
}

export const PAGE_SIZE = 25;

export type Mandate = Schemas['MandateDto'];

export type Country = Schemas['CountryDto'];

export type ContactChange = Schemas['ContactChangeDto'];

export type CoveragePerson = Schemas['CoveragePersonDto'];

export type CoverageCell = Schemas['CoverageCellDto'];

export type CoverageRow = Schemas['CoverageRowDto'];

export type Coverage = Schemas['CoverageDto'];

export interface CoverageFilter {
  region?: string;
  eu?: boolean;
}

export interface ImportRowError {
  /** The file's line: the header is row 1, the first data row is row 2. */
  row: number;
  column: string;
  reasons: string[];
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

/** The fields a contact may change in their own entry; the rest needs their organisation's admins. */
export const SELF_EDITABLE_FIELDS = ['position', 'phones', 'languages', 'expertise', 'timeZone', 'status'] as const;

/** The fields of a change to a contact (PATCH takes any of them, with the version). */
export type ContactInput = Omit<Schemas['UpdateContactDto'], 'version'>;

export type ConfirmationInspection = Schemas['ConfirmationViewDto'];

export type SelfUpdateFields = Schemas['SelfFieldsDto'];

export type Successor = Schemas['SuccessorDto'];

// The search and the exports take the same filters, lists comma-separated.
function filterQuery(filters: Partial<DirectoryFilters>) {
  const list = (values: string[] | undefined) => (values && values.length > 0 ? values.join(',') : undefined);
  return {
    q: filters.q?.trim() || undefined,
    country: list(filters.country),
    kind: list(filters.kind),
    mandate: list(filters.mandate),
    language: list(filters.language),
    status: list(filters.status),
  };
}

/** Lists that may come as a bare array or wrapped in `{ items }`. */
function itemsOf<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

export const contactSearchQuery = (filters: DirectoryFilters, page: number) =>
  queryOptions({
    queryKey: ['directory', 'contacts', 'search', filters, page] as const,
    queryFn: ({ signal }) =>
      api.get<ContactSearchResult>('/directory/contacts', {
        query: { ...filterQuery(filters), page, limit: PAGE_SIZE },
        signal,
      }),
    // While the next answer loads, the previous results stay on screen.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const contactQuery = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'contacts', 'detail', id] as const,
    queryFn: ({ signal }) => api.get<ContactDetail>(`/directory/contacts/${encodeURIComponent(id)}`, { signal }),
    staleTime: 0,
  });

export const contactHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'contacts', 'history', id] as const,
    queryFn: ({ signal }) =>
      api.get<{ items: ContactChange[] }>(`/directory/contacts/${encodeURIComponent(id)}/history`, { signal }),
    staleTime: 0,
  });

export const mandatesQuery = queryOptions({
  queryKey: ['directory', 'mandates'] as const,
  queryFn: async ({ signal }) =>
    itemsOf(await api.get<Mandate[] | { items: Mandate[] }>('/directory/mandates', { signal })),
  staleTime: 5 * 60_000,
});

export const countriesQuery = queryOptions({
  queryKey: ['directory', 'countries'] as const,
  queryFn: async ({ signal }) =>
    itemsOf(await api.get<Country[] | { items: Country[] }>('/directory/countries', { signal })),
  staleTime: 5 * 60_000,
});

function coverageParams(filter: CoverageFilter) {
  return { region: filter.region || undefined, eu: filter.eu ? true : undefined };
}

export const coverageQuery = (filter: CoverageFilter) =>
  queryOptions({
    queryKey: ['directory', 'coverage', filter] as const,
    queryFn: ({ signal }) => api.get<Coverage>('/directory/coverage', { query: coverageParams(filter), signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

export const proposalsQuery = queryOptions({
  queryKey: ['directory', 'points-of-contact', 'proposed'] as const,
  queryFn: ({ signal }) =>
    api.get<{ items: Designation[] }>('/directory/points-of-contact', { query: { status: 'proposed' }, signal }),
  staleTime: 0,
});

/** The signed-in user's own entry, and whether it waits for re-confirmation. */
export const myEntryQuery = queryOptions({
  queryKey: ['directory', 'me'] as const,
  queryFn: ({ signal }) =>
    api.get<{ contactId: string | null; confirmationOpen: boolean }>('/directory/me', { signal }),
  staleTime: 60_000,
  retry: false,
});

export const updateContact = (id: string, input: Schemas['UpdateContactDto']) =>
  api.patch<ContactDetail>(`/directory/contacts/${encodeURIComponent(id)}`, input);

export const confirmContact = (id: string) =>
  api.post<ContactDetail>(`/directory/contacts/${encodeURIComponent(id)}/confirm`);

export const downloadContactVcard = (id: string) => api.download(`/directory/contacts/${encodeURIComponent(id)}/vcard`);

export const downloadVcards = (filters: DirectoryFilters) =>
  api.download('/directory/contacts.vcf', { query: filterQuery(filters) });

export const downloadContactsCsv = (filters: DirectoryFilters) =>
  api.download('/directory/export.csv', { query: filterQuery(filters) });

export const downloadCoverageCsv = (filter: CoverageFilter) =>
  api.download('/directory/coverage.csv', { query: coverageParams(filter) });

/** Uploads the CSV file as the `file` field of a multipart form; `dryRun` only checks it. */
export const importContacts = (file: Blob, fileName: string, dryRun: boolean) => {
  const form = new FormData();
  form.append('file', file, fileName);
  return api.post<ImportResult>('/directory/import', form, { query: { dryRun } });
};

export const approveDesignation = (id: string) =>
  api.post<Designation>(`/directory/points-of-contact/${encodeURIComponent(id)}/approve`);

export const rejectDesignation = (id: string, reason?: string) =>
  api.post<Designation>(`/directory/points-of-contact/${encodeURIComponent(id)}/reject`, { reason });

export const inspectConfirmationQuery = (token: string) =>
  queryOptions({
    queryKey: ['confirmations', 'inspect', token] as const,
    queryFn: ({ signal }) =>
      api.post<ConfirmationInspection>('/directory/confirmations/inspect', { token }, { auth: false, signal }),
    retry: false,
    staleTime: Infinity,
  });

export const confirmByToken = (token: string) =>
  api.post<unknown>('/directory/confirmations/confirm', { token }, { auth: false });

export const updateByToken = (token: string, fields: SelfUpdateFields) =>
  api.post<unknown>('/directory/confirmations/update', { token, fields }, { auth: false });

export const handoverByToken = (
  token: string,
  input: { successorContactId?: string; successor?: Successor; note?: string },
) => api.post<unknown>('/directory/confirmations/handover', { token, ...input }, { auth: false });

export type Organisation = Schemas['OrganisationDto'];

/** Organisations by name or acronym (typo- and accent-tolerant), for pickers. */
export const organisationSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['directory', 'organisations', 'search', q] as const,
    queryFn: ({ signal }) =>
      api.get<{ items: Organisation[]; total: number }>('/directory/organisations', {
        query: { q: q.trim() || undefined, limit: 20 },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const organisationQuery = (id: string) =>
  queryOptions({
    queryKey: ['directory', 'organisations', 'detail', id] as const,
    queryFn: ({ signal }) => api.get<Organisation>(`/directory/organisations/${encodeURIComponent(id)}`, { signal }),
    staleTime: 5 * 60_000,
  });

/**
 * The active colleagues of a contact: the search has no organisation filter, so this searches by
 * the organisation's name and keeps the entries of that organisation.
 */
export const colleaguesQuery = (contact: Pick<ContactDetail, 'id' | 'organisation'>) =>
  queryOptions({
    queryKey: ['directory', 'contacts', 'colleagues', contact.id] as const,
    queryFn: async ({ signal }) => {
      const result = await api.get<ContactSearchResult>('/directory/contacts', {
        query: { q: contact.organisation.name, limit: 100 },
        signal,
      });
      return result.items.filter(
        (item) =>
          item.organisation.id === contact.organisation.id && item.id !== contact.id && item.status !== 'departed',
      );
    },
    staleTime: 0,
  });

export type DesignationInput = Schemas['DesignateDto'];

export type HandoverResult = Schemas['HandoverResultDto'];

export const createContact = (input: Schemas['CreateContactDto']) =>
  api.post<ContactDetail>('/directory/contacts', input);

export const designate = (input: DesignationInput) => api.put<Designation>('/directory/points-of-contact', input);

export const endDesignation = (id: string) =>
  api.delete<Designation>(`/directory/points-of-contact/${encodeURIComponent(id)}`);

export const handoverContact = (
  id: string,
  input: { successorContactId?: string; successor?: Successor; note?: string },
) => api.post<HandoverResult>(`/directory/contacts/${encodeURIComponent(id)}/handover`, input);
