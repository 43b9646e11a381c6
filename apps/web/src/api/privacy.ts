import { queryOptions } from '@tanstack/react-query';
import { api } from './client';

/** Counts by context (`identity`, `directory`, …) and item (`sessions`, `entries`, …). */
export type ContextCounts = Record<string, Record<string, number>>;

/** GET /me/personal-data: everything Liaison holds about the caller. */
export interface PersonalDataExport {
  format: string;
  generatedAt: string;
  subject: { userId: string | null; emails: string[]; names: string[] };
  summary: ContextCounts;
  sections: Record<string, unknown>;
}

export type RetentionKind = 'audit_events' | 'deliveries' | 'messages';

export interface RetentionItem {
  kind: RetentionKind;
  /** Days kept; null: until deleted. */
  days: number | null;
  minimumDays: number;
  lastRunAt: string | null;
  lastRemoved: number | null;
}

export interface ErasurePreview {
  names: string[];
  hasAccount: boolean;
  counts: ContextCounts;
}

export interface Erasure {
  id: string;
  pseudonym: string;
  erasedAt: string;
  erasedBy: string;
  reason: string;
  auditSeq: number;
  counts: ContextCounts;
}

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
