import ICAL from 'ical.js';
import { RemindersService } from '@liaison/planning';
import { anOrganisation } from '../support/directory.js';
import { aUser, mailTo, type TestUser } from '../support/identity.js';
import { connect, nextEvent } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const DAY = 86_400_000;
const dateIn = (from: Date, days: number) => new Date(from.getTime() + days * DAY).toISOString().slice(0, 10);

describe('planning: reminders, notifications, exports and calendar feeds', () => {
  let api: TestApi;
  let chair: TestUser, member: TestUser, outsider: TestUser, secretariat: TestUser;
  let groupId: string, planId: string;
  let reminders: RemindersService;
  const call = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.json(method, `/api/v1${path}`, body, user.auth);
  const anItem = async (body: Record<string, unknown>, plan = planId) => {
    const res = await call(chair, 'POST', `/plans/${plan}/items`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; version: number; reference: string };
  };
  const noticesOf = async (user: TestUser, itemId: string) =>
    (await call(user, 'GET', '/notifications')).body.items.filter((n: { itemId: string }) => n.itemId === itemId);
  // Scans run at noon UTC of a chosen day, so "days before" is exact.
  const noon = (date: string) => new Date(`${date}T12:00:00Z`);
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    api = await startTestApi();
    reminders = api.app.get(RemindersService);
    secretariat = await aUser(api, { role: 'secretariat' });
    const org = await anOrganisation(api, secretariat, {
      kind: 'civil_society',
      countryCode: 'BG',
      name: 'Bulgarian Safer Internet Centre',
    });
    chair = await aUser(api, { role: 'org_admin', organisationId: org });
    [member, outsider] = await Promise.all([aUser(api, { organisationId: org }), aUser(api)]);
    groupId = (
      await call(chair, 'POST', '/groups', {
        name: 'Prevention campaigns',
        members: [{ userId: member.id, role: 'member' }],
      })
    ).body.id;
    planId = (await call(chair, 'POST', '/plans', { groupId, title: 'Campaigns 2026', tlp: 'AMBER', status: 'active' }))
      .body.id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('reminds 7 days and 1 day before, then says overdue: once each, live and by e-mail', async () => {
    const item = await anItem({ title: 'Radio spots', dueDate: dateIn(noon(today), 7), assigneeIds: [member.id] });
    const socket = await connect(api.url, { token: member.accessToken });
    try {
      const live = nextEvent<{ itemId: string; kind: string }>(socket, 'notification');
      await reminders.scan(noon(today));
      expect(await live).toMatchObject({
        itemId: item.id,
        kind: 'due_soon',
        // The facts, for clients to write the notice in the reader's language.
        params: {
          reference: item.reference,
          itemTitle: 'Radio spots',
          planTitle: 'Campaigns 2026',
          tlp: 'AMBER',
          daysLeft: 7,
        },
      });
    } finally {
      socket.close();
    }
    // On a Monday the weekly digest goes out with the reminder: look for the reminder itself.
    const mail = await mailTo(api, member.email, (text) => /Subject: Due in 7 days:/.test(text));
    expect(mail).toMatch(/Subject: Due in 7 days: \[TLP:AMBER\]/);
    expect(mail).toContain('/settings/notifications');
    await reminders.scan(noon(today));
    await reminders.scan(noon(dateIn(noon(today), 3)));
    expect(await noticesOf(member, item.id)).toHaveLength(1);
    await reminders.scan(noon(dateIn(noon(today), 6)));
    await reminders.scan(noon(dateIn(noon(today), 6)));
    await reminders.scan(noon(dateIn(noon(today), 9)));
    await reminders.scan(noon(dateIn(noon(today), 10)));
    const notices = await noticesOf(member, item.id);
    expect(notices.map((n: { kind: string; title: string }) => n.title.split(':')[0])).toEqual([
      'Overdue',
      'Due tomorrow',
      'Due in 7 days',
    ]);
    expect(await noticesOf(chair, item.id)).toEqual([]);
  });

  it('sends one notice, not two, when the first scan comes late; none for muted plans or finished items', async () => {
    const late = await anItem({ title: 'Late scan', dueDate: dateIn(noon(today), 3), assigneeIds: [member.id] });
    const finished = await anItem({ title: 'Finished', dueDate: dateIn(noon(today), 1), assigneeIds: [member.id] });
    await call(member, 'POST', `/items/${finished.id}/transition`, { version: 1, to: 'done' });
    await reminders.scan(noon(today));
    expect((await noticesOf(member, late.id)).map((n: { title: string }) => n.title)).toEqual([
      expect.stringMatching(/^Due in 3 days/),
    ]);
    expect(await noticesOf(member, finished.id)).toEqual([]);

    const quietPlan = (await call(chair, 'POST', '/plans', { groupId, title: 'Muted', tlp: 'GREEN', status: 'active' }))
      .body.id;
    const muted = await anItem(
      { title: 'Muted item', dueDate: dateIn(noon(today), 1), assigneeIds: [member.id] },
      quietPlan,
    );
    expect((await call(member, 'PUT', `/plans/${quietPlan}/mute`, { muted: true })).status).toBe(200);
    expect((await call(member, 'GET', `/plans/${quietPlan}`)).body.muted).toBe(true);
    await reminders.scan(noon(today));
    expect(await noticesOf(member, muted.id)).toEqual([]);
    expect((await call(outsider, 'PUT', `/plans/${planId}/mute`, { muted: true })).status).toBe(404);
  });

  it('keeps quiet hours in the person’s time zone and sends what waited afterwards; digests once a day', async () => {
    const prefs = {
      reminderDays: [2],
      digest: 'daily',
      quietFrom: 22,
      quietTo: 7,
      timeZone: 'Europe/Sofia',
      email: false,
    };
    const saved = await call(chair, 'PUT', '/notification-preferences', prefs);
    expect(saved.body).toEqual(prefs);
    const item = await anItem({ title: 'Quiet', dueDate: dateIn(noon(today), 2), assigneeIds: [chair.id] });
    await reminders.scan(new Date(`${today}T21:30:00Z`)); // 23:30 in Sofia
    expect(await noticesOf(chair, item.id)).toEqual([]);
    await reminders.scan(new Date(`${dateIn(noon(today), 1)}T06:00:00Z`)); // 08:00 the next morning
    expect(await noticesOf(chair, item.id)).toHaveLength(1);
    const all = (await call(chair, 'GET', '/notifications')).body;
    const digests = all.items.filter((n: { kind: string }) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0].body).toContain('Quiet');
    await reminders.scan(new Date(`${dateIn(noon(today), 1)}T09:00:00Z`));
    expect(
      (await call(chair, 'GET', '/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'digest'),
    ).toHaveLength(1);

    expect(all.unread).toBe(all.items.length);
    const one = await call(chair, 'POST', `/notifications/${all.items[0].id}/read`);
    expect(one.body.unread).toBe(all.unread - 1);
    expect((await call(member, 'POST', `/notifications/${all.items[0].id}/read`)).status).toBe(404);
    expect((await call(chair, 'POST', '/notifications/read')).body.unread).toBe(0);
  });

  it('refuses bad preferences with field reasons, and lets only the secretariat run a scan by hand', async () => {
    const bad = await call(member, 'PUT', '/notification-preferences', {
      reminderDays: [-1, 7],
      digest: 'hourly',
      quietFrom: 22,
      quietTo: null,
      timeZone: 'Mars/Olympus',
      email: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'digest',
      'email',
      'reminderDays',
      'timeZone',
    ]);
    const half = await call(member, 'PUT', '/notification-preferences', {
      reminderDays: [1],
      digest: 'off',
      quietFrom: 22,
      quietTo: null,
      timeZone: 'UTC',
      email: true,
    });
    expect(half.body.details[0].field).toBe('quietTo');
    expect((await call(member, 'GET', '/notification-preferences')).body).toMatchObject({
      reminderDays: [7, 1],
      digest: 'weekly',
    });
    expect((await call(member, 'POST', '/planning/reminders/scan')).status).toBe(403);
    expect((await call(secretariat, 'POST', '/planning/reminders/scan')).status).toBe(200);
  });

  it('exports a plan as CSV (handling code first, formulas disarmed) and its due dates as iCalendar', async () => {
    const item = await anItem({
      reference: '9.1',
      title: '=HYPERLINK("http://evil")',
      dueDate: '2027-03-15',
      assigneeIds: [member.id],
    });
    const csv = await api.fetch(`/api/v1/plans/${planId}/export.csv`, { headers: chair.auth });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('TLP:AMBER,Campaigns 2026');
    expect(lines[1]).toMatch(/^reference,title,status/);
    expect(lines.find((l) => l.startsWith('9.1,'))).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect((await api.fetch(`/api/v1/plans/${planId}/export.csv`, { headers: outsider.auth })).status).toBe(404);

    const ics = await api.fetch(`/api/v1/plans/${planId}/calendar.ics`, { headers: member.auth });
    const calendar = new ICAL.Component(ICAL.parse(await ics.text()));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const event = events.find((e) => e.uid.includes(item.id))!;
    expect(event.startDate.toString()).toBe('2027-03-15');
    expect(event.startDate.isDate).toBe(true);
    expect(event.summary).toBe('[TLP:AMBER] 9.1 =HYPERLINK("http://evil") (due)');
    expect(event.sequence).toBe(1);
    await call(member, 'PATCH', `/items/${item.id}`, { version: 1, dueDate: '2027-03-20' });
    const again = new ICAL.Component(
      ICAL.parse(await (await api.fetch(`/api/v1/plans/${planId}/calendar.ics`, { headers: member.auth })).text()),
    );
    const moved = again
      .getAllSubcomponents('vevent')
      .map((e) => new ICAL.Event(e))
      .find((e) => e.uid === event.uid)!;
    expect([moved.startDate.toString(), moved.sequence]).toEqual(['2027-03-20', 2]);
  });

  it('serves secret calendar addresses until revoked, re-checking what the owner may see', async () => {
    const hidden = (await call(chair, 'POST', '/plans', { groupId, title: 'Restricted', tlp: 'RED', status: 'active' }))
      .body.id;
    await anItem({ title: 'Red item', dueDate: '2027-01-10', assigneeIds: [member.id] }, hidden);
    expect((await call(outsider, 'POST', '/calendar-feeds', { planId: hidden })).status).toBe(404);
    const feed = (await call(member, 'POST', '/calendar-feeds', { planId: hidden })).body;
    const mine = (await call(member, 'POST', '/calendar-feeds', {})).body;
    const path = (url: string) => new URL(url).pathname;
    const plain = await api.fetch(path(feed.url));
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await plain.text()).toContain('Red item');
    expect(await (await api.fetch(path(mine.url))).text()).toContain('My action items');
    expect((await call(member, 'GET', '/calendar-feeds')).body.items.map((f: { id: string }) => f.id).sort()).toEqual(
      [feed.id, mine.id].sort(),
    );
    expect((await call(outsider, 'DELETE', `/calendar-feeds/${feed.id}`)).status).toBe(404);
    expect((await api.fetch('/api/v1/calendar-feeds/not-a-token.ics')).status).toBe(404);

    await call(chair, 'DELETE', `/groups/${groupId}/members/${member.id}`);
    expect((await api.fetch(path(feed.url))).status).toBe(404);
    expect(await (await api.fetch(path(mine.url))).text()).not.toContain('Red item');
    expect((await call(member, 'DELETE', `/calendar-feeds/${mine.id}`)).status).toBe(204);
    expect((await api.fetch(path(mine.url))).status).toBe(404);
  });
});
