import { DataSource } from 'typeorm';
import { aContact, anOrganisation } from '../support/directory.js';
import { aUser, lastMailTo, PASSWORD, signIn, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Attacks from the hostile review of the access fixes (issue 18), each refused. */
describe('access: what the review found', () => {
  let api: TestApi;
  let db: DataSource;
  let secretariat: TestUser;
  let police: string;
  let company: string;
  let companyAdmin: TestUser;
  let industry: TestUser;
  const officerEmail = `hidden.officer-${Date.now()}@police.example.test`;
  let officer: TestUser;

  const upload = async (user: TestUser, csv: string, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'contacts.csv');
    const response = await api.fetch(`/api/v1/directory/import?dryRun=${dryRun}`, {
      method: 'POST',
      body: form,
      headers: user.auth,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const header = 'organisation_id,full_name,emails,visibility';
  const contactStatus = async (user: TestUser, id: string) =>
    (await api.json('GET', `/api/v1/directory/contacts/${id}`, undefined, user.auth)).status;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    secretariat = await aUser(api, { role: 'secretariat' });
    police = await anOrganisation(api, secretariat, {
      name: 'Review Police',
      kind: 'law_enforcement',
      countryCode: 'CZ',
    });
    company = await anOrganisation(api, secretariat, { name: 'Review Hosting', kind: 'industry', countryCode: 'DE' });
    companyAdmin = await aUser(api, { role: 'org_admin', organisationId: company });
    industry = await aUser(api, { organisationId: company });
    await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Hana Skrytá',
      emails: [officerEmail],
      visibility: 'law_enforcement',
    });
    officer = await aUser(api, { organisationId: police, email: officerEmail });
  }, 120_000);
  afterAll(async () => {
    await api.close();
  });

  it('an org admin cannot lower a secretariat-only contact through the CSV import either', async () => {
    const email = `secret-${Date.now()}@hosting.example.test`;
    const entry = await aContact(api, secretariat, {
      organisationId: company,
      fullName: 'Sekretna Osoba',
      emails: [email],
      visibility: 'secretariat',
    });
    const imported = await upload(companyAdmin, `${header}\n${company},Sekretna Osoba,${email},network\n`, false);
    expect(imported.status).toBe(400);
    expect(JSON.stringify(imported.body)).toContain('visibility');
    expect(await contactStatus(industry, entry.id)).toBe(404);
  });

  it('a dry-run import does not name a contact the importer may not see', async () => {
    const probe = `probe-${Date.now()}@hosting.example.test`;
    const dry = await upload(companyAdmin, `${header}\n${company},Probe,${probe};${officerEmail},network\n`, true);
    expect(dry.status).toBe(200);
    expect(JSON.stringify(dry.body)).not.toContain('Hana Skrytá');
  });

  it('an org admin cannot cancel the secretariat’s pending invitation by inviting the same address', async () => {
    const email = `new.officer-${Date.now()}@police.example.test`;
    const sent = await api.json(
      'POST',
      '/api/v1/invitations',
      { email, role: 'org_admin', organisationId: police },
      secretariat.auth,
    );
    expect(sent.status).toBe(201);
    const token = /invitation#token=([A-Za-z0-9_-]+)/.exec(await lastMailTo(api, email))![1]!;
    const hijack = await api.json(
      'POST',
      '/api/v1/invitations',
      { email, role: 'member', organisationId: company },
      companyAdmin.auth,
    );
    expect([hijack.status, hijack.body.code]).toEqual([409, 'invitation_pending']);
    expect((await api.json('POST', '/api/v1/invitations/inspect', { token })).status).toBe(200);
  });

  it('people search hides a law-enforcement account without a directory entry from industry, not from colleagues', async () => {
    const noEntry = await aUser(api, { organisationId: police, email: `no.entry-${Date.now()}@police.example.test` });
    const ids = async (user: TestUser) =>
      ((await api.json('GET', `/api/v1/people?q=no.entry`, undefined, user.auth)).body.items as { id: string }[]).map(
        (p) => p.id,
      );
    expect(await ids(industry)).not.toContain(noEntry.id);
    expect(await ids(officer)).toContain(noEntry.id);
    expect(await ids(secretariat)).toContain(noEntry.id);
  });

  it('an id seen in a shared plan gives a hidden person’s name, never their e-mail or organisation', async () => {
    const byId = await api.json('GET', `/api/v1/people?ids=${officer.id}`, undefined, industry.auth);
    expect(byId.body.items).toEqual([
      { id: officer.id, displayName: expect.any(String), email: null, organisationId: null, organisationName: null },
    ]);
    const seen = await api.json('GET', `/api/v1/people?ids=${officer.id}`, undefined, secretariat.auth);
    expect(seen.body.items[0].email).toBe(officerEmail);
  });

  it('a re-confirmation link does not list secretariat-only colleagues', async () => {
    const stamp = Date.now();
    const asked = await aContact(api, secretariat, {
      organisationId: company,
      fullName: 'Asked Person',
      emails: [`asked-${stamp}@hosting.example.test`],
    });
    await aContact(api, secretariat, {
      organisationId: company,
      fullName: 'Secret Colleague',
      emails: [`secret-colleague-${stamp}@hosting.example.test`],
      visibility: 'secretariat',
    });
    await db.query(`UPDATE contact SET last_confirmed_at = now() - interval '400 days' WHERE id = $1`, [asked.id]);
    expect((await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat.auth)).status).toBe(200);
    const token = /\/confirm#token=([A-Za-z0-9_-]+)/.exec(
      await lastMailTo(api, `asked-${stamp}@hosting.example.test`),
    )![1]!;
    const view = await api.json('POST', '/api/v1/directory/confirmations/inspect', { token });
    expect(view.status).toBe(200);
    expect(view.body.colleagues.map((c: { fullName: string }) => c.fullName)).not.toContain('Secret Colleague');
  });

  it('changing the password is throttled like proving it again (no free password oracle)', async () => {
    const victim = await aUser(api);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (
          await api.json(
            'POST',
            '/api/v1/me/password',
            { currentPassword: `wrong guess ${i}`, newPassword: 'x' },
            { ...victim.auth, 'x-forwarded-for': '203.0.113.77' },
          )
        ).status,
      );
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(400));
    expect(statuses).toContain(429);
  });

  it('a lock never ends in fresh free guesses: the quiet time counts from the end of the lock', async () => {
    const victim = await aUser(api);
    const from = { 'x-forwarded-for': '203.0.113.90' };
    for (let i = 0; i < 5; i++) expect((await signIn(api, victim.email, `guess ${i}`, from)).status).toBe(401);
    expect((await signIn(api, victim.email, PASSWORD, from)).status).toBe(429);
    // The lock ran out long ago, but the last failure was just before it: counted from the lock's
    // end, the quiet hour has not passed, so the next failure locks again at once.
    await db.query(
      `UPDATE login_throttle SET last_failure_at = now() - interval '61 minutes', locked_until = now() - interval '10 minutes'`,
    );
    expect((await signIn(api, victim.email, 'guess again', from)).status).toBe(401);
    expect((await signIn(api, victim.email, PASSWORD, from)).status).toBe(429);
  });

  it('text with a NUL character, a version beyond any counter and the year 0000 answer 400, not 500', async () => {
    const user = await aUser(api);
    expect((await api.json('PATCH', '/api/v1/me', { displayName: 'Ana\u0000' }, user.auth)).status).toBe(400);
    expect((await api.json('GET', '/api/v1/people?q=ab%00cd', undefined, user.auth)).status).toBe(400);
    const chair = await aUser(api, { role: 'org_admin', organisationId: police });
    const group = await api.json('POST', '/api/v1/groups', { name: 'Input group' }, chair.auth);
    const plan = await api.json(
      'POST',
      '/api/v1/plans',
      { groupId: group.body.id, title: 'P', tlp: 'GREEN' },
      chair.auth,
    );
    expect(
      (await api.json('PATCH', `/api/v1/plans/${plan.body.id}`, { version: 1e10, title: 'x' }, chair.auth)).status,
    ).toBe(400);
    expect(
      (await api.json('PATCH', `/api/v1/groups/${group.body.id}`, { version: 1e10, name: 'x' }, chair.auth)).status,
    ).toBe(400);
    expect(
      (await api.json('PATCH', `/api/v1/plans/${plan.body.id}`, { version: 1, periodStart: '0000-01-01' }, chair.auth))
        .status,
    ).toBe(400);
  });
});
