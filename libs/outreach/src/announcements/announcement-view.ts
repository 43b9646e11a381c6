import { instantToZoned } from '../events/zoned-time.js';
import type { AnnouncementDto, EventDto, MyDeliveryDto, RsvpDto } from '../outreach.dto.js';
import type { Audience } from '../audience/audience.js';
import type { AnnouncementStatus, Delegate, RsvpResponse } from './announcement.entity.js';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** The columns `toAnnouncement` reads, from `announcement a` with `user_account cu` and `outreach_event e` joined. */
export const ANNOUNCEMENT_COLUMNS = `a.id, a.title, a.body, a.body_html AS "bodyHtml", a.status, a.audience,
  a.requires_acknowledgement AS "requiresAcknowledgement", a.acknowledge_by AS "acknowledgeBy",
  a.remind_days_before AS "remindDaysBefore", a.publish_at AS "publishAt", a.published_at AS "publishedAt",
  a.withdrawn_at AS "withdrawnAt", a.withdrawn_reason AS "withdrawnReason", a.revision, a.edited_at AS "editedAt",
  a.version, a.recipient_count AS "recipientCount", a.fanned_out_at AS "fannedOutAt", cu.display_name AS "createdByName",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt",
  e.id AS "eventId", e.title AS "eventTitle", e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.time_zone AS "timeZone",
  e.location, e.online_url AS "onlineUrl", e.rsvp_deadline AS "rsvpDeadline", e.seats_per_country AS "seatsPerCountry",
  e.sequence, e.cancelled_at AS "cancelledAt"`;

export const ANNOUNCEMENT_FROM = `announcement a JOIN user_account cu ON cu.id = a.created_by
  LEFT JOIN outreach_event e ON e.announcement_id = a.id`;

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  bodyHtml: string;
  status: AnnouncementStatus;
  audience: Audience;
  requiresAcknowledgement: boolean;
  acknowledgeBy: Date | null;
  remindDaysBefore: number;
  publishAt: Date | null;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  revision: number;
  editedAt: Date | null;
  version: number;
  recipientCount: number | null;
  fannedOutAt: Date | null;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  eventId: string | null;
  eventTitle: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  timeZone: string | null;
  location: string | null;
  onlineUrl: string | null;
  rsvpDeadline: Date | null;
  seatsPerCountry: number | null;
  sequence: number | null;
  cancelledAt: Date | null;
}

export interface RsvpRow {
  response: RsvpResponse;
  delegation: Delegate[];
  nominatingAuthority: string | null;
  accessibility: string | null;
  dietary: string | null;
  notes: string | null;
  answeredAt: Date;
  updatedAt: Date;
}

export const RSVP_COLUMNS = `r.response, r.delegation, r.nominating_authority AS "nominatingAuthority", r.accessibility,
  r.dietary, r.notes, r.answered_at AS "answeredAt", r.updated_at AS "updatedAt"`;

export const toRsvp = (r: RsvpRow): RsvpDto => ({
  ...r,
  answeredAt: new Date(r.answeredAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

export function toEvent(r: AnnouncementRow): EventDto | null {
  if (!r.eventId) return null;
  const zone = r.timeZone!;
  return {
    id: r.eventId,
    title: r.eventTitle!,
    startsAt: iso(r.startsAt)!,
    endsAt: iso(r.endsAt)!,
    localStartsAt: instantToZoned(new Date(r.startsAt!), zone),
    localEndsAt: instantToZoned(new Date(r.endsAt!), zone),
    timeZone: zone,
    location: r.location,
    onlineUrl: r.onlineUrl,
    rsvpDeadline: iso(r.rsvpDeadline),
    localRsvpDeadline: r.rsvpDeadline ? instantToZoned(new Date(r.rsvpDeadline), zone) : null,
    seatsPerCountry: r.seatsPerCountry,
    sequence: r.sequence!,
    cancelledAt: iso(r.cancelledAt),
  };
}

/** The API shape; the Markdown source and the audience are the secretariat's only. */
export function toAnnouncement(r: AnnouncementRow, secretariat: boolean, me: MyDeliveryDto | null): AnnouncementDto {
  return {
    id: r.id,
    title: r.title,
    body: secretariat ? r.body : '',
    bodyHtml: r.bodyHtml,
    status: r.status,
    audience: secretariat ? r.audience : null,
    requiresAcknowledgement: r.requiresAcknowledgement,
    acknowledgeBy: iso(r.acknowledgeBy),
    remindDaysBefore: r.remindDaysBefore,
    publishAt: iso(r.publishAt),
    publishedAt: iso(r.publishedAt),
    withdrawnAt: iso(r.withdrawnAt),
    withdrawnReason: r.withdrawnReason,
    revision: r.revision,
    editedAt: iso(r.editedAt),
    version: r.version,
    recipientCount: secretariat ? r.recipientCount : null,
    fannedOut: r.fannedOutAt !== null,
    createdByName: r.createdByName,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    event: toEvent(r),
    me,
  };
}

export { iso };
