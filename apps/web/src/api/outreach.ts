import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

// The outreach context's wire types: announcements, event invitations and answers, the inbox
// (libs/outreach/src/outreach.dto.ts).

export const ANNOUNCEMENT_STATUSES = ['draft', 'scheduled', 'published', 'withdrawn'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

export const RSVP_RESPONSES = ['accepted', 'tentative', 'declined'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const DELEGATE_ROLES = ['head_of_delegation', 'delegate', 'observer'] as const;
export type DelegateRole = (typeof DELEGATE_ROLES)[number];

export const DELEGATE_LEVELS = ['ministerial', 'senior_official', 'expert'] as const;
export type DelegateLevel = (typeof DELEGATE_LEVELS)[number];

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'bounced', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const AUDIENCE_ROLES = ['secretariat', 'org_admin', 'member'] as const;

export const RECIPIENT_FILTERS = [
  'unread',
  'read',
  'unacknowledged',
  'acknowledged',
  'no_answer',
  'bounced',
  'failed',
] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];

/**
 * One group of people: everyone who meets every condition given; a condition with several values
 * is met by any of them. A group without conditions is refused: "everyone" must be chosen.
 */
export type AudienceClause = Schemas['AudienceClauseDto'];

/** The people in any `include` group and in no `exclude` group. */
export type Audience = Schemas['AudienceDto'];

export type AudiencePreview = Schemas['AudiencePreviewDto'];

/** Times as the secretariat types them: wall-clock `YYYY-MM-DDTHH:mm` in `timeZone`. */
export type EventInput = Schemas['EventInputDto'];

export type OutreachEvent = Schemas['EventDto'];

export type Delegate = Schemas['DelegateDto'];

export type Rsvp = Schemas['RsvpDto'];

export type RsvpInput = Schemas['RsvpInputDto'];

export type Seats = Schemas['SeatsDto'];

export type MyDelivery = Schemas['MyDeliveryDto'];

export type Announcement = Schemas['AnnouncementDto'];

/** The fields of an announcement as a draft saves them (PATCH takes any of them, with the version). */
export type AnnouncementInput = Omit<Schemas['UpdateAnnouncementDto'], 'version'>;

export type AnnouncementSummary = Schemas['AnnouncementSummaryDto'];

export type StatsRow = Schemas['StatsRowDto'];

export type Stats = Schemas['StatsDto'];

export type Recipient = Schemas['RecipientDto'];

export type Attendee = Schemas['AttendeeDto'];

export type AttendeeList = Schemas['AttendeeListDto'];

export type InboxEntry = Schemas['InboxEntryDto'];

export type Inbox = Schemas['InboxDto'];

export type ReadState = Schemas['ReadStateDto'];

/** `seats_exceeded`'s context: the country's limit, the delegates others named, how many were asked for. */
export interface SeatsContext {
  limit: number;
  taken: number;
  requested: number;
}

/** The error's code when it is one of Liaison's API errors. */
export const errorCode = (error: unknown): string | undefined => (error instanceof ApiError ? error.code : undefined);

/** The domain context a 409 or 422 carries (e.g. `current`, or seat numbers). */
export const errorContext = <T>(error: unknown): T | undefined =>
  error instanceof ApiError ? (error.body.context as T | undefined) : undefined;

const id = encodeURIComponent;
const PAGE = 25;

export const outreachKeys = {
  all: ['outreach'] as const,
  list: ['outreach', 'list'] as const,
  announcement: (announcementId: string) => ['outreach', 'announcement', announcementId] as const,
  /** Everything the secretariat follows about one announcement (statistics, recipients, attendees). */
  tracking: (announcementId: string) => ['outreach', 'tracking', announcementId] as const,
  stats: (announcementId: string) => ['outreach', 'tracking', announcementId, 'stats'] as const,
  recipients: (announcementId: string, filter: { filter?: string; country?: string; page: number }) =>
    ['outreach', 'tracking', announcementId, 'recipients', filter] as const,
  attendees: (eventId: string) => ['outreach', 'attendees', eventId] as const,
  inbox: ['outreach', 'inbox'] as const,
  preview: (audience: Audience) => ['outreach', 'preview', audience] as const,
};

export const announcementsQuery = (status: AnnouncementStatus | undefined) =>
  infiniteQueryOptions({
    queryKey: [...outreachKeys.list, status ?? 'all'] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: AnnouncementSummary[]; total: number }>('/announcements', {
        query: { status, limit: PAGE, offset: pageParam },
        signal,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });

export const announcementQuery = (announcementId: string) =>
  queryOptions({
    queryKey: outreachKeys.announcement(announcementId),
    queryFn: ({ signal }) => api.get<Announcement>(`/announcements/${id(announcementId)}`, { signal }),
    staleTime: 0,
  });

export const statsQuery = (announcementId: string) =>
  queryOptions({
    queryKey: outreachKeys.stats(announcementId),
    queryFn: ({ signal }) => api.get<Stats>(`/announcements/${id(announcementId)}/stats`, { signal }),
  });

export const RECIPIENTS_PAGE = PAGE;

export const recipientsQuery = (announcementId: string, filter: { filter?: string; country?: string; page: number }) =>
  queryOptions({
    queryKey: outreachKeys.recipients(announcementId, filter),
    queryFn: ({ signal }) =>
      api.get<{ items: Recipient[]; total: number }>(`/announcements/${id(announcementId)}/recipients`, {
        query: {
          filter: filter.filter || undefined,
          country: filter.country || undefined,
          limit: PAGE,
          offset: filter.page * PAGE,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const attendeesQuery = (eventId: string) =>
  queryOptions({
    queryKey: outreachKeys.attendees(eventId),
    queryFn: ({ signal }) => api.get<AttendeeList>(`/events/${id(eventId)}/attendees`, { signal }),
  });

export const inboxQuery = (unreadOnly: boolean) =>
  queryOptions({
    queryKey: [...outreachKeys.inbox, unreadOnly ? 'unread' : 'all'] as const,
    queryFn: ({ signal }) =>
      api.get<Inbox>('/inbox', { query: { unread: unreadOnly ? true : undefined, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

/** Only the counts: the smallest inbox the server gives. */
export const inboxCountsQuery = queryOptions({
  queryKey: [...outreachKeys.inbox, 'counts'] as const,
  queryFn: ({ signal }) => api.get<Inbox>('/inbox', { query: { unread: true, limit: 1 }, signal }),
});

export const audiencePreviewQuery = (audience: Audience) =>
  queryOptions({
    queryKey: outreachKeys.preview(audience),
    queryFn: ({ signal }) => api.post<AudiencePreview>('/announcements/audience-preview', { audience }, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });

export const savedAudiencePreviewQuery = (announcementId: string, version: number) =>
  queryOptions({
    queryKey: ['outreach', 'saved-preview', announcementId, version] as const,
    queryFn: ({ signal }) =>
      api.post<AudiencePreview>(`/announcements/${id(announcementId)}/preview-audience`, undefined, { signal }),
  });

export const outreachApi = {
  create: (input: Schemas['CreateAnnouncementDto']) => api.post<Announcement>('/announcements', input),
  update: (announcementId: string, input: Schemas['UpdateAnnouncementDto']) =>
    api.patch<Announcement>(`/announcements/${id(announcementId)}`, input),
  publish: (announcementId: string, input: { version: number; publishAt?: string }) =>
    api.post<Announcement>(`/announcements/${id(announcementId)}/publish`, input),
  deleteDraft: (announcementId: string, version: number) =>
    api.delete<void>(`/announcements/${id(announcementId)}?version=${version}`),
  withdraw: (announcementId: string, input: { version: number; reason: string }) =>
    api.post<Announcement>(`/announcements/${id(announcementId)}/withdraw`, input),
  read: (announcementId: string) => api.post<ReadState>(`/announcements/${id(announcementId)}/read`),
  acknowledge: (announcementId: string) => api.post<ReadState>(`/announcements/${id(announcementId)}/acknowledge`),
  remind: (announcementId: string) => api.post<{ reminded: number }>(`/announcements/${id(announcementId)}/remind`),
  recipientsCsv: (announcementId: string) => api.download(`/announcements/${id(announcementId)}/recipients.csv`),
  rsvp: (eventId: string, input: RsvpInput) => api.post<Rsvp>(`/events/${id(eventId)}/rsvp`, input),
  inviteIcs: (eventId: string) => api.download(`/events/${id(eventId)}/invite.ics`),
  attendeesCsv: (eventId: string) => api.download(`/events/${id(eventId)}/attendees.csv`),
};
