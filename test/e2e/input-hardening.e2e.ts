import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Inputs that once answered 500 (issue 18): each must be a 400 with field-level reasons, and the
 * process must keep serving.
 */
describe('odd inputs answer 400 with reasons, never 500', () => {
  let api: TestApi;
  let secretariat: TestUser;
  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
  });
  afterAll(async () => {
    await api.close();
  });

  const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const post = (path: string, raw: string, auth: Record<string, string> = {}) =>
    api.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: raw });

  it('refuses JSON nested deeper than any request needs, anonymous or not', async () => {
    for (const [path, auth] of [
      ['/api/v1/auth/login', {}],
      ['/api/v1/announcements', secretariat.auth],
      ['/api/v1/directory/contacts', secretariat.auth],
    ] as const) {
      const res = await post(path, deep(2000), auth);
      expect([path, res.status]).toEqual([path, 400]);
      const body = (await res.json()) as { details: { field: string; reasons: string[] }[] };
      expect(body.details[0]!.reasons[0]).toMatch(/nested/);
    }
    // A shallow body still reaches the route's own checks.
    expect((await post('/api/v1/auth/login', deep(3))).status).toBe(400);
  });

  it('refuses a body with tens of thousands of fields or values in one reason, not one per field', async () => {
    // Once answered with a reason per unknown field: 15,000 of them, megabytes, after a second of CPU.
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, i])));
    const long = JSON.stringify({ email: 'a@x.test', password: 'x', list: new Array(60_000).fill(0) });
    for (const [path, raw, auth] of [
      ['/api/v1/auth/login', wide, {}],
      ['/api/v1/auth/login', long, {}],
      ['/api/v1/directory/contacts', wide, secretariat.auth],
    ] as const) {
      const res = await post(path, raw, auth);
      const body = (await res.json()) as { details: { field: string; reasons: string[] }[] };
      expect([path, res.status, body.details.length]).toEqual([path, 400, 1]);
      expect(body.details[0]!.reasons[0]).toMatch(/more than/);
    }
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate), naming the field', async () => {
    const res = await post(
      '/api/v1/auth/login',
      JSON.stringify({ email: 'a\ud800@x.test', password: 'whatever it is' }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { field: string }[] };
    expect(body.details.map((d) => d.field)).toContain('email');
    const nested = await post(
      '/api/v1/directory/contacts',
      JSON.stringify({ fullName: 'Ok', emails: ['ok@x.test', 'b\udc00@x.test'] }),
      secretariat.auth,
    );
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { details: { field: string }[] }).details[0]!.field).toBe('emails.1');
  });

  it('refuses prototype keys instead of dropping them', async () => {
    const res = await post(
      '/api/v1/directory/contacts',
      '{"fullName":"Ok","emails":["ok@x.test"],"__proto__":{"visibility":"network"}}',
      secretariat.auth,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { field: string }[] }).details[0]!.field).toBe('__proto__');
  });

  it('answers an announcement without its title or audience, and a preview without an audience, with the fields', async () => {
    const created = await api.json('POST', '/api/v1/announcements', {}, secretariat.auth);
    expect(created.status).toBe(400);
    expect(created.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['title', 'audience']),
    );
    const preview = await api.json('POST', '/api/v1/announcements/audience-preview', {}, secretariat.auth);
    expect(preview.status).toBe(400);
    expect(preview.body.details.map((d: { field: string }) => d.field)).toContain('audience');
  });

  it('refuses an acknowledgement deadline in the past and an event time that never happens in its zone', async () => {
    const base = { title: 'Past', body: 'x', audience: { include: [{ everyone: true }] } };
    const past = await api.json(
      'POST',
      '/api/v1/announcements',
      { ...base, requiresAcknowledgement: true, acknowledgeBy: '2020-01-01T10:00:00Z' },
      secretariat.auth,
    );
    expect(past.status).toBe(400);
    expect(past.body.details[0].field).toBe('acknowledgeBy');
    // 02:30 on the last Sunday of March does not happen in Brussels (clocks go from 02:00 to 03:00).
    const gap = await api.json(
      'POST',
      '/api/v1/announcements',
      {
        ...base,
        event: { startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T05:00', timeZone: 'Europe/Brussels' },
      },
      secretariat.auth,
    );
    expect(gap.status).toBe(400);
    expect(gap.body.details.map((d: { field: string }) => d.field)).toContain('event.startsAt');
  });

  it('refuses page and offset numbers no list has', async () => {
    for (const path of [
      '/api/v1/directory/contacts?page=1e9',
      '/api/v1/directory/contacts?page=1e20',
      '/api/v1/directory/organisations?page=1e20',
      '/api/v1/announcements?offset=1e20',
      '/api/v1/announcements?offset=1e9',
    ]) {
      const res = await api.json('GET', path, undefined, secretariat.auth);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.details[0].field).toMatch(/page|offset/);
    }
    expect((await api.json('GET', '/api/v1/system/info')).status).toBe(200);
  });
});
