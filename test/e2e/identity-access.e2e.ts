import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { PROJECT_ROOT } from '@liaison/core';
import { aUser, lastMailTo, PASSWORD, signIn, totpNow, type TestUser } from '../support/identity.js';
import { connect } from '../support/realtime.js';
import { startTestApi, TEST_SECRET, type TestApi } from '../support/test-api.js';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';

const tokenFromMail = (mail: string) => /invitation#token=([A-Za-z0-9_-]+)/.exec(mail)![1];

describe('invitations, roles and accounts', () => {
  let api: TestApi;
  let db: DataSource;
  let secretariat: TestUser;
  let orgAdmin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    await db.query(
      `INSERT INTO organisation (id, name, kind, country_code) VALUES ($1, 'Organisation A', 'ministry', NULL), ($2, 'Organisation B', 'hotline', NULL)`,
      [ORG_A, ORG_B],
    );
    secretariat = await aUser(api, { role: 'secretariat' });
    orgAdmin = await aUser(api, { role: 'org_admin', organisationId: ORG_A });
    member = await aUser(api, { organisationId: ORG_A });
  });
  afterAll(async () => {
    await api.close();
  });

  const audits = async (action: string) =>
    (await db.query(`SELECT * FROM audit_event WHERE action = $1 ORDER BY seq`, [action])) as {
      actor_id: string;
      details: Record<string, unknown>;
    }[];

  it('replaces an enrolled second factor only after the password and a current code again', async () => {
    const user = await aUser(api, { mfa: true });
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      // What a stolen session looks like: signed in an hour ago.
      await db.query(`UPDATE session SET reauthenticated_at = now() - interval '1 hour' WHERE user_id = $1`, [user.id]);
      const enroll = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, user.auth);
      expect(enroll.status).toBe(403);
      expect(enroll.body.code).toBe('reauthentication_required');
      expect((await api.json('POST', '/api/v1/auth/mfa/confirm', { code: '123456' }, user.auth)).body.code).toBe(
        'reauthentication_required',
      );
      const fresh = await api.json(
        'POST',
        '/api/v1/auth/reauthenticate',
        // A recovery code: the current TOTP step was spent on the enrolment (codes are single use).
        { password: user.password, code: user.recoveryCodes![0] },
        user.auth,
      );
      expect(fresh.status).toBe(200);
      const again = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, user.auth);
      expect(again.status).toBe(200);
      const confirmed = await api.json(
        'POST',
        '/api/v1/auth/mfa/confirm',
        { code: await totpNow(again.body.secret as string) },
        user.auth,
      );
      expect(confirmed.status).toBe(200);
    } finally {
      await db.end();
    }
  });

  it('requires privileged users to enrol MFA before anything else', async () => {
    const admin = await aUser(api, { role: 'org_admin', organisationId: ORG_B });
    expect(admin.totpSecret).toEqual(expect.any(String));
    // Simulate a privileged user who has not enrolled yet.
    await db.query(`UPDATE user_account SET mfa_enabled_at = NULL, mfa_secret = NULL WHERE id = $1`, [admin.id]);
    const s = await signIn(api, admin.email, PASSWORD);
    expect(s.body.user.mfaEnrollmentRequired).toBe(true);
    const auth = { authorization: `Bearer ${s.body.accessToken}` };
    const blocked = await api.json('GET', '/api/v1/audit', undefined, auth);
    expect(blocked.status).toBe(403);
    expect(
      (
        await api.json(
          'POST',
          '/api/v1/invitations',
          { email: 'x@example.test', role: 'member', organisationId: ORG_B },
          auth,
        )
      ).body.code,
    ).toBe('mfa_enrollment_required');
    expect((await api.json('GET', '/api/v1/me', undefined, auth)).status).toBe(200);
    // The live connection is held to the same rule as HTTP: no socket before enrolment.
    await expect(connect(api.url, { token: s.body.accessToken })).rejects.toThrow('mfa_enrollment_required');
    expect((await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, auth)).status).toBe(200);
  });

  it('invites by e-mail; the link sets a password once and signs the invitee in', async () => {
    const email = 'ana.ionescu@politia.ro.test';
    const created = await api.json(
      'POST',
      '/api/v1/invitations',
      { email, role: 'member', organisationId: ORG_B, displayName: 'Ana Ionescu' },
      secretariat.auth,
    );
    expect(created.status).toBe(201);
    const token = tokenFromMail(await lastMailTo(api, email));
    const stored = await db.query(`SELECT token_hash FROM invitation WHERE email = $1`, [email]);
    expect(stored[0].token_hash).not.toContain(token);
    expect((await api.json('POST', '/api/v1/invitations/inspect', { token })).body).toMatchObject({
      email,
      role: 'member',
    });
    const weak = await api.json('POST', '/api/v1/invitations/accept', {
      token,
      password: 'password1234567',
      displayName: 'Ana',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0]).toMatchObject({ field: 'password', reasons: [expect.stringMatching(/common/)] });
    const accepted = await api.json('POST', '/api/v1/invitations/accept', {
      token,
      password: PASSWORD,
      displayName: 'Ana Ionescu',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email, roles: ['member'], organisationId: ORG_B });
    const reused = await api.json('POST', '/api/v1/invitations/accept', {
      token,
      password: PASSWORD,
      displayName: 'Mallory',
    });
    expect(reused.status).toBe(410);
    expect(reused.body.code).toBe('invitation_used');
    expect((await signIn(api, email, PASSWORD)).status).toBe(200);
    expect((await audits('invitation.accepted')).length).toBeGreaterThan(0);
  });

  it('refuses an expired invitation and replaces the old token when re-inviting', async () => {
    const email = 'late@example.test';
    await api.json('POST', '/api/v1/invitations', { email, role: 'member' }, secretariat.auth);
    const first = tokenFromMail(await lastMailTo(api, email));
    await db.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE email = $1`, [email]);
    const expired = await api.json('POST', '/api/v1/invitations/accept', {
      token: first,
      password: PASSWORD,
      displayName: 'Late',
    });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('invitation_expired');
    await new Promise((r) => setTimeout(r, 5));
    await api.json('POST', '/api/v1/invitations', { email, role: 'member' }, secretariat.auth);
    let second = first;
    for (let i = 0; i < 50 && second === first; i++) {
      second = tokenFromMail(await lastMailTo(api, email));
      if (second === first) await new Promise((r) => setTimeout(r, 50));
    }
    expect(second).not.toBe(first);
    expect((await api.json('POST', '/api/v1/invitations/inspect', { token: first })).status).toBe(404);
    expect(
      (await api.json('POST', '/api/v1/invitations/accept', { token: second, password: PASSWORD, displayName: 'Late' }))
        .status,
    ).toBe(201);
  });

  it('lets an org admin invite only into their own organisation, and never to the secretariat', async () => {
    const other = await api.json(
      'POST',
      '/api/v1/invitations',
      { email: 'x1@example.test', role: 'member', organisationId: ORG_B },
      orgAdmin.auth,
    );
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('forbidden_organisation');
    const elevated = await api.json(
      'POST',
      '/api/v1/invitations',
      { email: 'x2@example.test', role: 'secretariat', organisationId: ORG_A },
      orgAdmin.auth,
    );
    expect(elevated.status).toBe(403);
    const own = await api.json(
      'POST',
      '/api/v1/invitations',
      { email: 'x3@example.test', role: 'member', organisationId: ORG_A },
      orgAdmin.auth,
    );
    expect(own.status).toBe(201);
    expect(
      await db.query(`SELECT email FROM invitation WHERE email IN ('x1@example.test', 'x2@example.test')`),
    ).toEqual([]);
  });

  it('refuses an invitation into an organisation the directory does not know', async () => {
    const unknown = await api.json(
      'POST',
      '/api/v1/invitations',
      { email: 'x4@example.test', role: 'member', organisationId: '33333333-3333-4333-8333-333333333333' },
      secretariat.auth,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_organisation', details: [{ field: 'organisationId' }] });
    expect(await db.query(`SELECT email FROM invitation WHERE email = 'x4@example.test'`)).toEqual([]);
  });

  it('keeps members away from the secretariat routes', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/v1/users', undefined],
      ['PATCH', `/api/v1/users/${member.id}`, { roles: ['secretariat'] }],
      ['POST', '/api/v1/invitations', { email: 'y@example.test', role: 'member' }],
      ['GET', '/api/v1/audit', undefined],
    ] as const) {
      const res = await api.json(method, path, body, member.auth);
      expect(res.status).toBe(403);
    }
    expect((await db.query(`SELECT roles FROM user_account WHERE id = $1`, [member.id]))[0].roles).toEqual(['member']);
  });

  it('refuses a role smuggled into PATCH /me and changes nothing', async () => {
    const res = await api.json(
      'PATCH',
      '/api/v1/me',
      { displayName: 'Sneaky', roles: ['secretariat'], status: 'active' },
      member.auth,
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['roles', 'status']);
    const me = await api.json('GET', '/api/v1/me', undefined, member.auth);
    expect(me.body.roles).toEqual(['member']);
    expect(me.body.displayName).not.toBe('Sneaky');
    expect((await api.json('PATCH', '/api/v1/me', { displayName: 'Mira Member' }, member.auth)).body.displayName).toBe(
      'Mira Member',
    );
  });

  it('lets the secretariat change roles (audited) with effect on the next request', async () => {
    const target = await aUser(api);
    const res = await api.json(
      'PATCH',
      `/api/v1/users/${target.id}`,
      { roles: ['member', 'org_admin'] },
      secretariat.auth,
    );
    expect(res.status).toBe(200);
    const events = await audits('user.role.changed');
    expect(events.at(-1)).toMatchObject({
      actor_id: secretariat.id,
      details: { from: ['member'], to: ['member', 'org_admin'] },
    });
    // An org admin without MFA must enrol before anything else, from the very next request.
    expect((await api.json('GET', '/api/v1/auth/sessions', undefined, target.auth)).status).toBe(200);
    expect(
      (await api.json('POST', '/api/v1/invitations', { email: 'z@example.test', role: 'member' }, target.auth)).body
        .code,
    ).toBe('mfa_enrollment_required');
  });

  it("lets the secretariat see and end anyone's session, and nobody else", async () => {
    const target = await aUser(api);
    const listed = await api.json('GET', `/api/v1/users/${target.id}/sessions`, undefined, secretariat.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect((await api.json('GET', `/api/v1/users/${target.id}/sessions`, undefined, member.auth)).status).toBe(403);
    const id = listed.body.items[0].id as string;
    expect((await api.json('DELETE', `/api/v1/auth/sessions/${id}`, undefined, secretariat.auth)).status).toBe(204);
    expect((await api.json('GET', '/api/v1/me', undefined, target.auth)).status).toBe(401);
    expect((await api.json('GET', '/api/v1/users/not-a-uuid/sessions', undefined, secretariat.auth)).status).toBe(400);
  });

  it('disabling a user ends their sessions and sockets at once', async () => {
    const target = await aUser(api);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = io(`${api.url}/realtime`, {
        auth: { token: target.accessToken },
        transports: ['websocket'],
        reconnection: false,
      });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    const expired = new Promise((resolve) => socket.once('session.expired', resolve));
    const res = await api.json('PATCH', `/api/v1/users/${target.id}`, { status: 'disabled' }, secretariat.auth);
    expect(res.status).toBe(200);
    expect(await expired).toEqual({ reason: 'user_disabled' });
    expect((await api.json('GET', '/api/v1/me', undefined, target.auth)).status).toBe(401);
    expect((await signIn(api, target.email, PASSWORD)).status).toBe(401);
    socket.close();
  });

  it('changing the password ends every session', async () => {
    const target = await aUser(api);
    const other = await signIn(api, target.email, PASSWORD);
    const wrong = await api.json(
      'POST',
      '/api/v1/me/password',
      { currentPassword: 'nope nope nope', newPassword: 'another long passphrase 2026' },
      target.auth,
    );
    expect(wrong.status).toBe(400);
    const weak = await api.json(
      'POST',
      '/api/v1/me/password',
      { currentPassword: PASSWORD, newPassword: 'short' },
      target.auth,
    );
    expect(weak.body.details[0].field).toBe('newPassword');
    const ok = await api.json(
      'POST',
      '/api/v1/me/password',
      { currentPassword: PASSWORD, newPassword: 'another long passphrase 2026' },
      target.auth,
    );
    expect(ok.status).toBe(204);
    expect((await api.json('GET', '/api/v1/me', undefined, target.auth)).status).toBe(401);
    expect(
      (await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${other.body.accessToken}` })).status,
    ).toBe(401);
    expect((await signIn(api, target.email, 'another long passphrase 2026')).status).toBe(200);
  });

  it('ends a socket with session.expired when its token expires', async () => {
    // A token that expires in one second, signed like the server's own.
    const { JwtService } = await import('@nestjs/jwt');
    const jwt = new JwtService({ secret: TEST_SECRET });
    const claims = JSON.parse(Buffer.from(member.accessToken.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const short = await jwt.signAsync(
      { sub: claims.sub, sid: claims.sid, roles: claims.roles, org: claims.org, enr: false },
      { algorithm: 'HS256', issuer: 'liaison', audience: 'liaison-api', expiresIn: 1 },
    );
    const socket = io(`${api.url}/realtime`, {
      auth: { token: short },
      transports: ['websocket'],
      reconnection: false,
    });
    const expired = await new Promise((resolve) => socket.once('session.expired', resolve));
    expect(expired).toEqual({ reason: 'token_expired' });
    socket.close();
  });

  /** A request that passes the session check, as every request of a signed-in person does. */
  async function signedIn(user: TestUser) {
    expect((await api.json('GET', '/api/v1/me', undefined, user.auth)).status).toBe(200);
  }

  it('applies a revocation or a role change to the very next request, made here or in another process', async () => {
    // Ended through this instance: the very next request is refused.
    const here = await aUser(api);
    await signedIn(here);
    const [{ id }] = (await api.json('GET', `/api/v1/users/${here.id}/sessions`, undefined, secretariat.auth)).body
      .items;
    expect((await api.json('DELETE', `/api/v1/auth/sessions/${id}`, undefined, secretariat.auth)).status).toBe(204);
    expect((await api.json('GET', '/api/v1/me', undefined, here.auth)).status).toBe(401);

    // A role changed through this instance applies to the very next request.
    const promoted = await aUser(api);
    await signedIn(promoted);
    expect((await api.json('GET', '/api/v1/users', undefined, promoted.auth)).status).toBe(403);
    await db.query(`UPDATE user_account SET mfa_enabled_at = now() WHERE id = $1`, [promoted.id]);
    await signedIn(promoted);
    const changed = await api.json(
      'PATCH',
      `/api/v1/users/${promoted.id}`,
      { roles: ['secretariat'] },
      secretariat.auth,
    );
    expect(changed.status).toBe(200);
    expect((await api.json('GET', '/api/v1/users', undefined, promoted.auth)).status).toBe(200);

    // Ended by another process (another instance, the CLI, an operator's SQL).
    const elsewhere = await aUser(api);
    await signedIn(elsewhere);
    const outside = new pg.Client({ connectionString: api.databaseUrl });
    await outside.connect();
    try {
      await outside.query(`UPDATE session SET revoked_at = now(), revoked_reason = 'test' WHERE user_id = $1`, [
        elsewhere.id,
      ]);
      await outside.query(`UPDATE user_account SET roles = '{member}' WHERE id = $1`, [promoted.id]);
    } finally {
      await outside.end();
    }
    // No notification to wait for: the next request reads the session and the roles afresh.
    expect((await api.json('GET', '/api/v1/me', undefined, elsewhere.auth)).status).toBe(401);
    expect((await api.json('GET', '/api/v1/users', undefined, promoted.auth)).status).toBe(403);
  });

  it('creates the first administrator from the command line with a one-time link', async () => {
    // Run asynchronously: the API under test lives in this process and must keep serving.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(PROJECT_ROOT, 'dist/apps/api/src/cli.js'), 'create-admin', '--email', 'first.admin@example.test'],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: api.databaseUrl,
          JWT_SECRET: TEST_SECRET,
          TOKEN_PEPPER: `${TEST_SECRET}-pepper`,
          LOG_LEVEL: 'silent',
        },
      },
    );
    const token = /invitation#token=([A-Za-z0-9_-]+)/.exec(stdout)?.[1];
    expect(token).toEqual(expect.any(String));
    const res = await api.json('POST', '/api/v1/invitations/inspect', { token });
    expect(res.body).toMatchObject({ email: 'first.admin@example.test', role: 'secretariat' });
  });

  it('leaves an audit chain that verifies after all of this', async () => {
    expect(await api.app.get(AuditService).verify()).toMatchObject({ ok: true });
  });
});
