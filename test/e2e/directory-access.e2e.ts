import { readFileSync } from 'node:fs';
import { aUser, type TestUser } from '../support/identity.js';
import { aContact, anOrganisation } from '../support/directory.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Who may NOT call each directory route: no token at all, and the roles each act excludes. */
describe('directory: deny by default', () => {
  let api: TestApi;
  let secretariat: TestUser;
  let member: TestUser;
  let otherAdmin: TestUser;
  let police: string;
  let contact: { id: string };
  let colleague: { id: string };

  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
    police = await anOrganisation(api, secretariat, {
      name: 'Policie České republiky',
      kind: 'law_enforcement',
      countryCode: 'CZ',
    });
    const other = await anOrganisation(api, secretariat, {
      name: 'Policja',
      kind: 'law_enforcement',
      countryCode: 'PL',
    });
    member = await aUser(api, { organisationId: police });
    otherAdmin = await aUser(api, { role: 'org_admin', organisationId: other });
    contact = await aContact(api, secretariat, { organisationId: police, fullName: 'Jana Nováková' });
    colleague = await aContact(api, secretariat, { organisationId: police, fullName: 'Petr Svoboda' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 401 on every directory route but the confirmation links when there is no token', async () => {
    const spec = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/directory'))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method, path, secured: (op.security?.length ?? 0) > 0 })),
      );
    expect(
      routes
        .filter((r) => !r.secured)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['confirm', 'handover', 'inspect', 'update'].map((a) => `/api/v1/directory/confirmations/${a}`));
    for (const route of routes.filter((r) => r.secured)) {
      const path = route.path.replace(/\{[^}]+\}/g, contact.id);
      const res = await api.json(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });

  it('finds account holders in people search only where the directory shows their entry', async () => {
    const company = await anOrganisation(api, secretariat, {
      name: 'Example Hosting GmbH',
      kind: 'industry',
      countryCode: 'DE',
    });
    const industry = await aUser(api, { organisationId: company });
    const email = `bka.liaison-${Date.now()}@example.test`;
    await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Klara Bkaova',
      emails: [email],
      visibility: 'law_enforcement',
    });
    const holder = await aUser(api, { organisationId: police, email });
    const people = async (user: TestUser, query: string) =>
      ((await api.json('GET', `/api/v1/people?${query}`, undefined, user.auth)).body.items as { id: string }[]).map(
        (p) => p.id,
      );
    const byEmail = `email=${encodeURIComponent(email.toUpperCase())}`;
    const byName = `q=${encodeURIComponent(email.slice(0, 12))}`;
    // An industry member sees no law-enforcement entry in the directory, nor its account here.
    expect(await people(industry, byEmail)).toEqual([]);
    expect(await people(industry, byName)).not.toContain(holder.id);
    // Law enforcement and the secretariat see both; the person finds themself.
    for (const viewer of [member, secretariat, holder]) expect(await people(viewer, byEmail)).toEqual([holder.id]);
    expect(await people(member, byName)).toContain(holder.id);
  });

  it('lets only the secretariat lower a visibility above an org admin’s own view', async () => {
    const policeAdmin = await aUser(api, { role: 'org_admin', organisationId: police });
    const entry = await aContact(api, secretariat, { organisationId: police, fullName: 'Tereza Skrytá' });
    const patch = (by: TestUser, body: Record<string, unknown>) =>
      api.json('PATCH', `/api/v1/directory/contacts/${entry.id}`, body, by.auth);
    const current = async () =>
      (await api.json('GET', `/api/v1/directory/contacts/${entry.id}`, undefined, secretariat.auth)).body;
    expect((await patch(secretariat, { version: entry.version, visibility: 'secretariat' })).status).toBe(200);
    const hidden = await current();
    // One rule: a colleague of the same organisation does not see it; its admin does (they answer for it).
    expect((await api.json('GET', `/api/v1/directory/contacts/${entry.id}`, undefined, member.auth)).status).toBe(404);
    expect((await api.json('GET', `/api/v1/directory/contacts/${entry.id}`, undefined, policeAdmin.auth)).status).toBe(
      200,
    );
    // The organisation's admin still sees and edits the entry, but cannot undo the secretariat's choice.
    const undo = await patch(policeAdmin, { version: hidden.version, visibility: 'network' });
    expect(undo.status).toBe(403);
    expect(undo.body.details[0].field).toBe('visibility');
    expect((await current()).visibility).toBe('secretariat');
    expect((await patch(policeAdmin, { version: hidden.version, position: 'Analyst' })).status).toBe(200);
    // Within their own view they move it both ways.
    const again = await current();
    expect((await patch(secretariat, { version: again.version, visibility: 'law_enforcement' })).status).toBe(200);
    expect((await patch(policeAdmin, { version: again.version + 1, visibility: 'network' })).status).toBe(200);
  });

  it('keeps members and other organisations’ admins from designating, deciding, ending and handing over', async () => {
    const designated = await api.json(
      'PUT',
      '/api/v1/directory/points-of-contact',
      {
        contactId: contact.id,
        mandateCode: 'prevention',
        scope: 'national',
        countryCode: 'CZ',
        role: 'primary',
        nominatingAuthority: 'Ministry of the Interior',
      },
      secretariat.auth,
    );
    expect(designated.status).toBe(200);
    const id = designated.body.id as string;
    for (const user of [member, otherAdmin]) {
      expect((await api.json('DELETE', `/api/v1/directory/points-of-contact/${id}`, undefined, user.auth)).status).toBe(
        403,
      );
      expect((await api.json('POST', `/api/v1/directory/points-of-contact/${id}/reject`, {}, user.auth)).status).toBe(
        403,
      );
      expect(
        (await api.json('POST', `/api/v1/directory/points-of-contact/${id}/approve`, undefined, user.auth)).status,
      ).toBe(403);
      const handover = await api.json(
        'POST',
        `/api/v1/directory/contacts/${contact.id}/handover`,
        { successorContactId: colleague.id },
        user.auth,
      );
      expect(handover.status).toBe(403);
      expect((await api.json('POST', '/api/v1/directory/freshness/scan', undefined, user.auth)).status).toBe(403);
    }
    // Nothing changed: the designation is still active, the contact still active.
    const list = await api.json(
      'GET',
      `/api/v1/directory/points-of-contact?contactId=${contact.id}`,
      undefined,
      secretariat.auth,
    );
    expect(list.body.items.map((d: { status: string }) => d.status)).toEqual(['active']);
    const after = await api.json('GET', `/api/v1/directory/contacts/${contact.id}`, undefined, secretariat.auth);
    expect(after.body.status).toBe('active');
  });
});
