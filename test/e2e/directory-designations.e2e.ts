import { DataSource } from 'typeorm';
import { aUser, lastMailTo, type TestUser } from '../support/identity.js';
import { aContact, anOrganisation } from '../support/directory.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('directory: points of contact, coverage and freshness', () => {
  let api: TestApi;
  let db: DataSource;
  let secretariat: TestUser;
  let skAdmin: TestUser;
  let industryMember: TestUser;
  let mtPolice: string;
  let skPolice: string;
  let cyPolice: string;
  const c: Record<string, { id: string } & Record<string, any>> = {};

  const designate = (by: TestUser, body: Record<string, unknown>) =>
    api.json(
      'PUT',
      '/api/v1/directory/points-of-contact',
      { scope: 'national', nominatingAuthority: 'Ministry of Interior, order 1/2026', ...body },
      by.auth,
    );
  const coverageCell = async (user: TestUser, country: string, mandate: string) => {
    const matrix = await api.json('GET', '/api/v1/directory/coverage?eu=true', undefined, user.auth);
    const row = matrix.body.rows.find((r: { country: { code: string } }) => r.country.code === country);
    return row.cells.find((cell: { mandateCode: string }) => cell.mandateCode === mandate);
  };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    secretariat = await aUser(api, { role: 'secretariat' });
    mtPolice = await anOrganisation(api, secretariat, {
      name: 'Malta Police Force',
      kind: 'law_enforcement',
      countryCode: 'MT',
    });
    skPolice = await anOrganisation(api, secretariat, {
      name: 'Prezídium Policajného zboru',
      kind: 'law_enforcement',
      countryCode: 'SK',
    });
    cyPolice = await anOrganisation(api, secretariat, {
      name: 'Αστυνομία Κύπρου',
      kind: 'law_enforcement',
      countryCode: 'CY',
    });
    const provider = await anOrganisation(api, secretariat, {
      name: 'Hostly Cloud',
      kind: 'industry',
      countryCode: 'NL',
    });
    skAdmin = await aUser(api, { role: 'org_admin', organisationId: skPolice });
    industryMember = await aUser(api, { organisationId: provider });
    c.mt = await aContact(api, secretariat, { organisationId: mtPolice, fullName: 'Joseph Borg' });
    c.mt2 = await aContact(api, secretariat, { organisationId: mtPolice, fullName: 'Maria Camilleri' });
    c.sk = await aContact(api, secretariat, {
      organisationId: skPolice,
      fullName: 'Jana Horváthová',
      emails: ['jana.horvathova@minv.sk.test'],
    });
    c.sk2 = await aContact(api, secretariat, { organisationId: skPolice, fullName: 'Peter Novák' });
    c.cy = await aContact(api, secretariat, {
      organisationId: cyPolice,
      fullName: 'Ανδρέας Γεωργίου',
      visibility: 'law_enforcement',
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('designates primaries and deputies, refuses overlaps, other countries and bad dates with reasons', async () => {
    const primary = await designate(secretariat, {
      contactId: c.mt.id,
      mandateCode: 'victim_identification',
      countryCode: 'MT',
      role: 'primary',
    });
    expect(primary.status).toBe(200);
    expect(primary.body).toMatchObject({
      status: 'active',
      role: 'primary',
      countryCode: 'MT',
      contact: { fullName: 'Joseph Borg' },
    });
    expect(await coverageCell(secretariat, 'MT', 'victim_identification')).toMatchObject({
      state: 'no_deputy',
      primary: { fullName: 'Joseph Borg', organisationName: 'Malta Police Force' },
      deputies: [],
    });
    const overlap = await designate(secretariat, {
      contactId: c.mt2.id,
      mandateCode: 'victim_identification',
      countryCode: 'MT',
      role: 'primary',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({
      code: 'designation_overlap',
      details: [{ field: 'replacesId', reasons: [`the current primary designation is ${primary.body.id}`] }],
    });
    const deputy = await designate(secretariat, {
      contactId: c.mt2.id,
      mandateCode: 'victim_identification',
      countryCode: 'MT',
      role: 'deputy',
    });
    expect(deputy.status).toBe(200);
    expect((await coverageCell(secretariat, 'MT', 'victim_identification')).state).toBe('covered');

    const wrongCountry = await designate(secretariat, {
      contactId: c.mt.id,
      mandateCode: 'csam_removal',
      countryCode: 'IT',
      role: 'primary',
    });
    expect(wrongCountry.status).toBe(400);
    expect(wrongCountry.body.details[0]).toEqual({
      field: 'countryCode',
      reasons: ['the contact works for an organisation of MT, not IT'],
    });
    const bad = await designate(secretariat, {
      contactId: c.mt.id,
      mandateCode: 'no_such_mandate',
      countryCode: 'MT',
      role: 'chief',
      validFrom: '2026-13-45',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['role', 'validFrom']);
    const unknownMandate = await designate(secretariat, {
      contactId: c.mt.id,
      mandateCode: 'no_such_mandate',
      countryCode: 'MT',
      role: 'primary',
      validFrom: '2026-12-01',
      validTo: '2026-11-01',
    });
    expect(unknownMandate.status).toBe(400);
    expect(unknownMandate.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'mandateCode',
      'validTo',
    ]);
    // Replacing the primary ends the old designation in the same step.
    const replaced = await designate(secretariat, {
      contactId: c.mt2.id,
      mandateCode: 'victim_identification',
      countryCode: 'MT',
      role: 'primary',
      replacesId: primary.body.id,
    });
    expect(replaced.status).toBe(200);
    const list = await api.json(
      'GET',
      '/api/v1/directory/points-of-contact?country=MT&mandate=victim_identification',
      undefined,
      secretariat.auth,
    );
    expect(
      list.body.items
        .map(
          (d: { contact: { fullName: string }; role: string; status: string }) =>
            `${d.contact.fullName}:${d.role}:${d.status}`,
        )
        .sort(),
    ).toEqual(['Joseph Borg:primary:ended', 'Maria Camilleri:deputy:active', 'Maria Camilleri:primary:active']);
    expect(
      (
        await designate(industryMember, {
          contactId: c.mt.id,
          mandateCode: 'prevention',
          countryCode: 'MT',
          role: 'primary',
        })
      ).status,
    ).toBe(403);
  });

  it('lets an org admin propose a designation for the secretariat to approve', async () => {
    const proposed = await designate(skAdmin, {
      contactId: c.sk.id,
      mandateCode: 'victim_identification',
      countryCode: 'SK',
      role: 'primary',
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body.status).toBe('proposed');
    expect((await coverageCell(secretariat, 'SK', 'victim_identification')).state).toBe('gap');
    expect(
      (
        await api.json(
          'POST',
          `/api/v1/directory/points-of-contact/${proposed.body.id}/approve`,
          undefined,
          skAdmin.auth,
        )
      ).status,
    ).toBe(403);
    const approved = await api.json(
      'POST',
      `/api/v1/directory/points-of-contact/${proposed.body.id}/approve`,
      undefined,
      secretariat.auth,
    );
    expect(approved.body).toMatchObject({ status: 'active', decidedBy: secretariat.id });
    expect((await coverageCell(secretariat, 'SK', 'victim_identification')).primary.fullName).toBe('Jana Horváthová');
    const again = await api.json(
      'POST',
      `/api/v1/directory/points-of-contact/${proposed.body.id}/approve`,
      undefined,
      secretariat.auth,
    );
    expect(again.status).toBe(409);
    // The contact now carries the mandate for search filters.
    const found = await api.json(
      'GET',
      '/api/v1/directory/contacts?mandate=victim_identification&country=SK',
      undefined,
      secretariat.auth,
    );
    expect(found.body.items.map((i: { fullName: string }) => i.fullName)).toEqual(['Jana Horváthová']);
  });

  it('shows stale and departed cells, and hides designations of contacts the caller may not see', async () => {
    const cy = await designate(secretariat, {
      contactId: c.cy.id,
      mandateCode: 'victim_identification',
      countryCode: 'CY',
      role: 'primary',
    });
    expect(cy.status).toBe(200);
    await db.query(`UPDATE contact SET last_confirmed_at = now() - interval '200 days' WHERE id = $1`, [c.cy.id]);
    await db.query(`UPDATE point_of_contact SET last_confirmed_at = now() - interval '200 days' WHERE id = $1`, [
      cy.body.id,
    ]);
    const stale = await coverageCell(secretariat, 'CY', 'victim_identification');
    expect(stale).toMatchObject({ state: 'stale', primary: { fullName: 'Ανδρέας Γεωργίου', stale: true } });
    // The industry member does not see the law-enforcement-only contact: a gap, nothing betrayed.
    expect(await coverageCell(industryMember, 'CY', 'victim_identification')).toEqual({
      mandateCode: 'victim_identification',
      state: 'gap',
      primary: null,
      deputies: [],
    });
    const csv = await api.fetch('/api/v1/directory/coverage.csv?eu=true', { headers: secretariat.auth });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe(
      'country_code,country,mandate,state,primary,primary_organisation,primary_last_confirmed,deputies',
    );
    expect(lines).toContain(
      `CY,Cyprus,victim_identification,stale,Ανδρέας Γεωργίου,Αστυνομία Κύπρου,${stale.primary.lastConfirmedAt.slice(0, 10)},`,
    );
    expect(lines.filter((l) => l.startsWith('MT,')).length).toBe(11);
    expect((await api.json('GET', '/api/v1/directory/coverage?eu=perhaps', undefined, secretariat.auth)).status).toBe(
      400,
    );
  });

  it('asks stale contacts to re-confirm by a one-click link, escalates, and hands over to a successor', async () => {
    await db.query(`UPDATE contact SET last_confirmed_at = now() - interval '181 days' WHERE id = $1`, [c.sk.id]);
    const scan = await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat.auth);
    expect(scan.status).toBe(200);
    expect(scan.body.opened).toBe(2); // Slovakia (181 days) and Cyprus (200 days)
    expect((await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat.auth)).body.opened).toBe(
      0,
    );
    expect((await api.json('POST', '/api/v1/directory/freshness/scan', undefined, skAdmin.auth)).status).toBe(403);
    const mail = await lastMailTo(api, 'jana.horvathova@minv.sk.test');
    expect(mail).toContain('Please confirm your entry in the Liaison directory');
    const token = /\/confirm#token=([A-Za-z0-9_-]+)/.exec(mail)![1];

    const view = await api.json('POST', '/api/v1/directory/confirmations/inspect', { token });
    expect(view.status).toBe(200);
    expect(view.body.contact.fullName).toBe('Jana Horváthová');
    expect(view.body.designations.map((d: { mandateCode: string }) => d.mandateCode)).toEqual([
      'victim_identification',
    ]);
    expect(view.body.colleagues.map((p: { fullName: string }) => p.fullName)).toEqual(['Peter Novák']);
    expect((await api.json('POST', '/api/v1/directory/confirmations/inspect', { token: 'x'.repeat(43) })).status).toBe(
      404,
    );
    const badSuccessor = await api.json('POST', '/api/v1/directory/confirmations/handover', {
      token,
      successor: { fullName: 'Z', email: 'not-an-email' },
    });
    expect(badSuccessor.status).toBe(400);

    const handover = await api.json('POST', '/api/v1/directory/confirmations/handover', {
      token,
      successor: {
        fullName: 'Zuzana Nováková',
        email: 'zuzana.novakova@minv.sk.test',
        position: 'Head of victim identification',
      },
    });
    expect(handover.status).toBe(200);
    expect(handover.body.answer).toBe('departed');
    expect((await api.json('POST', '/api/v1/directory/confirmations/confirm', { token })).status).toBe(409);
    expect(await coverageCell(secretariat, 'SK', 'victim_identification')).toMatchObject({
      state: 'departed',
      primary: { fullName: 'Jana Horváthová', status: 'departed' },
    });
    // The Slovak org admin approves the handover proposal; the successor becomes the primary.
    const pending = await api.json(
      'GET',
      '/api/v1/directory/points-of-contact?status=proposed&country=SK',
      undefined,
      skAdmin.auth,
    );
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0].contact.fullName).toBe('Zuzana Nováková');
    const approved = await api.json(
      'POST',
      `/api/v1/directory/points-of-contact/${pending.body.items[0].id}/approve`,
      undefined,
      skAdmin.auth,
    );
    expect(approved.status).toBe(200);
    expect(await coverageCell(secretariat, 'SK', 'victim_identification')).toMatchObject({
      state: 'no_deputy',
      primary: { fullName: 'Zuzana Nováková', status: 'active' },
    });
    // Every step is in the audit log, which verifies.
    const audit = await api.json('GET', '/api/v1/audit?limit=100', undefined, secretariat.auth);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['directory.contact.handover', 'directory.designation.approved']));
    expect((await api.json('GET', '/api/v1/audit/verify', undefined, secretariat.auth)).body.ok).toBe(true);

    // Cyprus does not answer: after the escalation period the Cypriot admins (none) and then the secretariat hear of it.
    await db.query(
      `UPDATE confirmation_request SET next_escalation_at = now() - interval '1 minute' WHERE answered_at IS NULL`,
    );
    const first = await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat.auth);
    expect(first.body.escalated).toBe(1);
    await db.query(
      `UPDATE confirmation_request SET next_escalation_at = now() - interval '1 minute' WHERE answered_at IS NULL`,
    );
    expect(
      (await api.json('POST', '/api/v1/directory/freshness/scan', undefined, secretariat.auth)).body.escalated,
    ).toBe(1);
    const levels = () =>
      db.query(`SELECT escalation_level, notified_level FROM confirmation_request WHERE contact_id = $1`, [c.cy.id]);
    for (let i = 0; i < 100 && (await levels())[0].notified_level < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await levels()).toEqual([{ escalation_level: 2, notified_level: 2 }]);
    const escalation = await lastMailTo(api, secretariat.email);
    expect(escalation).toContain('has had no answer');
    expect(escalation).toContain(`/directory/contacts/${c.cy.id}`);
  });
});
