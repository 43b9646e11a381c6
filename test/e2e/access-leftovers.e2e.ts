import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { aContact, anOrganisation } from '../support/directory.js';
import { aUser, mailTo, PASSWORD, signIn, totpNow, type TestUser } from '../support/identity.js';
import { aPerson, aThread } from '../support/messaging.js';
import { connect, nextEvent } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** What the review of the access fixes left (docs/security.md), each attack refused. */
describe('access: the review’s leftovers', () => {
  let api: TestApi;
  let db: DataSource;
  let secretariat: TestUser;
  let police: string;
  let company: string;
  let companyAdmin: TestUser;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    secretariat = await aUser(api, { role: 'secretariat' });
    police = await anOrganisation(api, secretariat, { name: 'Leftover Police', kind: 'law_enforcement' });
    company = await anOrganisation(api, secretariat, { name: 'Leftover Hosting', kind: 'industry' });
    companyAdmin = await aUser(api, { role: 'org_admin', organisationId: company });
  }, 120_000);
  afterAll(async () => {
    await api.close();
  });

  describe('a promotion to a role that needs a second factor', () => {
    it('ends the sockets opened before it, and a new one is refused until the person enrols', async () => {
      const member = await aUser(api, { organisationId: company });
      const socket = await connect(api.url, { token: member.accessToken });
      try {
        const expired = nextEvent<{ reason: string }>(socket, 'session.expired');
        const disconnected = nextEvent<string>(socket, 'disconnect');
        const promoted = await api.json(
          'PATCH',
          `/api/v1/users/${member.id}`,
          { roles: ['org_admin'] },
          secretariat.auth,
        );
        expect(promoted.status).toBe(200);
        expect(await expired).toEqual({ reason: 'roles_changed' });
        expect(await disconnected).toBe('io server disconnect');
      } finally {
        socket.close();
      }
      await expect(connect(api.url, { token: member.accessToken })).rejects.toThrow('mfa_enrollment_required');
    });
  });

  describe('the refresh grace window', () => {
    const tab = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Liaison tab',
      'x-forwarded-for': '203.0.113.10',
    };
    const refreshFrom = (token: string, headers: Record<string, string>) =>
      api.json('POST', '/api/v1/auth/refresh', { refreshToken: token }, headers);

    it('hands a racing tab of the same browser the same successor, and the session goes on', async () => {
      const user = await aUser(api);
      const first = await refreshFrom(user.refreshToken, tab);
      const racing = await refreshFrom(user.refreshToken, tab);
      expect([first.status, racing.status]).toEqual([200, 200]);
      expect(racing.body.refreshToken).toBe(first.body.refreshToken);
      expect((await refreshFrom(first.body.refreshToken, tab)).status).toBe(200);
    });

    it('treats the old token from another source inside the grace as reuse: no successor, the chain ends', async () => {
      const user = await aUser(api);
      const rotated = await refreshFrom(user.refreshToken, tab);
      expect(rotated.status).toBe(200);
      const thief = await refreshFrom(user.refreshToken, { ...tab, 'x-forwarded-for': '198.51.100.66' });
      expect(thief.status).toBe(401);
      expect(JSON.stringify(thief.body)).not.toContain(rotated.body.refreshToken);
      const otherBrowser = await aUser(api);
      const next = await refreshFrom(otherBrowser.refreshToken, tab);
      const agent = await refreshFrom(otherBrowser.refreshToken, { ...tab, 'user-agent': 'curl/8.5.0' });
      expect([next.status, agent.status]).toEqual([200, 401]);
      // Reuse ends the session: the legitimate holder's successor stops working too.
      expect((await refreshFrom(rotated.body.refreshToken, tab)).status).toBe(401);
      expect((await refreshFrom(next.body.refreshToken, tab)).status).toBe(401);
      const [{ reason }] = (await db.query(
        `SELECT s.revoked_reason AS reason FROM session s JOIN user_account u ON u.id = s.user_id WHERE u.id = $1`,
        [user.id],
      )) as { reason: string }[];
      expect(reason).toBe('refresh_token_reused');
    });
  });

  describe('an attachment sent as JSON', () => {
    it('is refused with 415 and nothing is stored', async () => {
      const [ana, jurgen] = [await aPerson(api), await aPerson(api)];
      const threadId = await aThread(ana, [jurgen]);
      const id = crypto.randomUUID();
      const url = `/api/v1/threads/${threadId}/attachments/${id}`;
      const sent = await api.fetch(url, {
        method: 'PUT',
        headers: { ...ana.user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ ciphertext: 'AAAA' }),
      });
      const body = (await sent.json()) as Record<string, unknown>;
      expect(sent.status).toBe(415);
      expect(body).toMatchObject({
        statusCode: 415,
        code: 'unsupported_media_type',
        details: [{ field: 'content-type', reasons: [expect.stringContaining('application/octet-stream')] }],
        requestId: expect.any(String),
      });
      expect((await api.fetch(url, { headers: ana.user.auth })).status).toBe(404);
      const stored = await readdir(join(api.dataDir, 'attachments', threadId)).catch(() => [] as string[]);
      expect(stored).toEqual([]);
      const none = await api.fetch(url, { method: 'PUT', headers: ana.user.auth, body: new Uint8Array([1, 2, 3]) });
      expect(none.status).toBe(415);
    });
  });

  describe('enrolling a first second factor', () => {
    const staleSession = (user: TestUser) =>
      db.query(
        `UPDATE session SET reauthenticated_at = now() - interval '1 hour'
          WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id],
      );

    it('asks a stale session for the password first, then enrols', async () => {
      const user = await aUser(api);
      await staleSession(user);
      const refused = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, user.auth);
      expect([refused.status, refused.body.code]).toEqual([403, 'reauthentication_required']);
      const proved = await api.json('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, user.auth);
      expect(proved.status).toBe(200);
      const started = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, user.auth);
      expect(started.status).toBe(200);
      const confirmed = await api.json(
        'POST',
        '/api/v1/auth/mfa/confirm',
        { code: await totpNow(started.body.secret) },
        user.auth,
      );
      expect(confirmed.status).toBe(200);
    });

    it('does not let a stale session confirm a set-up started while it was fresh', async () => {
      const user = await aUser(api);
      const started = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, user.auth);
      expect(started.status).toBe(200);
      await staleSession(user);
      const confirmed = await api.json(
        'POST',
        '/api/v1/auth/mfa/confirm',
        { code: await totpNow(started.body.secret) },
        user.auth,
      );
      expect([confirmed.status, confirmed.body.code]).toEqual([403, 'reauthentication_required']);
    });

    it('lets the forced enrolment right after sign-in go on, and a promoted person prove the password first', async () => {
      // aUser enrols admins right after signing in: that session is fresh.
      const admin = await aUser(api, { role: 'org_admin', organisationId: company });
      expect(admin.totpSecret).toBeDefined();
      const member = await aUser(api, { organisationId: company });
      await staleSession(member);
      await api.json('PATCH', `/api/v1/users/${member.id}`, { roles: ['org_admin'] }, secretariat.auth);
      const refused = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, member.auth);
      expect([refused.status, refused.body.code]).toEqual([403, 'reauthentication_required']);
      expect((await api.json('GET', '/api/v1/auth/reauthenticate', undefined, member.auth)).body).toEqual({
        freshUntil: null,
      });
      const proved = await api.json('POST', '/api/v1/auth/reauthenticate', { password: PASSWORD }, member.auth);
      expect(proved.status).toBe(200);
      expect((await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, member.auth)).status).toBe(200);
    });
  });

  describe('existence oracles for an organisation’s admin', () => {
    const withoutRequestId = (body: Record<string, unknown>) => {
      const { requestId: _ignored, ...rest } = body;
      return rest;
    };

    it('answers an address of a hidden contact exactly as one of a visible contact of another organisation', async () => {
      const stamp = Date.now();
      const hidden = `hidden.officer-${stamp}@police.example.test`;
      const visible = `visible.officer-${stamp}@police.example.test`;
      await aContact(api, secretariat, {
        organisationId: police,
        fullName: 'Ukryta Osoba',
        emails: [hidden],
        visibility: 'law_enforcement',
      });
      await aContact(api, secretariat, { organisationId: police, fullName: 'Widoczna Osoba', emails: [visible] });
      const create = (email: string) =>
        api.json(
          'POST',
          '/api/v1/directory/contacts',
          { organisationId: company, fullName: 'Probe', emails: [email] },
          companyAdmin.auth,
        );
      const probedHidden = await create(hidden);
      const probedVisible = await create(visible);
      expect(probedHidden.status).toBe(409);
      expect(probedHidden.body.code).not.toBe('duplicate_contact');
      expect(JSON.stringify(probedHidden.body)).not.toMatch(/Ukryta|already exists|belongs to another contact/);
      expect([probedVisible.status, withoutRequestId(probedVisible.body)]).toEqual([
        probedHidden.status,
        JSON.parse(JSON.stringify(withoutRequestId(probedHidden.body)).replaceAll(hidden, visible)),
      ]);
      // An edit of an own contact that adds the hidden address answers the same way.
      const own = await aContact(api, companyAdmin, { organisationId: company, fullName: 'Own Person' });
      const edited = await api.json(
        'PATCH',
        `/api/v1/directory/contacts/${own.id}`,
        { version: own.version, emails: [own.emails[0], hidden] },
        companyAdmin.auth,
      );
      expect([edited.status, edited.body.code]).toEqual([409, probedHidden.body.code]);
      expect(JSON.stringify(edited.body)).not.toMatch(/Ukryta|belongs to another contact/);
    });

    it('still names a duplicate in the admin’s own organisation, which the admin sees', async () => {
      const email = `own.duplicate-${Date.now()}@hosting.example.test`;
      const existing = await aContact(api, companyAdmin, {
        organisationId: company,
        fullName: 'Jana Nováková',
        emails: [email],
      });
      const again = await api.json(
        'POST',
        '/api/v1/directory/contacts',
        { organisationId: company, fullName: 'J. Nováková', emails: [email] },
        companyAdmin.auth,
      );
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'duplicate_contact', context: { contactId: existing.id } });
      expect(JSON.stringify(again.body)).toContain('Jana Nováková');
    });

    it('invites an address that has an account elsewhere like any other, and the account holder gets no link', async () => {
      const stamp = Date.now();
      const officer = await aUser(api, {
        organisationId: police,
        email: `account.officer-${stamp}@police.example.test`,
      });
      const fresh = `fresh.person-${stamp}@hosting.example.test`;
      const invite = (email: string) =>
        api.json('POST', '/api/v1/invitations', { email, role: 'member', organisationId: company }, companyAdmin.auth);
      const toFresh = await invite(fresh);
      const toOfficer = await invite(officer.email);
      expect(toFresh.status).toBe(201);
      expect(toOfficer.status).toBe(toFresh.status);
      expect(Object.keys(toOfficer.body).sort()).toEqual(Object.keys(toFresh.body).sort());
      expect(toOfficer.body).toMatchObject({ email: officer.email, role: 'member', organisationId: company });
      const mail = await mailTo(api, officer.email, (text) => /already have an account/.test(text));
      expect(mail).not.toMatch(/invitation#token=/);
      // The only link the officer ever got is the one of their own invitation, long accepted.
      const outbox = join(api.dataDir, 'outbox');
      const links = [];
      for (const file of await readdir(outbox)) {
        const text = await readFile(join(outbox, file), 'utf8');
        if (text.includes(`To: ${officer.email}`) && text.includes('invitation#token=')) links.push(file);
      }
      expect(links).toHaveLength(1);
      // The officer's account is untouched, and a colleague of the admin is still named.
      expect((await signIn(api, officer.email, PASSWORD)).status).toBe(200);
      const colleague = await aUser(api, { organisationId: company });
      const again = await invite(colleague.email);
      expect([again.status, again.body.code]).toEqual([409, 'user_exists']);
      const audit = (await db.query(
        `SELECT details FROM audit_event WHERE action = 'invitation.created' AND details->>'email' = $1 ORDER BY seq DESC`,
        [officer.email],
      )) as { details: Record<string, unknown> }[];
      expect(audit[0]?.details).toMatchObject({ existingAccount: true });
    });
  });
});
