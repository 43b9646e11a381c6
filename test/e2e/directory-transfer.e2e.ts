import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { aUser, type TestUser } from '../support/identity.js';
import { aContact, anOrganisation, searchContacts } from '../support/directory.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('directory: CSV import, CSV and vCard export', () => {
  let api: TestApi;
  let secretariat: TestUser;
  let roAdmin: TestUser;
  let industryMember: TestUser;
  let roPolice: string;
  let bgPolice: string;

  const upload = async (user: TestUser, csv: string | Buffer, dryRun: boolean, filename = 'contacts.csv') => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), filename);
    const response = await api.fetch(`/api/v1/directory/import?dryRun=${dryRun}`, {
      method: 'POST',
      body: form,
      headers: user.auth,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const header = 'organisation_id,full_name,position,emails,phones,languages,expertise,time_zone,status,visibility';

  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
    roPolice = await anOrganisation(api, secretariat, {
      name: 'Poliția Română',
      kind: 'law_enforcement',
      countryCode: 'RO',
    });
    bgPolice = await anOrganisation(api, secretariat, { name: 'ГДНП', kind: 'law_enforcement', countryCode: 'BG' });
    const provider = await anOrganisation(api, secretariat, {
      name: 'Hostly Cloud',
      kind: 'industry',
      countryCode: 'NL',
    });
    roAdmin = await aUser(api, { role: 'org_admin', organisationId: roPolice });
    industryMember = await aUser(api, { organisationId: provider });
  });
  afterAll(async () => {
    await api.close();
  });

  it('checks a file in a dry run, reporting each bad cell by row and column, and writes nothing', async () => {
    const csv = [
      header,
      `${roPolice},Ana Ionescu,Comisar,ana.ionescu@politiaromana.ro.test,+40212082525,ro;en;fr,victim identification,Europe/Bucharest,active,network`,
      `${roPolice},Mihai Popescu,,not-an-email,0040 21,ro;xx,,Mars/Olympus,retired,everyone`,
      `"${roPolice}","Ioana ""Ioni"" Marin","Analyst, cyber",ioana.marin@politiaromana.ro.test;ANA.IONESCU@politiaromana.ro.test,,ro,,,,`,
    ].join('\r\n');
    const report = await upload(roAdmin, csv, true);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ dryRun: true, rows: 3, created: 1 });
    const cells = report.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cells).toEqual(
      expect.arrayContaining([
        '3:emails',
        '3:phones',
        '3:languages',
        '3:time_zone',
        '3:status',
        '3:visibility',
        '4:emails',
      ]),
    );
    expect(cells.some((cell: string) => cell.startsWith('2:'))).toBe(false);
    expect((await searchContacts(api, secretariat, 'q=ionescu')).total).toBe(0);
    // Applying a file with errors is refused as a whole.
    const applied = await upload(roAdmin, csv, false);
    expect(applied.status).toBe(400);
    expect(applied.body.code).toBe('invalid_csv');
    expect(applied.body.details.map((d: { field: string }) => d.field)).toContain('row 3, emails');
    expect((await searchContacts(api, secretariat, 'q=ionescu')).total).toBe(0);
  });

  it('refuses empty, oversized, mis-encoded and wrongly shaped files with a clear reason', async () => {
    expect((await upload(secretariat, '', true)).body).toMatchObject({ statusCode: 400, code: 'invalid_csv' });
    const wrongColumns = await upload(secretariat, 'name,mail\nA,a@b.test', true);
    expect(wrongColumns.status).toBe(400);
    expect(wrongColumns.body.message).toMatch(/organisation_id/);
    const latin1 = Buffer.concat([
      Buffer.from(`${header}\n${roPolice},`),
      Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
      Buffer.from(',,m@x.test,,,,,,\n'),
    ]);
    expect((await upload(secretariat, latin1, true)).body.message).toMatch(/UTF-8/);
    const many = [
      header,
      ...Array.from({ length: 10_001 }, (_, i) => `${roPolice},Person ${i},,p${i}@x.test,,,,,,`),
    ].join('\n');
    const tooMany = await upload(secretariat, many, true);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/10\s?000/);
    const huge = await upload(secretariat, Buffer.alloc(6 * 1024 * 1024, 'a'), true);
    expect(huge.status).toBe(413);
    const missing = await api.fetch('/api/v1/directory/import?dryRun=true', {
      method: 'POST',
      body: new FormData(),
      headers: secretariat.auth,
    });
    expect(missing.status).toBe(400);
    expect((await upload(industryMember, `${header}\n`, true)).status).toBe(403);
  });

  it('imports all rows in one go, is idempotent on re-run, and keeps org admins to their organisation', async () => {
    const csv = [
      header,
      `${roPolice},Ana Ionescu,Comisar,ana.ionescu@politiaromana.ro.test,mobile:+40 721 234 567,ro;en;fr,victim identification;image analysis,Europe/Bucharest,active,network`,
      `${roPolice},Ioana Marin,"Analyst, cyber",ioana.marin@politiaromana.ro.test,,ro,,,,law_enforcement`,
    ].join('\n');
    const first = await upload(roAdmin, csv, false);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0, unchanged: 0, errors: [] });
    // The import's changes to the facet counts are folded into the groups before it answers.
    const pending = await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM contact_facet_change_log`);
    expect(pending[0].n).toBe(0);
    const ana = (await searchContacts(api, secretariat, 'q=ionescu')).items[0];
    expect(ana).toMatchObject({
      fullName: 'Ana Ionescu',
      phones: [{ number: '+40721234567', kind: 'mobile' }],
      languages: ['ro', 'en', 'fr'],
    });
    const again = await upload(roAdmin, csv, false);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = await upload(roAdmin, csv.replace('Comisar', 'Comisar-șef'), false);
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const history = await api.json('GET', `/api/v1/directory/contacts/${ana.id}/history`, undefined, roAdmin.auth);
    expect(history.body.items[0]).toMatchObject({
      action: 'imported',
      changes: { position: { from: 'Comisar', to: 'Comisar-șef' } },
    });
    const foreign = await upload(roAdmin, `${header}\n${bgPolice},Иван Иванов,,ivan@mvr.bg.test,,bg,,,,`, true);
    expect(foreign.body.errors).toEqual([
      { row: 2, column: 'organisation_id', reasons: ['you may import contacts of your own organisation only'] },
    ]);
  });

  it('exports what the caller may see as CSV that imports back unchanged', async () => {
    const csv = await api.fetch('/api/v1/directory/export.csv?country=RO', { headers: secretariat.auth });
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(header);
    expect(text).toContain('Ana Ionescu');
    expect(text).toContain('"Analyst, cyber"');
    const back = await upload(secretariat, text, true);
    expect(back.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
    const forIndustry = await (
      await api.fetch('/api/v1/directory/export.csv?country=RO', { headers: industryMember.auth })
    ).text();
    expect(forIndustry).toContain('Ana Ionescu');
    expect(forIndustry).not.toContain('Ioana Marin');
    const audit = await api.json('GET', '/api/v1/audit?action=directory.export', undefined, secretariat.auth);
    expect(audit.body.items[0]).toMatchObject({
      actorId: industryMember.id,
      details: { format: 'csv', count: 1, restricted: 0 },
    });
  });

  it('gives vCard 4.0 for one contact and for a whole search, which a real parser reads', async () => {
    const db = api.app.get(DataSource);
    const greek = await aContact(api, secretariat, {
      organisationId: bgPolice,
      fullName: 'Иван Иванов',
      position: 'Началник; отдел "Киберпрестъпност", София',
      emails: ['ivan.ivanov@mvr.bg.test'],
      phones: [{ number: '+359 2 982 2222' }],
      languages: ['bg', 'en'],
      timeZone: 'Europe/Sofia',
    });
    const one = await api.fetch(`/api/v1/directory/contacts/${greek.id}/vcard`, { headers: industryMember.auth });
    expect(one.headers.get('content-type')).toMatch(/^text\/vcard/);
    const card = new ICAL.Component(ICAL.parse(await one.text()));
    expect(card.getFirstPropertyValue('version')).toBe('4.0');
    expect(card.getFirstPropertyValue('fn')).toBe('Иван Иванов');
    expect(card.getFirstPropertyValue('title')).toBe('Началник; отдел "Киберпрестъпност", София');
    expect(card.getFirstPropertyValue('email')).toBe('ivan.ivanov@mvr.bg.test');
    expect(String(card.getFirstPropertyValue('tel'))).toBe('tel:+35929822222');
    expect(card.getFirstPropertyValue('uid')).toBe(`urn:uuid:${greek.id}`);

    const many = await api.fetch('/api/v1/directory/contacts.vcf?country=RO,BG', { headers: industryMember.auth });
    const parsed = ICAL.parse(await many.text());
    const cards = (Array.isArray(parsed[0]) ? parsed : [parsed]).map((c: unknown) => new ICAL.Component(c as never));
    expect(cards.map((c: ICAL.Component) => c.getFirstPropertyValue('fn')).sort()).toEqual([
      'Ana Ionescu',
      'Иван Иванов',
    ]);
    const all = await (
      await api.fetch('/api/v1/directory/contacts.vcf?country=RO,BG', { headers: secretariat.auth })
    ).text();
    expect(all.match(/BEGIN:VCARD/g)).toHaveLength(3);
    // A text query narrows the export as it narrows the search.
    const found = await api.fetch(`/api/v1/directory/contacts.vcf?q=${encodeURIComponent('Ivanov')}`, {
      headers: secretariat.auth,
    });
    expect(found.status).toBe(200);
    expect((await found.text()).match(/FN:.*/g)).toEqual(['FN:Иван Иванов']);
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'directory.export'`)).toEqual([
      { n: 5 },
    ]);
  });
});
