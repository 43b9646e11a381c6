import { DEMO_PASSWORD } from '@liaison/demo';
import { signIn } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('outreach demo data', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('has the WeProtect summit with answers in every state, plain announcements and a draft', async () => {
    const token = async (email: string) => {
      const res = await signIn(api, email, DEMO_PASSWORD);
      return { authorization: `Bearer ${res.body.accessToken}` };
    };
    const secretariat = await token('secretariat@liaison.test');
    const list = (await api.json('GET', '/api/v1/announcements?limit=50', undefined, secretariat)).body;
    const summit = list.items.find((a: { title: string }) =>
      a.title.startsWith('WeProtect Global Alliance summit, Addis Ababa'),
    );
    expect(summit).toMatchObject({ status: 'published', eventStartsAt: expect.any(String) });
    expect(list.items.map((a: { status: string }) => a.status)).toEqual(expect.arrayContaining(['published', 'draft']));

    const stats = (await api.json('GET', `/api/v1/announcements/${summit.id}/stats`, undefined, secretariat)).body;
    expect(stats.total.recipients).toBeGreaterThan(50);
    expect(stats.total).toMatchObject({ accepted: 2, tentative: 1, declined: 2 });
    expect(stats.total.noAnswer).toBeGreaterThan(40);
    expect(stats.total.read).toBeGreaterThan(stats.total.accepted + stats.total.tentative + stats.total.declined);
    expect(stats.byCountry.find((c: { key: string }) => c.key === 'PL')).toMatchObject({ accepted: 1, delegates: 2 });

    const detail = (await api.json('GET', `/api/v1/announcements/${summit.id}`, undefined, secretariat)).body;
    expect(detail.event).toMatchObject({
      timeZone: 'Africa/Addis_Ababa',
      seatsPerCountry: 2,
      localStartsAt: expect.stringMatching(/T09:00$/),
    });
    expect(new Date(detail.event.rsvpDeadline).getTime()).toBeGreaterThan(Date.now());

    // Ana is not a summit invitee, but the maintenance notice reached everyone.
    const ana = await token('ana.ionescu@liaison.test');
    const inbox = (await api.json('GET', '/api/v1/inbox', undefined, ana)).body;
    expect(inbox.items.map((i: { title: string }) => i.title)).toContain('Liaison: maintenance window on Saturday');
    expect((await api.json('GET', `/api/v1/announcements/${summit.id}`, undefined, ana)).status).toBe(404);
  });
});
