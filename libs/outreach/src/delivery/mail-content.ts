import type { CalendarPart, MailMessage } from '@liaison/core';
import type { MailKind, RsvpResponse } from '../announcements/announcement.entity.js';
import { invitationCalendar, parseMailbox } from '../events/invitation.js';

export interface MailContext {
  kind: MailKind;
  to: { email: string; displayName: string };
  announcement: {
    id: string;
    title: string;
    body: string;
    bodyHtml: string;
    requiresAcknowledgement: boolean;
    acknowledgeBy: Date | null;
    withdrawnReason: string | null;
  };
  event: {
    id: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    timeZone: string;
    location: string | null;
    onlineUrl: string | null;
    rsvpDeadline: Date | null;
    sequence: number;
    cancelled: boolean;
  } | null;
  response: RsvpResponse | null;
  acknowledged: boolean;
  publicUrl: string;
  mailFrom: string;
}

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(d);

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** One outreach e-mail: the announcement, its update, its withdrawal, or a reminder; with an iTIP part for events. */
export function mailFor(c: MailContext): MailMessage {
  const a = c.announcement;
  const link = `${c.publicUrl}/announcements/${a.id}`;
  const subject = {
    announcement: a.title,
    update: `Updated: ${a.title}`,
    cancel: `${c.event ? 'Cancelled' : 'Withdrawn'}: ${a.title}`,
    reminder: `Reminder: ${a.title}`,
  }[c.kind];
  const lead: string[] = [];
  if (c.kind === 'update') lead.push('The secretariat has changed this announcement. The new version is below.');
  if (c.kind === 'cancel')
    lead.push(
      `The secretariat has withdrawn this announcement${c.event ? ' and the event is cancelled' : ''}.`,
      ...(a.withdrawnReason ? [`Reason: ${a.withdrawnReason}`] : []),
    );
  if (c.kind === 'reminder') {
    if (a.requiresAcknowledgement && !c.acknowledged)
      lead.push(
        `Please acknowledge this announcement${a.acknowledgeBy ? ` by ${when(a.acknowledgeBy, 'UTC')} (UTC)` : ''}.`,
      );
    if (c.event && !c.response)
      lead.push(
        `Please answer the invitation${c.event.rsvpDeadline ? ` by ${when(c.event.rsvpDeadline, c.event.timeZone)} (${c.event.timeZone})` : ''}.`,
      );
  }
  const eventLines = c.event
    ? [
        `${c.event.title}`,
        `When: ${when(c.event.startsAt, c.event.timeZone)} to ${when(c.event.endsAt, c.event.timeZone)} (${c.event.timeZone})`,
        ...(c.event.location ? [`Where: ${c.event.location}`] : []),
        ...(c.event.onlineUrl ? [`Online: ${c.event.onlineUrl}`] : []),
        ...(c.event.rsvpDeadline
          ? [`Answer by: ${when(c.event.rsvpDeadline, c.event.timeZone)} (${c.event.timeZone})`]
          : []),
      ]
    : [];
  const action =
    c.kind === 'cancel'
      ? `Open it in Liaison: ${link}`
      : c.event
        ? `Answer and name your delegation in Liaison: ${link}`
        : a.requiresAcknowledgement
          ? `Acknowledge it in Liaison: ${link}`
          : `Open it in Liaison: ${link}`;
  const text = [
    `Dear ${c.to.displayName},`,
    ...(lead.length ? [lead.join('\n')] : []),
    ...(c.kind === 'cancel' ? [] : [a.body]),
    ...(eventLines.length ? [eventLines.join('\n')] : []),
    action,
  ].join('\n\n');
  const html = [
    `<p>Dear ${escape(c.to.displayName)},</p>`,
    ...lead.map((l) => `<p>${escape(l)}</p>`),
    ...(c.kind === 'cancel' ? [] : [a.bodyHtml]),
    ...(eventLines.length ? [`<p>${eventLines.map(escape).join('<br>')}</p>`] : []),
    `<p><a href="${escape(link)}">${escape(action.split(':')[0]!)}</a></p>`,
  ].join('\n');
  let calendar: CalendarPart | undefined;
  if (c.event && c.kind !== 'reminder') {
    const ics = invitationCalendar(
      { ...c.event, description: a.body, cancelled: c.event.cancelled },
      { email: c.to.email, name: c.to.displayName, response: c.response },
      parseMailbox(c.mailFrom),
      c.publicUrl,
      link,
    );
    calendar = {
      method: ics.method,
      content: ics.content,
      filename: ics.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    };
  }
  return {
    to: c.to.email,
    subject,
    text,
    html,
    calendar,
    headers: { 'X-Liaison-Announcement': a.id, 'X-Liaison-Mail-Kind': c.kind },
  };
}
