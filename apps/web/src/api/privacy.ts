import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

/** Counts by context (`identity`, `directory`, …) and item (`sessions`, `entries`, …). */
export type ContextCounts = Record<string, Record<string, number>>;

/** GET /me/personal-data: everything Liaison holds about the caller. */
export type PersonalDataExport = Schemas['PersonalDataExportDto'];

export type RetentionKind = 'audit_events' | 'deliveries' | 'messages';

export type RetentionItem = Schemas['RetentionItemDto'];

export type ErasurePreview = Schemas['ErasurePreviewDto'];

export type Erasure = Schemas['ErasureDto'];

export const personalData = () => api.get<PersonalDataExport>('/me/personal-data');

export const retentionQuery = queryOptions({
  queryKey: ['privacy', 'retention'] as const,
  queryFn: ({ signal }) => api.get<{ items: RetentionItem[] }>('/privacy/retention', { signal }),
});

export const setRetention = (
  changes: Partial<Record<'auditEventsDays' | 'deliveriesDays' | 'messagesDays', number | null>>,
) => api.put<{ items: RetentionItem[] }>('/privacy/retention', changes);

export const erasuresQuery = queryOptions({
  queryKey: ['privacy', 'erasures'] as const,
  queryFn: ({ signal }) => api.get<{ items: Erasure[] }>('/privacy/erasures', { signal }),
});

export const previewErasure = (contactId: string) =>
  api.post<ErasurePreview>('/privacy/erasures/preview', { contactId });

export const erasePerson = (contactId: string, reason: string) =>
  api.post<Erasure>('/privacy/erasures', { contactId, reason });
