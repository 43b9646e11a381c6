import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { RsvpResponse } from '../announcements/announcement.entity.js';

export interface InvitationEvent {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  onlineUrl: string | null;
  sequence: number;
  cancelled: boolean;
}

export interface Invitee {
  email: string;
  name: string;
  response: RsvpResponse | null;
}

const PARTSTAT: Record<RsvpResponse, ICalAttendeeStatus> = {
  accepted: ICalAttendeeStatus.ACCEPTED,
  tentative: ICalAttendeeStatus.TENTATIVE,
  declined: ICalAttendeeStatus.DECLINED,
};

/** The stable UID of an event's invitations: updates and cancellations replace the first one. */
export const invitationUid = (eventId: string, publicUrl: string): string =>
  `outreach-event-${eventId}@${new URL(publicUrl).hostname}`;

/** `Name <address>` or a bare address, as MAIL_FROM may be written. */
export function parseMailbox(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1]!.trim() || m[2]!, email: m[2]! } : { name: from.trim(), email: from.trim() };
}

/**
 * An iTIP (RFC 5546) message for one invitee: `REQUEST` for the invitation and each update (one
 * UID, SEQUENCE rising with each change of time or place), `CANCEL` once the event is called off.
 * Times are in UTC, which every calendar converts; answers are given in Liaison, not by reply.
 */
export function invitationCalendar(
  event: InvitationEvent,
  invitee: Invitee,
  organiser: { name: string; email: string },
  publicUrl: string,
  link: string,
): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = event.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar = ical({
    method,
    prodId: { company: 'Liaison', product: 'Outreach', language: 'EN' },
  });
  calendar.createEvent({
    id: invitationUid(event.id, publicUrl),
    sequence: event.sequence,
    stamp: new Date(),
    start: event.startsAt,
    end: event.endsAt,
    summary: event.title,
    description: `${event.description}\n\nAnswer and name your delegation in Liaison: ${link}`,
    location: event.location ?? event.onlineUrl ?? undefined,
    url: event.onlineUrl ?? link,
    status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: organiser,
    attendees: [
      {
        email: invitee.email,
        name: invitee.name,
        role: ICalAttendeeRole.REQ,
        rsvp: false,
        status: invitee.response ? PARTSTAT[invitee.response] : ICalAttendeeStatus.NEEDSACTION,
      },
    ],
  });
  return { method: event.cancelled ? 'CANCEL' : 'REQUEST', content: calendar.toString() };
}
