import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import { anOrganisation } from '../support/directory.js';
import { aUser, type TestUser } from '../support/identity.js';
import { parseMail, type RawMail } from '../support/mail.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const DAY = 86_400_000;
const localIn = (days: number, hour = 9) =>
  `${new Date(Date.now() + days * DAY).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;

/**
 * A real SMTP server in front of the API: it refuses one mailbox for good (550), one for a while
 * (451 twice) and one always (451).
 */
describe('outreach e-mail through a real SMTP server', () => {
  let api: TestApi;
  let server: SMTPServer;
  const received: RawMail[] = [];
  const tries = new Map<string, number>();
  let secretariat: TestUser;
  const people: Record<'ok' | 'bounce' | 'flaky' | 'down', TestUser> = {} as never;
  const call = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.json(method, `/api/v1${path}`, body, user.auth);

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        const box = address.address.split('-')[0]!;
        const n = (tries.get(address.address) ?? 0) + 1;
        tries.set(address.address, n);
        const fail = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
        if (box === 'bounce') return fail(550, 'No such mailbox');
        if (box === 'down') return fail(451, 'Mailbox temporarily unavailable');
        if (box === 'flaky' && n <= 2) return fail(451, 'Try again later');
        callback();
      },
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push(parseMail(data));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as { port: number };
    api = await startTestApi({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Liaison secretariat <secretariat@liaison.test>',
    });
    secretariat = await aUser(api, { role: 'secretariat' });
    const org = await anOrganisation(api, secretariat, {
      name: 'Rigspolitiet',
      kind: 'law_enforcement',
      countryCode: 'DK',
    });
    for (const box of ['ok', 'bounce', 'flaky', 'down'] as const)
      people[box] = await aUser(api, { organisationId: org, email: `${box}-${Date.now()}@smtp.test` });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers a parseable invitation; retries with back-off; shows bounced and failed e-mails', async () => {
    const created = await call(secretariat, 'POST', '/announcements', {
      title: 'Nordic hotline meeting',
      body: 'Meet the **Nordic** hotlines.',
      audience: { include: [{ users: Object.values(people).map((p) => p.id) }] },
      event: {
        startsAt: localIn(20),
        endsAt: localIn(20, 17),
        timeZone: 'Europe/Copenhagen',
        location: 'Rigspolitiet, Copenhagen',
        seatsPerCountry: 4,
      },
    });
    expect(created.status).toBe(201);
    const publish = await call(secretariat, 'POST', `/announcements/${created.body.id}/publish`, {
      version: created.body.version,
    });
    expect(publish.status).toBe(200);

    const email = async () => (await call(secretariat, 'GET', `/announcements/${created.body.id}/stats`)).body.email;
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const e = await email();
      if (e.sent === 2 && e.bounced === 1 && e.failed === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await email()).toMatchObject({ sent: 2, bounced: 1, failed: 1, pending: 0, sending: 0 });

    const invitation = received.find((m) => m.to === people.ok.email && m.subject === 'Nordic hotline meeting')!;
    expect(invitation.calendar).toBeTruthy();
    const calendar = new ICAL.Component(ICAL.parse(invitation.calendar!));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Nordic hotline meeting');
    expect(event.location).toBe('Rigspolitiet, Copenhagen');
    expect(event.startDate.toJSDate().toISOString()).toBe(publish.body.event.startsAt);
    expect(String(event.organizer).toLowerCase()).toBe('mailto:secretariat@liaison.test');

    // The flaky mailbox got it on the third try, once; the others never.
    expect(received.filter((m) => m.to === people.flaky.email && m.subject === 'Nordic hotline meeting')).toHaveLength(
      1,
    );
    expect(tries.get(people.flaky.email)).toBeGreaterThanOrEqual(3);
    expect(received.filter((m) => m.to === people.down.email || m.to === people.bounce.email)).toEqual([]);

    const failed = await call(secretariat, 'GET', `/announcements/${created.body.id}/recipients?filter=failed`);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        userId: people.down.id,
        emailStatus: 'failed',
        emailError: expect.stringMatching(/451/),
      }),
    ]);
    const bounced = await call(secretariat, 'GET', `/announcements/${created.body.id}/recipients?filter=bounced`);
    expect(bounced.body.items).toEqual([
      expect.objectContaining({
        userId: people.bounce.id,
        emailStatus: 'bounced',
        emailError: expect.stringMatching(/550/),
      }),
    ]);
    // Nothing is lost: the deliveries are all there and the in-app side does not depend on e-mail.
    expect((await call(people.down, 'GET', `/announcements/${created.body.id}`)).status).toBe(200);
  }, 60_000);
});
