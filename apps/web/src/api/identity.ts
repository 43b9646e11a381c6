import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Me, Role } from '../auth/types';
import { api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

export type SessionInfo = Schemas['SessionDto'];

export type MfaEnrolment = Schemas['MfaEnrollmentDto'];

export type PasswordReason = 'too_short' | 'too_common' | 'contains_email' | 'too_long';

export type PasswordCheck = Schemas['PasswordCheckResultDto'];

export type InvitationSummary = Schemas['InvitationPreviewDto'];

export type CreatedInvitation = Schemas['InvitationDto'];

export type UserSummary = Schemas['UserDto'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type AuditEvent = Schemas['AuditEventDto'];

export type AuditVerification = Schemas['AuditVerifyDto'];

export interface AuditFilter {
  action?: string;
  from?: string;
  to?: string;
}

export const sessionsQuery = queryOptions({
  queryKey: ['auth', 'sessions'] as const,
  queryFn: ({ signal }) => api.get<{ items: SessionInfo[] }>('/auth/sessions', { signal }),
  staleTime: 0,
});

export const revokeSession = (id: string) => api.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`);

export const enrolMfaQuery = (userId: string) =>
  queryOptions({
    // One enrolment per visit: a second POST would replace the secret the user is scanning.
    queryKey: ['auth', 'mfa', 'enrol', userId] as const,
    queryFn: () => api.post<MfaEnrolment>('/auth/mfa/enroll'),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });

export const confirmMfa = (code: string) => api.post<{ recoveryCodes: string[] }>('/auth/mfa/confirm', { code });

/** Proves the password (and the authenticator code, where one is enrolled) again in this session. */
export const reauthenticate = (password: string, code?: string) =>
  api.post<{ freshUntil: string }>('/auth/reauthenticate', { password, ...(code ? { code } : {}) });

export const checkPassword = (password: string, email: string | undefined, signal?: AbortSignal) =>
  api.post<PasswordCheck>('/auth/password-check', { password, email }, { auth: false, signal });

export const inspectInvitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitations', 'inspect', token] as const,
    queryFn: ({ signal }) => api.post<InvitationSummary>('/invitations/inspect', { token }, { auth: false, signal }),
    retry: false,
    staleTime: Infinity,
  });

export const acceptInvitation = (input: { token: string; password: string; displayName: string }) =>
  api.post<{ user: Me }>('/invitations/accept', input, { auth: false });

export const createInvitation = (input: { email: string; role: Role; organisationId?: string; displayName?: string }) =>
  api.post<CreatedInvitation>('/invitations', input);

export const updateProfile = (input: { displayName: string }) => api.patch<Me>('/me', input);

export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  api.post<void>('/me/password', input);

export const usersQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['users', 'list', q] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<UserSummary>>('/users', { query: { q: q || undefined, limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const updateUser = (id: string, input: { roles?: Role[]; status?: 'active' | 'disabled' }) =>
  api.patch<UserSummary>(`/users/${encodeURIComponent(id)}`, input);

export const auditQuery = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'list', filter] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEvent>>('/audit', { query: { ...filter, limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });

export const verifyAudit = () => api.get<AuditVerification>('/audit/verify');
