/** The checks that the announcement use cases share. */
import type { FieldError } from '@liaison/core';
import type { Caller } from '../access.js';
import { OutreachError } from '../errors.js';
import { isTimeZone, zonedToInstant } from '../events/zoned-time.js';
import type { EventInputDto } from '../outreach.dto.js';
import { type AnnouncementRow, toAnnouncement } from './announcement-view.js';
import type { EventFields } from './announcements.repository.js';

/** Only the secretariat composes, publishes, withdraws and deletes announcements. */
export function requireSecretariat(caller: Caller): void {
  if (!caller.secretariat) throw new OutreachError('not_allowed', 'Only the secretariat sends announcements.');
}

/** An event's times as instants, checked. */
export function eventValues(input: EventInputDto): EventFields {
  const problems: FieldError[] = [];
  const bad = (field: string, reason: string) => problems.push({ field: `event.${field}`, reasons: [reason] });
  if (!isTimeZone(input.timeZone)) bad('timeZone', 'must be an IANA time zone such as Europe/Warsaw');
  const zone = isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const startsAt = zonedToInstant(input.startsAt, zone);
  const endsAt = zonedToInstant(input.endsAt, zone);
  const rsvpDeadline = input.rsvpDeadline ? zonedToInstant(input.rsvpDeadline, zone) : null;
  if (!startsAt) bad('startsAt', 'is not a date and time that happens in this time zone');
  if (!endsAt) bad('endsAt', 'is not a date and time that happens in this time zone');
  if (input.rsvpDeadline && !rsvpDeadline) bad('rsvpDeadline', 'is not a date and time that happens in this time zone');
  if (startsAt && endsAt && endsAt <= startsAt) bad('endsAt', 'must be after the start');
  if (startsAt && rsvpDeadline && rsvpDeadline > startsAt) bad('rsvpDeadline', 'must not be after the start');
  const location = input.location?.trim() || null;
  const onlineUrl = input.onlineUrl?.trim() || null;
  if (!location && !onlineUrl) bad('location', 'give a place or an online link');
  if (problems.length) throw new OutreachError('invalid_event', 'The event is not valid.', problems);
  return {
    title: input.title?.trim() || null,
    startsAt: startsAt!,
    endsAt: endsAt!,
    timeZone: zone,
    location,
    onlineUrl,
    rsvpDeadline,
    seatsPerCountry: input.seatsPerCountry ?? null,
  };
}

/** 409 with the announcement as it is now, for the secretariat's client to show. */
export const staleVersion = (
  row: AnnouncementRow,
  message = 'Someone changed this announcement meanwhile.',
): OutreachError =>
  new OutreachError('stale_version', message, undefined, { current: toAnnouncement(row, true, null) });

export const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
