import { DataSource } from 'typeorm';
import { DEMO_ORGANISATIONS } from '@liaison/demo';
import { aUser, type TestUser } from '../support/identity.js';
import { aContact, searchContacts } from '../support/directory.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('directory: countries and organisations', () => {
  let api: TestApi;
  let secretariat: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    api = await startTestApi({ DEMO: 'true' });
    secretariat = await aUser(api, { role: 'secretariat' });
    member = await aUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('knows every ISO country, flags the EU, and names them in the requested language', async () => {
    const all = await api.json('GET', '/api/v1/directory/countries', undefined, member.auth);
    expect(all.body.items.length).toBeGreaterThanOrEqual(249);
    const eu = await api.json('GET', '/api/v1/directory/countries?eu=true&lang=pl', undefined, member.auth);
    expect(eu.body.items).toHaveLength(27);
    expect(eu.body.items.find((c: { code: string }) => c.code === 'DE')).toMatchObject({
      name: 'Niemcy',
      region: 'Europe',
      euMember: true,
    });
    const bad = await api.json('GET', '/api/v1/directory/countries?eu=maybe&lang=xx', undefined, member.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['eu', 'lang']);
    expect((await api.json('GET', '/api/v1/directory/countries')).status).toBe(401);
  });

  it('finds organisations by name or acronym regardless of accents, case and small typos', async () => {
    const search = async (q: string) =>
      (
        await api.json('GET', `/api/v1/directory/organisations?q=${encodeURIComponent(q)}`, undefined, member.auth)
      ).body.items.map((o: { acronym: string | null; name: string }) => o.acronym ?? o.name);
    expect((await search('komenda glowna'))[0]).toBe('KGP');
    expect((await search('Bundeskriminalmt'))[0]).toBe('BKA');
    expect((await search('ec3'))[0]).toBe('EC3');
    expect((await search('politiei romane'))[0]).toBe('IGPR');
    const byCountry = await api.json(
      'GET',
      '/api/v1/directory/organisations?country=PL&kind=law_enforcement',
      undefined,
      member.auth,
    );
    expect(byCountry.body.items.map((o: { id: string }) => o.id)).toContain(DEMO_ORGANISATIONS.polishPolice);
    expect(byCountry.body.total).toBe(byCountry.body.items.length);
    for (const o of byCountry.body.items) expect(o).toMatchObject({ countryCode: 'PL', kind: 'law_enforcement' });
  });

  it('lets the secretariat create and edit organisations, audited, and no one else', async () => {
    const body = {
      name: 'Policie České republiky',
      acronym: 'PČR',
      kind: 'law_enforcement',
      countryCode: 'CZ',
      website: 'https://policie.cz',
    };
    expect((await api.json('POST', '/api/v1/directory/organisations', body, member.auth)).status).toBe(403);
    const created = await api.json('POST', '/api/v1/directory/organisations', body, secretariat.auth);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const updated = await api.json(
      'PATCH',
      `/api/v1/directory/organisations/${id}`,
      { acronym: 'PCR', parentId: DEMO_ORGANISATIONS.bka },
      secretariat.auth,
    );
    expect(updated.body).toMatchObject({ acronym: 'PCR', parentId: DEMO_ORGANISATIONS.bka });
    const events = await api.app
      .get(DataSource)
      .query(`SELECT action, details FROM audit_event WHERE target_id = $1 ORDER BY seq`, [id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'directory.organisation.created',
      'directory.organisation.updated',
    ]);
    expect(events[1].details.changes.acronym).toEqual({ from: 'PČR', to: 'PCR' });
  });

  it('rejects unknown countries, missing parents, parent cycles and bad fields with reasons', async () => {
    const unknownCountry = await api.json(
      'POST',
      '/api/v1/directory/organisations',
      { name: 'Nowhere Police', kind: 'law_enforcement', countryCode: 'QQ' },
      secretariat.auth,
    );
    expect(unknownCountry.status).toBe(400);
    expect(unknownCountry.body.details[0].field).toBe('countryCode');
    const badFields = await api.json(
      'POST',
      '/api/v1/directory/organisations',
      { name: 'X', kind: 'mafia', countryCode: 'pl', website: 'javascript:alert(1)' },
      secretariat.auth,
    );
    expect(badFields.status).toBe(400);
    expect(badFields.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'countryCode',
      'kind',
      'name',
      'website',
    ]);
    const missingParent = await api.json(
      'PATCH',
      `/api/v1/directory/organisations/${DEMO_ORGANISATIONS.bka}`,
      { parentId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' },
      secretariat.auth,
    );
    expect(missingParent.body.code).toBe('unknown_parent');
    const child = await api.json(
      'POST',
      '/api/v1/directory/organisations',
      { name: 'BKA SO 12', kind: 'law_enforcement', countryCode: 'DE', parentId: DEMO_ORGANISATIONS.bka },
      secretariat.auth,
    );
    const cycle = await api.json(
      'PATCH',
      `/api/v1/directory/organisations/${DEMO_ORGANISATIONS.bka}`,
      { parentId: child.body.id },
      secretariat.auth,
    );
    expect(cycle.status).toBe(400);
    expect(cycle.body.code).toBe('parent_cycle');
    expect((await api.json('GET', '/api/v1/directory/organisations/not-a-uuid', undefined, member.auth)).status).toBe(
      400,
    );
    expect(
      (
        await api.json(
          'GET',
          '/api/v1/directory/organisations/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
          undefined,
          member.auth,
        )
      ).status,
    ).toBe(404);
  });

  it("counts an organisation's contacts under its new kind as soon as the kind changes", async () => {
    const org = await api.json(
      'POST',
      '/api/v1/directory/organisations',
      { name: 'Kinderschutz Hotline Test', kind: 'hotline', countryCode: 'AT' },
      secretariat.auth,
    );
    expect(org.status).toBe(201);
    const person = await aContact(api, secretariat, { organisationId: org.body.id, fullName: 'Greta Wechsel' });
    expect(person.id).toBeTruthy();
    const before = await searchContacts(api, member, 'country=AT');
    expect(before.facets.kind.hotline).toBeGreaterThan(0);
    const changed = await api.json(
      'PATCH',
      `/api/v1/directory/organisations/${org.body.id}`,
      { kind: 'civil_society' },
      secretariat.auth,
    );
    expect(changed.status).toBe(200);
    const after = await searchContacts(api, member, 'country=AT');
    expect(after.facets.kind.hotline ?? 0).toBe(before.facets.kind.hotline - 1);
    expect(after.facets.kind.civil_society).toBe((before.facets.kind.civil_society ?? 0) + 1);
  });
});
