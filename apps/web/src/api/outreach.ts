import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { ApiError, api } from './client';

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
export interface AudienceClause {
  everyone?: boolean;
  countries?: string[];
  regions?: string[];
  euMembers?: boolean;
  organisationKinds?: string[];
  organisations?: string[];
  mandates?: string[];
  groups?: string[];
  roles?: string[];
  users?: string[];
}

/** The people in any `include` group and in no `exclude` group. */
export interface Audience {
  include: AudienceClause[];
  exclude?: AudienceClause[];
}

export interface AudiencePreview {
  count: number;
  sample: { userId: string; displayName: string; organisationName: string | null; countryCode: string | null }[];
  /** Directory entries the audience describes that have no account, so are not reached. */
  contactsWithoutAccount: number;
  warning: string | null;
}

/** Times as the secretariat types them: wall-clock `YYYY-MM-DDTHH:mm` in `timeZone`. */
export interface EventInput {
  title?: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location?: string | null;
  onlineUrl?: string | null;
  rsvpDeadline?: string | null;
  seatsPerCountry?: number | null;
}

export interface OutreachEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** Wall-clock times in `timeZone`, `YYYY-MM-DDTHH:mm`. */
  localStartsAt: string;
  localEndsAt: string;
  timeZone: string;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: string | null;
  localRsvpDeadline: string | null;
  seatsPerCountry: number | null;
  sequence: number;
  cancelledAt: string | null;
}

export interface Delegate {
  name: string;
  role: DelegateRole;
  level: DelegateLevel;
}

export interface Rsvp {
  response: RsvpResponse;
  delegation: Delegate[];
  nominatingAuthority: string | null;
  accessibility: string | null;
  dietary: string | null;
  notes: string | null;
  answeredAt: string;
  updatedAt: string;
}

export interface RsvpInput {
  response: RsvpResponse;
  delegation: Delegate[];
  nominatingAuthority?: string;
  accessibility?: string;
  dietary?: string;
  notes?: string;
}

export interface Seats {
  countryCode: string | null;
  limit: number | null;
  /** Delegates named by the others of the caller's country. */
  takenByOthers: number;
}

export interface MyDelivery {
  readAt: string | null;
  acknowledgedAt: string | null;
  /** Edited after the caller last opened it. */
  changedSinceRead: boolean;
  rsvp: Rsvp | null;
  seats: Seats | null;
}

export interface Announcement {
  id: string;
  title: string;
  /** Markdown: the secretariat only; empty for recipients. */
  body: string;
  /** Sanitised by the server. */
  bodyHtml: string;
  status: AnnouncementStatus;
  /** The secretariat only. */
  audience: Audience | null;
  requiresAcknowledgement: boolean;
  acknowledgeBy: string | null;
  remindDaysBefore: number;
  publishAt: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  revision: number;
  editedAt: string | null;
  version: number;
  recipientCount: number | null;
  fannedOut: boolean;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
  event: OutreachEvent | null;
  /** The caller as a recipient. */
  me: MyDelivery | null;
}

export interface AnnouncementInput {
  title?: string;
  body?: string;
  audience?: Audience;
  requiresAcknowledgement?: boolean;
  acknowledgeBy?: string | null;
  remindDaysBefore?: number;
  event?: EventInput | null;
}

export interface AnnouncementSummary {
  id: string;
  title: string;
  status: AnnouncementStatus;
  requiresAcknowledgement: boolean;
  publishAt: string | null;
  publishedAt: string | null;
  recipientCount: number | null;
  readCount: number | null;
  acknowledgedCount: number | null;
  eventStartsAt: string | null;
  updatedAt: string;
}

export interface StatsRow {
  key: string | null;
  label: string | null;
  recipients: number;
  read: number;
  acknowledged: number;
  accepted: number;
  tentative: number;
  declined: number;
  noAnswer: number;
  delegates: number;
}

export interface Stats {
  total: StatsRow;
  email: Record<MailStatus, number>;
  byCountry: StatsRow[];
  byOrganisationKind: StatsRow[];
  byMandate: StatsRow[];
}

export interface Recipient {
  userId: string;
  displayName: string;
  email: string;
  organisationName: string | null;
  countryCode: string | null;
  deliveredAt: string;
  readAt: string | null;
  acknowledgedAt: string | null;
  emailStatus: MailStatus | null;
  emailError: string | null;
  rsvp: RsvpResponse | null;
  remindedAt: string | null;
}

export interface Attendee {
  userId: string;
  respondent: string;
  organisationName: string | null;
  countryCode: string | null;
  countryName: string | null;
  rsvp: Rsvp;
}

export interface AttendeeList {
  items: Attendee[];
  byCountry: StatsRow[];
  seatsPerCountry: number | null;
}

export interface InboxEntry {
  type: 'announcement' | 'notification';
  /** A notification's kind and facts (null for announcements), to write it in the reader's language. */
  kind: string | null;
  params: Record<string, unknown> | null;
  id: string;
  title: string;
  excerpt: string;
  /** A path in this client. */
  link: string;
  at: string;
  readAt: string | null;
  requiresAcknowledgement: boolean;
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
  withdrawn: boolean;
  changedSinceRead: boolean;
  eventStartsAt: string | null;
  rsvp: RsvpResponse | null;
}

export interface Inbox {
  items: InboxEntry[];
  unreadAnnouncements: number;
  unreadNotifications: number;
  toAcknowledge: number;
}

export interface ReadState {
  readAt: string | null;
  acknowledgedAt: string | null;
}

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
  create: (input: AnnouncementInput & { title: string; audience: Audience }) =>
    api.post<Announcement>('/announcements', input),
  update: (announcementId: string, input: AnnouncementInput & { version: number }) =>
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
