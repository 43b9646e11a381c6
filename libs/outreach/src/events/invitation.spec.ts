import ICAL from 'ical.js';
import { invitationCalendar, parseMailbox, type InvitationEvent } from './invitation.js';

const event: InvitationEvent = {
  id: '6f1c1d3e-0000-4000-8000-000000000001',
  title: 'WeProtect Global Alliance summit',
  description: 'Two days on the Model National Response.',
  startsAt: new Date('2026-12-11T06:00:00Z'),
  endsAt: new Date('2026-12-12T14:00:00Z'),
  location: 'African Union Conference Centre, Addis Ababa',
  onlineUrl: null,
  sequence: 0,
  cancelled: false,
};
const organiser = parseMailbox('Liaison secretariat <secretariat@liaison.example>');
const invitee = { email: 'anna.nowak@policja.example', name: 'Anna Nowak', response: null };

const parse = (content: string) => {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
};

describe('event invitations as iTIP messages', () => {
  it('is a REQUEST with organiser, attendee, UTC times and a stable UID', () => {
    const first = parse(
      invitationCalendar(event, invitee, organiser, 'https://liaison.example', 'https://x/a').content,
    );
    expect(first.calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(first.event.uid).toBe(`outreach-event-${event.id}@liaison.example`);
    expect(first.event.sequence).toBe(0);
    expect(first.event.startDate.toJSDate().toISOString()).toBe('2026-12-11T06:00:00.000Z');
    expect(first.event.endDate.toJSDate().toISOString()).toBe('2026-12-12T14:00:00.000Z');
    expect(first.event.location).toBe(event.location);
    expect(String(first.vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe(
      'mailto:secretariat@liaison.example',
    );
    const attendee = first.vevent.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:anna.nowak@policja.example');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(first.vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
  });

  it('updates keep the UID with a higher SEQUENCE; a cancellation is a CANCEL', () => {
    const uidOf = (e: InvitationEvent) =>
      parse(
        invitationCalendar(e, { ...invitee, response: 'accepted' }, organiser, 'https://liaison.example', 'l').content,
      );
    const moved = uidOf({ ...event, sequence: 1, location: 'Sheraton Addis' });
    expect(moved.event.sequence).toBe(1);
    expect(moved.event.location).toBe('Sheraton Addis');
    expect(moved.vevent.getFirstProperty('attendee')!.getParameter('partstat')).toBe('ACCEPTED');
    const cancelled = invitationCalendar(
      { ...event, sequence: 2, cancelled: true },
      invitee,
      organiser,
      'https://liaison.example',
      'l',
    );
    expect(cancelled.method).toBe('CANCEL');
    const parsed = parse(cancelled.content);
    expect(parsed.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(parsed.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parsed.event.uid).toBe(moved.event.uid);
    expect(parsed.event.sequence).toBe(2);
  });

  it('reads the organiser from MAIL_FROM in either form', () => {
    expect(parseMailbox('secretariat@liaison.example')).toEqual({
      name: 'secretariat@liaison.example',
      email: 'secretariat@liaison.example',
    });
    expect(parseMailbox('"Liaison" <a@b.example>')).toEqual({ name: 'Liaison', email: 'a@b.example' });
  });
});
