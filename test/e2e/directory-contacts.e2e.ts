import pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  ContactIndexer,
  type ContactSearchFilters,
  FacetCompaction,
  contactCountsSql,
  contactSearchSql,
  ViewerService,
} from '@liaison/directory';
import { aUser, type TestUser } from '../support/identity.js';
import { aContact, anOrganisation, searchContacts } from '../support/directory.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('directory: contacts, search and visibility', () => {
  let api: TestApi;
  let secretariat: TestUser;
  let police: string;
  let provider: string;
  let bka: string;
  let greekPolice: string;
  let policeMember: TestUser;
  let industryMember: TestUser;
  let policeAdmin: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
    police = await anOrganisation(api, secretariat, {
      name: 'Komenda Główna Policji',
      acronym: 'KGP',
      kind: 'law_enforcement',
      countryCode: 'PL',
    });
    bka = await anOrganisation(api, secretariat, {
      name: 'Bundeskriminalamt',
      acronym: 'BKA',
      kind: 'law_enforcement',
      countryCode: 'DE',
    });
    greekPolice = await anOrganisation(api, secretariat, {
      name: 'Ελληνική Αστυνομία',
      kind: 'law_enforcement',
      countryCode: 'GR',
    });
    provider = await anOrganisation(api, secretariat, { name: 'Hostly Cloud', kind: 'industry', countryCode: 'NL' });
    const bgPolice = await anOrganisation(api, secretariat, {
      name: 'ГДНП',
      kind: 'law_enforcement',
      countryCode: 'BG',
    });
    const dkPolice = await anOrganisation(api, secretariat, {
      name: 'Rigspolitiet',
      kind: 'law_enforcement',
      countryCode: 'DK',
    });
    policeMember = await aUser(api, { organisationId: bka });
    industryMember = await aUser(api, { organisationId: provider });
    policeAdmin = await aUser(api, { role: 'org_admin', organisationId: police });

    const people: [string, string, Record<string, unknown>][] = [
      [
        'kowalski',
        police,
        {
          fullName: 'Łukasz Kowalski',
          position: 'Victim identification specialist',
          languages: ['pl', 'en'],
          expertise: ['victim identification', 'image analysis'],
        },
      ],
      [
        'mueller',
        bka,
        {
          fullName: 'Jürgen Müller',
          position: 'Kriminalhauptkommissar',
          languages: ['de', 'en', 'fr'],
          expertise: ['victim identification'],
          emails: [policeMember.email],
        },
      ],
      ['papadopoulos', greekPolice, { fullName: 'Γεώργιος Παπαδόπουλος', languages: ['el', 'en'] }],
      ['ivanov', bgPolice, { fullName: 'Иван Иванов', languages: ['bg'] }],
      ['sorensen', dkPolice, { fullName: 'Mette Sørensen', languages: ['da', 'en'] }],
      ['secret', bka, { fullName: 'Klaus Verdeckt', visibility: 'law_enforcement', expertise: ['undercover'] }],
      ['hidden', bka, { fullName: 'Sabine Geheim', visibility: 'secretariat' }],
      ['trust', provider, { fullName: 'Dana Trustwell', position: 'Trust and safety lead', languages: ['en', 'nl'] }],
      ['mullerx', police, { fullName: 'Anna Mullerowa', languages: ['pl'] }],
    ];
    for (const [key, organisationId, body] of people)
      ids[key] = (await aContact(api, secretariat, { organisationId, ...body } as never)).id;
  });
  afterAll(async () => {
    await api.close();
  });

  const names = (body: { items: { fullName: string }[] }) => body.items.map((i) => i.fullName);

  it('finds people whatever the typing: typos, accents, transliteration, any script, as you type', async () => {
    expect(names(await searchContacts(api, secretariat, 'q=Kowalsky'))).toContain('Łukasz Kowalski');
    expect(names(await searchContacts(api, secretariat, 'q=Lukasz'))[0]).toBe('Łukasz Kowalski');
    expect(names(await searchContacts(api, secretariat, 'q=Muller'))[0]).toBe('Jürgen Müller');
    expect(names(await searchContacts(api, secretariat, 'q=Mueller'))[0]).toBe('Jürgen Müller');
    expect(names(await searchContacts(api, secretariat, 'q=Sorensen'))[0]).toBe('Mette Sørensen');
    expect(names(await searchContacts(api, secretariat, 'q=Papadopoulos'))[0]).toBe('Γεώργιος Παπαδόπουλος');
    expect(names(await searchContacts(api, secretariat, 'q=Ivanov'))[0]).toBe('Иван Иванов');
    expect(names(await searchContacts(api, secretariat, `q=${encodeURIComponent('Иванов')}`))[0]).toBe('Иван Иванов');
    expect(names(await searchContacts(api, secretariat, `q=${encodeURIComponent('Κοwalski')}`))).toContain(
      'Łukasz Kowalski',
    );
    // As you type: a prefix.
    expect(names(await searchContacts(api, secretariat, 'q=M%C3%BCl'))[0]).toBe('Jürgen Müller');
    expect(names(await searchContacts(api, secretariat, 'q=papad'))[0]).toBe('Γεώργιος Παπαδόπουλος');
    // Organisation, position and expertise are searched too.
    expect(names(await searchContacts(api, secretariat, 'q=bundeskrim'))).toEqual(
      expect.arrayContaining(['Jürgen Müller']),
    );
    expect(names(await searchContacts(api, secretariat, 'q=trust%20and%20safety'))).toEqual(['Dana Trustwell']);
    expect((await searchContacts(api, secretariat, 'q=zzzqqqxxx')).total).toBe(0);
  });

  it('ranks exact names before prefixes before fuzzy matches, and highlights the matched part', async () => {
    const result = await searchContacts(api, secretariat, 'q=muller');
    expect(names(result).slice(0, 2)).toEqual(['Jürgen Müller', 'Anna Mullerowa']);
    // Every word matching a name, in another order or with a typo, ranks as a name match: above
    // contacts found by their organisation, position or expertise.
    expect(names(await searchContacts(api, secretariat, 'q=Mullerowa%20Anna'))[0]).toBe('Anna Mullerowa');
    expect(names(await searchContacts(api, secretariat, 'q=Kowalski%20%C5%81ukasz'))[0]).toBe('Łukasz Kowalski');
    const first = result.items[0];
    expect(first.highlights.fullName).toEqual([{ start: 7, end: 13 }]);
    expect(first.fullName.slice(7, 13)).toBe('Müller');
    const greek = (await searchContacts(api, secretariat, 'q=papadopoulos')).items[0];
    expect(greek.fullName.slice(greek.highlights.fullName[0].start, greek.highlights.fullName[0].end)).toBe(
      'Παπαδόπουλος',
    );
  });

  it('filters by country, kind, language and expertise, with facet counts per filter', async () => {
    const fr = await searchContacts(api, secretariat, 'language=fr');
    expect(names(fr)).toEqual(['Jürgen Müller']);
    const vi = await searchContacts(api, secretariat, 'expertise=Victim%20Identification&country=PL,DE');
    expect(names(vi).sort()).toEqual(['Jürgen Müller', 'Łukasz Kowalski']);
    // The country facet counts with the other filters, not its own: both countries stay offered.
    expect(vi.facets.country).toMatchObject({ PL: 1, DE: 1 });
    const byKind = await searchContacts(api, secretariat, 'kind=industry');
    expect(byKind.total).toBe(1);
    expect(byKind.facets.kind).toMatchObject({ industry: 1, law_enforcement: 8 });
    expect(byKind.facets.language.nl).toBe(1);
    const bad = await api.json(
      'GET',
      '/api/v1/directory/contacts?country=Poland&language=french&kind=spy&status=gone&limit=1000',
      undefined,
      secretariat.auth,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'country',
      'kind',
      'language',
      'limit',
      'status',
    ]);
  });

  it('shows each caller only what their organisation may see, in results, counts, facets and by id', async () => {
    const all = await searchContacts(api, secretariat, 'q=bundeskriminalamt');
    expect(names(all).sort()).toEqual(['Jürgen Müller', 'Klaus Verdeckt', 'Sabine Geheim']);
    const lawEnforcement = await searchContacts(api, policeMember, 'q=bundeskriminalamt');
    expect(names(lawEnforcement).sort()).toEqual(['Jürgen Müller', 'Klaus Verdeckt']);
    const industry = await searchContacts(api, industryMember, 'q=bundeskriminalamt');
    expect(industry).toMatchObject({ total: 1, items: [{ fullName: 'Jürgen Müller' }] });
    expect(industry.facets.kind).toEqual({ law_enforcement: 1 });
    expect((await searchContacts(api, industryMember, 'expertise=undercover')).total).toBe(0);
    const everyone = await searchContacts(api, industryMember, '');
    expect(everyone.total).toBe(7);
    expect(everyone.facets.country.DE).toBe(1);
    for (const id of [ids.secret, ids.hidden]) {
      const seen = await api.json('GET', `/api/v1/directory/contacts/${id}`, undefined, industryMember.auth);
      expect(seen.status).toBe(404);
      expect(
        (await api.json('GET', `/api/v1/directory/contacts/${id}/vcard`, undefined, industryMember.auth)).status,
      ).toBe(404);
    }
    expect(
      (await api.json('GET', `/api/v1/directory/contacts/${ids.hidden}`, undefined, policeMember.auth)).status,
    ).toBe(404);
    expect(
      (await api.json('GET', `/api/v1/directory/contacts/${ids.secret}`, undefined, policeMember.auth)).status,
    ).toBe(200);
    // Viewing a restricted entry is audited.
    const audit = await api.json('GET', '/api/v1/audit?action=directory.contact.viewed', undefined, secretariat.auth);
    expect(
      audit.body.items.some(
        (e: { actorId: string; targetId: string }) => e.actorId === policeMember.id && e.targetId === ids.secret,
      ),
    ).toBe(true);
    expect((await api.json('GET', '/api/v1/directory/contacts')).status).toBe(401);
  });

  it('audits each listing of restricted entries, one event per search, written in batches', async () => {
    await searchContacts(api, policeMember, 'q=verdeckt');
    await searchContacts(api, policeMember, 'q=klaus');
    await searchContacts(api, industryMember, 'q=klaus');
    const listed = async () =>
      (
        await api.json(
          'GET',
          `/api/v1/audit?action=directory.contact.listed_restricted&actor=${policeMember.id}`,
          undefined,
          secretariat.auth,
        )
      ).body.items.filter((e: { details: { q: string } }) => ['klaus', 'verdeckt'].includes(e.details.q)) as {
        details: { contactIds: string[]; q: string };
      }[];
    let events = await listed();
    for (let i = 0; i < 50 && events.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await listed();
    }
    expect(events.map((e) => e.details.q).sort()).toEqual(['klaus', 'verdeckt']);
    for (const e of events) expect(e.details.contactIds).toEqual([ids.secret]);
    const industryListed = await api.json(
      'GET',
      `/api/v1/audit?action=directory.contact.listed_restricted&actor=${industryMember.id}`,
      undefined,
      secretariat.auth,
    );
    expect(industryListed.body.items).toEqual([]);
  });

  it('browses without text in name order, with counts that follow every change', async () => {
    const first = await searchContacts(api, industryMember, 'limit=3');
    const again = await searchContacts(api, industryMember, 'limit=3');
    expect(again).toEqual(first);
    const sorted = [...first.items].map((i: { fullName: string }) => i.fullName);
    expect(sorted).toHaveLength(3);
    const second = await searchContacts(api, industryMember, 'limit=3&page=2');
    expect(second.total).toBe(first.total);
    expect(second.items.map((i: { id: string }) => i.id)).not.toContain(first.items[0].id);
    await aContact(api, secretariat, { organisationId: provider, fullName: 'Aaron Aardvark' });
    const after = await searchContacts(api, industryMember, 'limit=3');
    expect(after.total).toBe(first.total + 1);
    expect(after.facets.kind.industry).toBe(first.facets.kind.industry + 1);
    expect(after.items[0].fullName).toBe('Aaron Aardvark');
  });

  it('validates contacts field by field and refuses a second contact with the same e-mail', async () => {
    const bad = await api.json(
      'POST',
      '/api/v1/directory/contacts',
      {
        organisationId: police,
        fullName: 'Jan Nowak',
        emails: ['jan.nowak@policja.gov.pl'],
        phones: [{ number: '0048 123' }, { number: '+48 22 601 22 22', kind: 'pager' }],
        languages: ['pl', 'xx'],
        timeZone: 'Europe/Atlantis',
      },
      secretariat.auth,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['languages.1', 'phones.1.kind', 'phones.0.number', 'timeZone'].sort(),
    );
    const good = await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Jan Nowak',
      emails: ['Jan.Nowak@policja.gov.pl'],
      phones: [{ number: '+48 22 601 22 22', kind: 'duty' }],
      timeZone: 'Europe/Warsaw',
    });
    expect(good).toMatchObject({
      emails: ['jan.nowak@policja.gov.pl'],
      phones: [{ number: '+48226012222', kind: 'duty' }],
      version: 1,
    });
    const duplicate = await api.json(
      'POST',
      '/api/v1/directory/contacts',
      { organisationId: bka, fullName: 'J. Nowak', emails: ['JAN.NOWAK@policja.gov.pl'] },
      secretariat.auth,
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'duplicate_contact', details: [{ field: 'emails.0' }] });
    const unknownOrg = await api.json(
      'POST',
      '/api/v1/directory/contacts',
      { organisationId: '00000000-0000-4000-8000-00000000dead', fullName: 'Nobody', emails: ['nobody@example.test'] },
      secretariat.auth,
    );
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.details[0].field).toBe('organisationId');
  });

  it('lets org admins manage their own organisation only, and a contact edit the own entry within limits', async () => {
    const own = await api.json(
      'POST',
      '/api/v1/directory/contacts',
      { organisationId: police, fullName: 'Ewa Zielińska', emails: ['ewa.zielinska@policja.gov.pl'] },
      policeAdmin.auth,
    );
    expect(own.status).toBe(201);
    const foreign = await api.json(
      'POST',
      '/api/v1/directory/contacts',
      { organisationId: bka, fullName: 'Fremd Person', emails: ['fremd@bka.test'] },
      policeAdmin.auth,
    );
    expect(foreign.status).toBe(403);
    expect(
      (
        await api.json(
          'POST',
          '/api/v1/directory/contacts',
          { organisationId: police, fullName: 'X Y', emails: ['x@y.test'] },
          industryMember.auth,
        )
      ).status,
    ).toBe(403);

    // Jürgen's own entry (his account's e-mail is the entry's primary one).
    const mine = await api.json('GET', `/api/v1/directory/contacts/${ids.mueller}`, undefined, policeMember.auth);
    expect(mine.body.rights).toEqual({ edit: true, editAll: false, confirm: true, history: true });
    const selfEdit = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${ids.mueller}`,
      { version: mine.body.version, position: 'Erster Kriminalhauptkommissar' },
      policeMember.auth,
    );
    expect(selfEdit.status).toBe(200);
    expect(selfEdit.body).toMatchObject({ position: 'Erster Kriminalhauptkommissar', version: mine.body.version + 1 });
    const tooMuch = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${ids.mueller}`,
      { version: selfEdit.body.version, visibility: 'network', fullName: 'Jürgen Mueller' },
      policeMember.auth,
    );
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['fullName', 'visibility']);
    const other = await api.json('GET', `/api/v1/directory/contacts/${ids.kowalski}`, undefined, policeMember.auth);
    expect(other.body.rights.edit).toBe(false);
    expect(
      (
        await api.json(
          'PATCH',
          `/api/v1/directory/contacts/${ids.kowalski}`,
          { version: 1, position: 'x' },
          policeMember.auth,
        )
      ).status,
    ).toBe(403);
  });

  it('refuses an edit based on a stale version with the current one, and keeps the history', async () => {
    const current = await api.json('GET', `/api/v1/directory/contacts/${ids.kowalski}`, undefined, policeAdmin.auth);
    const first = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${ids.kowalski}`,
      { version: current.body.version, languages: ['pl', 'en', 'de'] },
      policeAdmin.auth,
    );
    expect(first.status).toBe(200);
    const second = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${ids.kowalski}`,
      { version: current.body.version, position: 'Head of unit' },
      secretariat.auth,
    );
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'stale_version',
      details: [{ field: 'version', reasons: [`the current version is ${first.body.version}`] }],
    });
    const unchanged = await api.json('GET', `/api/v1/directory/contacts/${ids.kowalski}`, undefined, secretariat.auth);
    expect(unchanged.body.position).toBe('Victim identification specialist');
    const history = await api.json(
      'GET',
      `/api/v1/directory/contacts/${ids.kowalski}/history`,
      undefined,
      policeAdmin.auth,
    );
    expect(history.body.items[0]).toMatchObject({
      action: 'updated',
      actorId: policeAdmin.id,
      changes: { languages: { from: ['pl', 'en'], to: ['pl', 'en', 'de'] } },
    });
    expect(history.body.items.at(-1).action).toBe('created');
    expect(
      (await api.json('GET', `/api/v1/directory/contacts/${ids.kowalski}/history`, undefined, industryMember.auth))
        .status,
    ).toBe(403);
    // The renamed organisation is found by its new name.
    await api.json('PATCH', `/api/v1/directory/organisations/${police}`, { name: 'Policja Polska' }, secretariat.auth);
    expect(names(await searchContacts(api, secretariat, 'q=policja%20polska'))).toContain('Łukasz Kowalski');
  });

  it('lets the contact confirm the entry, which records when', async () => {
    const before = await api.json('GET', `/api/v1/directory/contacts/${ids.mueller}`, undefined, policeMember.auth);
    const confirmed = await api.json(
      'POST',
      `/api/v1/directory/contacts/${ids.mueller}/confirm`,
      undefined,
      policeMember.auth,
    );
    expect(confirmed.status).toBe(200);
    expect(Date.parse(confirmed.body.lastConfirmedAt)).toBeGreaterThan(Date.parse(before.body.lastConfirmedAt));
    expect(
      (await api.json('POST', `/api/v1/directory/contacts/${ids.kowalski}/confirm`, undefined, policeMember.auth))
        .status,
    ).toBe(403);
    const me = await api.json('GET', '/api/v1/directory/me', undefined, policeMember.auth);
    expect(me.body).toEqual({ contactId: ids.mueller, confirmationOpen: false });
  });

  /** The counts from the facet groups equal a count over the contacts, for each kind of viewer and filters. */
  async function expectCountsAsContacts(): Promise<void> {
    const db = api.app.get(DataSource);
    const resolver = api.app.get(ViewerService);
    const viewers = await Promise.all(
      (
        [
          [secretariat, ['secretariat'], null],
          [policeMember, [], police],
          [industryMember, [], provider],
          [policeAdmin, ['org_admin'], police],
        ] as const
      ).map(([user, roles, organisationId]) =>
        resolver.resolve({ id: user.id, email: user.email, roles: [...roles], organisationId }),
      ),
    );
    const cases: Omit<ContactSearchFilters, 'page' | 'limit'>[] = [
      {},
      { countries: ['PL'] },
      { kinds: ['industry', 'law_enforcement'] },
      { languages: ['pl'], statuses: ['active'] },
      { expertise: ['grooming'] },
      { expertise: ['Victim identification'], countries: ['DE', 'PL'] },
      { regions: ['western_europe'] },
      { designated: true },
    ];
    const totals = new Set<number>();
    for (const viewer of viewers)
      for (const filters of cases) {
        const counted = contactCountsSql(viewer, filters)!;
        const scanned = contactSearchSql(viewer, { ...filters, page: 1, limit: 1 });
        const [fromGroups] = await db.query(counted.text, counted.values);
        const [fromContacts] = await db.query(scanned.text, scanned.values);
        const { exceptions: _exceptions, ...countedFromGroups } = fromGroups;
        expect({ viewer: viewer.levels, filters, ...countedFromGroups }).toEqual({
          viewer: viewer.levels,
          filters,
          total: fromContacts.total,
          facets: fromContacts.facets,
        });
        if (!Object.keys(filters).length) totals.add(countedFromGroups.total);
      }
    // The viewers see different things, so the comparison compared something.
    expect(totals.size).toBeGreaterThan(2);
  }

  /** Folds the pending changes into the groups; then the groups are exactly the contacts grouped. */
  async function expectCompactedGroups(): Promise<void> {
    const db = api.app.get(DataSource);
    await db.query(`SELECT contact_facet_compact()`);
    expect((await db.query(`SELECT count(*)::int AS n FROM contact_facet_change_log`))[0].n).toBe(0);
    const [drift] = await db.query(`
      WITH direct AS (
        SELECT c.visibility, coalesce(c.country_code::text, '') AS country_code, c.organisation_kind AS kind, c.status,
               ARRAY(SELECT DISTINCT m FROM unnest(c.mandates) m ORDER BY 1) AS mandates,
               ARRAY(SELECT DISTINCT l FROM unnest(c.languages) l ORDER BY 1) AS languages, count(*)::int AS n
        FROM contact c GROUP BY 1, 2, 3, 4, 5, 6),
      kept AS (SELECT visibility, country_code, kind, status, mandates, languages, n FROM contact_facet_group)
      SELECT (SELECT count(*) FROM (SELECT * FROM direct EXCEPT SELECT * FROM kept) x)::int
           + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM direct) y)::int AS rows`);
    expect(drift.rows).toBe(0);
  }

  it('counts browsing from the facet groups exactly as counting the contacts would, for every viewer, through edits and deletions', async () => {
    const db = api.app.get(DataSource);
    // Seen only by exception: a secretariat-only entry of the police (its org admin sees it) and the
    // industry member's own law-enforcement-only entry.
    const restricted = await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Olga Zastrzeżona',
      visibility: 'secretariat',
      languages: ['pl', 'ru'],
      expertise: ['grooming'],
    });
    const own = await aContact(api, secretariat, {
      organisationId: provider,
      fullName: 'Ines Industry',
      visibility: 'law_enforcement',
      emails: [industryMember.email],
      languages: ['nl'],
      // The dash folds to nothing: no facet shows an empty tag.
      expertise: ['Grooming', 'hash matching', '—'],
    });
    await expectCountsAsContacts();

    const edited = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${restricted.id}`,
      { version: 1, visibility: 'network', languages: ['pl', 'de'], expertise: ['grooming', 'sextortion'] },
      secretariat.auth,
    );
    expect(edited.status).toBe(200);
    const browsed = await searchContacts(api, industryMember, 'language=de');
    expect(browsed.facets.expertise).toMatchObject({ sextortion: 1 });
    await expectCountsAsContacts();
    await expectCompactedGroups();
    await expectCountsAsContacts();

    await db.query(`DELETE FROM contact_change WHERE contact_id = ANY($1)`, [[own.id, restricted.id]]);
    await db.query(`DELETE FROM contact WHERE id = ANY($1)`, [[own.id, restricted.id]]);
    await expectCountsAsContacts();
    await expectCompactedGroups();
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM contact_facet_expertise WHERE tag = 'sextortion'`))[0].n,
    ).toBe(0);

    // Groups that drifted from the contacts (here: lost) are counted afresh.
    await db.query(`DELETE FROM contact_facet_group WHERE kind = 'law_enforcement'`);
    expect((await searchContacts(api, secretariat, 'kind=law_enforcement&limit=1')).total).toBe(0);
    expect(await api.app.get(FacetCompaction).rebuild()).toBeGreaterThan(0);
    await expectCountsAsContacts();
    await expectCompactedGroups();
  });

  it('keeps contact writes of concurrent transactions independent of the facet groups: no waits, no deadlocks', async () => {
    const db = api.app.get(DataSource);
    const insert = (runner: QueryRunner, name: string, languages: string[]) =>
      runner.query(
        `INSERT INTO contact (organisation_id, organisation_kind, country_code, full_name, sort_name, emails, languages,
                              last_confirmed_at, search_names, version)
         VALUES ($1, 'law_enforcement', 'PL', $2, $2, ARRAY[$3], $4, now(), $2, 1) RETURNING id`,
        [police, name, `${name.replace(/\W/g, '.')}@policja.test`, languages],
      );
    const [first, second] = [db.createQueryRunner(), db.createQueryRunner()];
    await first.startTransaction();
    await second.startTransaction();
    try {
      await insert(first, 'Concurrent A', ['pl']);
      await insert(second, 'Concurrent B', ['de']);
      // Each now writes into the group the other wrote into, before either commits.
      const [[c], [d]] = await Promise.all([
        insert(first, 'Concurrent C', ['de']),
        insert(second, 'Concurrent D', ['pl']),
      ]);
      await first.commitTransaction();
      await second.commitTransaction();
      await expectCountsAsContacts();
      // An id that changes moves the contact too.
      await db.query(`UPDATE contact SET id = gen_random_uuid(), status = 'departed' WHERE id = ANY($1)`, [
        [c.id, d.id],
      ]);
      await expectCountsAsContacts();
      await expectCompactedGroups();
    } finally {
      await first.release();
      await second.release();
    }
  });

  it('leaves no folded changes behind for browsing to read: the fold vacuums the change log', async () => {
    const db = api.app.get(DataSource);
    // Every contact moves twice: twice as many changes as contacts, each a row of the log.
    for (const status of ['on_leave', 'active'])
      await db.query(`UPDATE contact SET status = $1 WHERE organisation_id = $2`, [status, police]);
    const size = async () =>
      (await db.query(`SELECT pg_relation_size('contact_facet_change_log')::int AS n`))[0].n as number;
    expect(await size()).toBeGreaterThan(0);
    expect(await api.app.get(FacetCompaction).compact()).toBeGreaterThan(0);
    // Browsing reads the whole log: folded rows left as dead tuples would be read on every search
    // until autovacuum came by (21 ms a search after an import of 100,000 contacts).
    expect(await size()).toBe(0);
    await expectCountsAsContacts();
  });

  it('ranks a name that begins with what was typed as a prefix match, whatever else matches', async () => {
    // A name that begins with what was typed ranks as a prefix match even when the word is not
    // among the lexicon's first words with that beginning (here 60 of them, found in positions).
    const db = api.app.get(DataSource);
    await db.query(
      `INSERT INTO search_term (term) SELECT 'zqa' || lpad(i::text, 3, '0') FROM generate_series(1, 60) i ON CONFLICT DO NOTHING`,
    );
    await aContact(api, secretariat, { organisationId: police, fullName: 'Aaron Able', position: 'zqa002' });
    await aContact(api, secretariat, { organisationId: police, fullName: 'Zqbert Alpha', position: 'zqa001' });
    expect(names(await searchContacts(api, secretariat, 'q=zq'))).toEqual(['Zqbert Alpha', 'Aaron Able']);
  });

  it('counts a change once its transaction commits, even when someone browsed while it was under way', async () => {
    const db = api.app.get(DataSource);
    const indexer = api.app.get(ContactIndexer);
    const before = (await searchContacts(api, industryMember, 'status=on_leave')).total;
    const [target] = (await searchContacts(api, industryMember, 'status=active&limit=1')).items;
    await db.transaction(async (manager) => {
      await manager.query(`UPDATE contact SET status = 'on_leave' WHERE id = $1`, [target.id]);
      await indexer.reindex(manager, [target.id]);
      // Browsing before the commit counts without the change, and the counts are kept a while.
      expect((await searchContacts(api, industryMember, 'status=on_leave')).total).toBe(before);
    });
    expect((await searchContacts(api, industryMember, 'status=on_leave')).total).toBe(before + 1);
  });

  it('shows a change committed anywhere in the very next search, and tells a client holding the same page (304)', async () => {
    const first = await searchContacts(api, policeMember, 'q=kowalski');
    const colleague = await aUser(api, { organisationId: bka });
    expect(await searchContacts(api, colleague, 'q=kowalski')).toEqual(first);

    // A change committed elsewhere (another instance, the CLI, an operator's SQL).
    const outside = new pg.Client({ connectionString: api.databaseUrl });
    await outside.connect();
    try {
      await outside.query(`UPDATE contact SET position = 'Changed by another instance' WHERE id = $1`, [ids.kowalski]);
    } finally {
      await outside.end();
    }
    expect((await searchContacts(api, colleague, 'q=kowalski')).items[0].position).toBe('Changed by another instance');

    // (As a browser revalidates: fetch would otherwise add `cache-control: no-cache`.)
    const search = (headers: Record<string, string>) =>
      fetch(`${api.url}/api/v1/directory/contacts?q=kowalski`, {
        headers: { ...colleague.auth, 'cache-control': 'max-age=0', ...headers },
      });
    const etag = (await search({})).headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await search({ 'if-none-match': etag })).status).toBe(304);

    // A change through this instance shows in the very next search, and the old page is no longer current.
    const { body: current } = await api.json(
      'GET',
      `/api/v1/directory/contacts/${ids.kowalski}`,
      undefined,
      secretariat.auth,
    );
    const edited = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${ids.kowalski}`,
      { version: current.version, position: 'Victim identification specialist' },
      secretariat.auth,
    );
    expect(edited.status).toBe(200);
    expect((await searchContacts(api, colleague, 'q=kowalski')).items[0].position).toBe(
      'Victim identification specialist',
    );
    expect((await search({ 'if-none-match': etag })).status).toBe(200);
  });

  it('shows each viewer what they may see, whoever searched the same thing before', async () => {
    // The police org admin sees their organisation's secretariat-only entry by exception; a BKA
    // member with the same levels does not, in any order of searching.
    await aContact(api, secretariat, { organisationId: police, fullName: 'Zofia Poufna', visibility: 'secretariat' });
    expect(names(await searchContacts(api, policeMember, 'q=poufna'))).toEqual([]);
    expect(names(await searchContacts(api, policeAdmin, 'q=poufna'))).toEqual(['Zofia Poufna']);
    expect(names(await searchContacts(api, policeMember, 'q=poufna'))).toEqual([]);
    const all = (await searchContacts(api, policeMember, 'kind=law_enforcement')).total;
    expect((await searchContacts(api, policeAdmin, 'kind=law_enforcement')).total).toBe(all + 1);
    expect((await searchContacts(api, policeMember, 'kind=law_enforcement')).total).toBe(all);
  });

  it('marks a contact stale in the results once its time comes', async () => {
    const db = api.app.get(DataSource);
    // Confirmed 180 days ago less 2 seconds: stale in 2 seconds.
    await db.query(
      `UPDATE contact SET last_confirmed_at = now() - interval '180 days' + interval '2 seconds' WHERE id = $1`,
      [ids.trust],
    );
    const fresh = await searchContacts(api, industryMember, 'q=trustwell');
    expect(fresh.items[0].stale).toBe(false);
    const staleAt = new Date(fresh.items[0].lastConfirmedAt).getTime() + 180 * 86_400_000;
    await new Promise((r) => setTimeout(r, staleAt - Date.now() + 100));
    expect((await searchContacts(api, industryMember, 'q=trustwell')).items[0].stale).toBe(true);
  });

  it('ranks a word as a name as soon as someone has it as their name, whoever had it in their position first', async () => {
    await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Aaron Aardvark',
      position: 'Zephyrine liaison desk',
    });
    const later = await aContact(api, secretariat, { organisationId: police, fullName: 'Ola Adams' });
    // Nobody has it as a name yet: found by the position only.
    expect(names(await searchContacts(api, secretariat, 'q=zephyrine'))).toEqual(['Aaron Aardvark']);
    const renamed = await api.json(
      'PATCH',
      `/api/v1/directory/contacts/${later.id}`,
      { version: 1, fullName: 'Zephyrine Adams' },
      secretariat.auth,
    );
    expect(renamed.status).toBe(200);
    // The lexicon now knows the word as a name: the name match ranks above the position's.
    expect(names(await searchContacts(api, secretariat, 'q=zephyrine'))).toEqual(['Zephyrine Adams', 'Aaron Aardvark']);
    expect(names(await searchContacts(api, secretariat, 'q=zephyr'))).toEqual(['Zephyrine Adams', 'Aaron Aardvark']);
  });
});
