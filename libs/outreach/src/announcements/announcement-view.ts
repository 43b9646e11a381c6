import { instantToZoned } from '../events/zoned-time.js';
import type { AnnouncementDto, EventDto, MyDeliveryDto, RsvpDto } from '../outreach.dto.js';
import type { Audience } from '../audience/audience.js';
import type { AnnouncementStatus, Delegate, RsvpResponse } from './announcement.entity.js';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

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
