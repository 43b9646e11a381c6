import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('directory: mandates', () => {
  let api: TestApi;
  let secretariat: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
    member = await aUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists the mandates of the Council conclusions in order', async () => {
    const res = await api.json('GET', '/api/v1/directory/mandates', undefined, member.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { code: string }) => m.code)).toEqual([
      'victim_identification',
      'csam_removal',
      'digital_evidence',
      'prevention',
      'victim_support',
      'live_streaming',
      'travelling_offenders',
      'empact_cse',
      'weprotect',
      'policy_legislation',
      'training',
    ]);
  });

  it('lets the secretariat add, rename and retire mandates; retired ones are listed only on request', async () => {
    const body = {
      code: 'sextortion',
      name: 'Financial sextortion',
      description: 'Organised sextortion of minors.',
      sortOrder: 65,
    };
    expect((await api.json('POST', '/api/v1/directory/mandates', body, member.auth)).status).toBe(403);
    expect((await api.json('POST', '/api/v1/directory/mandates', body, secretariat.auth)).status).toBe(201);
    expect((await api.json('POST', '/api/v1/directory/mandates', body, secretariat.auth)).status).toBe(409);
    const retired = await api.json(
      'PATCH',
      '/api/v1/directory/mandates/sextortion',
      { active: false },
      secretariat.auth,
    );
    expect(retired.body).toMatchObject({ code: 'sextortion', active: false });
    const active = await api.json('GET', '/api/v1/directory/mandates', undefined, member.auth);
    expect(active.body.items.some((m: { code: string }) => m.code === 'sextortion')).toBe(false);
    const all = await api.json('GET', '/api/v1/directory/mandates?includeRetired=true', undefined, member.auth);
    expect(all.body.items.some((m: { code: string }) => m.code === 'sextortion')).toBe(true);
  });

  it('rejects malformed mandates with reasons and unknown ones with 404', async () => {
    const bad = await api.json(
      'POST',
      '/api/v1/directory/mandates',
      { code: 'Bad Code!', name: '', description: 3 },
      secretariat.auth,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'description', 'name']);
    expect(
      (await api.json('PATCH', '/api/v1/directory/mandates/nope', { name: 'Nope' }, secretariat.auth)).status,
    ).toBe(404);
  });
});
