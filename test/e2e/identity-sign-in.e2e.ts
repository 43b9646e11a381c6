import pg from 'pg';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { aUser, PASSWORD, refresh, signIn, totpNow, type TestUser } from '../support/identity.js';
import { startTestApi, TEST_SECRET, type TestApi } from '../support/test-api.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function jwt(header: object, payload: object, secret = TEST_SECRET, alg: 'sha256' | 'sha512' = 'sha256') {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}
const decode = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('sign-in and sessions', () => {
  let api: TestApi;
  let db: DataSource;
  let ana: TestUser;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    ana = await aUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const auditCount = async (action: string) =>
    Number((await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1`, [action]))[0].n);

  it('signs in with the right password and lets the token call a protected route', async () => {
    const res = await signIn(api, ana.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: ana.email, roles: ['member'], mfaEnrollmentRequired: false });
    expect(decode(res.body.accessToken)).toMatchObject({ iss: 'liaison', aud: 'liaison-api', sub: ana.id });
    const me = await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${res.body.accessToken}` });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ana.email);
  });

  it('answers a wrong password and an unknown e-mail the same way, and audits both', async () => {
    const before = await auditCount('auth.login.failed');
    const wrong = await signIn(api, ana.email, 'not the password at all');
    const unknown = await signIn(api, 'nobody-here@example.test', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(await auditCount('auth.login.failed')).toBe(before + 2);
  });

  it('locks an address after repeated failures, known or not, and audits the lockout', async () => {
    const victim = await aUser(api);
    for (const email of [victim.email, 'ghost@example.test']) {
      for (let i = 0; i < 5; i++) expect((await signIn(api, email, 'wrong password number x')).status).toBe(401);
      const locked = await signIn(api, email, email === victim.email ? PASSWORD : 'anything at all here');
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('too_many_attempts');
      expect(Number(locked.body.details[0].reasons[0])).toBeGreaterThan(0);
    }
    expect(await auditCount('auth.lockout')).toBeGreaterThanOrEqual(2);
  });

  it('never locks the owner out: locks follow the address and the source, failures decay, known sources stay open', async () => {
    const victim = await aUser(api);
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    // The owner signs in from the office: that source is known for this address.
    expect((await signIn(api, victim.email, PASSWORD, from('198.51.100.7'))).status).toBe(200);
    // Someone elsewhere guesses: only their own source is locked.
    for (let i = 0; i < 5; i++)
      expect((await signIn(api, victim.email, 'wrong password number x', from('203.0.113.1'))).status).toBe(401);
    expect((await signIn(api, victim.email, PASSWORD, from('203.0.113.1'))).status).toBe(429);
    expect((await signIn(api, victim.email, PASSWORD, from('192.0.2.44'))).status).toBe(200);

    // Failures decay: four long ago and one now do not lock.
    for (let i = 0; i < 4; i++)
      expect((await signIn(api, victim.email, 'wrong password number y', from('203.0.113.2'))).status).toBe(401);
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE login_throttle SET last_failure_at = now() - interval '2 hours'`);
      expect((await signIn(api, victim.email, 'wrong password number y', from('203.0.113.2'))).status).toBe(401);
      expect((await signIn(api, victim.email, PASSWORD, from('203.0.113.2'))).status).toBe(200);

      // Many sources at once lock the address (50 failures within the hour, the one above included)
      // for sources it never signed in from, not for the owner's.
      const spray = Array.from({ length: 49 }, (_, i) => `100.64.0.${i + 1}`);
      for (const ip of spray)
        expect((await signIn(api, victim.email, 'wrong password number z', from(ip))).status).toBe(401);
      expect((await signIn(api, victim.email, PASSWORD, from('100.64.9.9'))).status).toBe(429);
      expect((await signIn(api, victim.email, PASSWORD, from('198.51.100.7'))).status).toBe(200);
    } finally {
      await db.end();
    }
  });

  it('refuses expired, tampered, alg:none and algorithm-confused tokens', async () => {
    const claims = decode(ana.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 3600, exp: now - 60 }),
      ana.accessToken.slice(0, -4) + (ana.accessToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, roles: ['secretariat'] })}.`,
      jwt({ alg: 'HS512', typ: 'JWT' }, claims, TEST_SECRET, 'sha512'),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'someone-else' }),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, roles: ['secretariat'] }, 'a-guessed-secret'),
    ];
    for (const token of forged) {
      const res = await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    }
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is reused', async () => {
    const first = await signIn(api, ana.email, PASSWORD);
    const second = await refresh(api, first.body.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    const before = await auditCount('auth.refresh.reused');
    // Replayed after the few seconds in which two tabs may race with the same token.
    await db.query(`UPDATE refresh_token SET spent_at = now() - interval '1 minute' WHERE spent_at IS NOT NULL`);
    const replay = await refresh(api, first.body.refreshToken);
    expect(replay.status).toBe(401);
    expect(await auditCount('auth.refresh.reused')).toBe(before + 1);
    // The thief's replay ended the session for the legitimate holder as well.
    expect((await refresh(api, second.body.refreshToken)).status).toBe(401);
    expect(
      (await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${second.body.accessToken}` })).status,
    ).toBe(401);
  });

  it('lets two tabs refresh with the same token at the same moment without ending the session', async () => {
    const s = await signIn(api, ana.email, PASSWORD);
    const [a, b] = await Promise.all([refresh(api, s.body.refreshToken), refresh(api, s.body.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Both get the same successor: a replay inside the grace never starts a second chain that
    // reuse detection would not see.
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    const replayed = await refresh(api, s.body.refreshToken);
    expect(replayed.body.refreshToken).toBe(a.body.refreshToken);
    expect((await refresh(api, b.body.refreshToken)).status).toBe(200);
    expect(
      (await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${a.body.accessToken}` })).status,
    ).toBe(200);
  });

  it('lists and revokes sessions; a revoked session stops working at once', async () => {
    const laptop = await signIn(api, ana.email, PASSWORD, {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
    });
    const phone = await signIn(api, ana.email, PASSWORD, { 'user-agent': 'Mozilla/5.0 (Android 15) Firefox/140.0' });
    const auth = { authorization: `Bearer ${laptop.body.accessToken}` };
    const list = await api.json('GET', '/api/v1/auth/sessions', undefined, auth);
    const current = list.body.items.find((s: { current: boolean }) => s.current);
    expect(current.device).toBe('Chrome on Linux');
    const phoneSession = list.body.items.find((s: { device: string }) => s.device === 'Firefox on Android');
    expect((await api.json('DELETE', `/api/v1/auth/sessions/${phoneSession.id}`, undefined, auth)).status).toBe(204);
    expect(
      (await api.json('GET', '/api/v1/me', undefined, { authorization: `Bearer ${phone.body.accessToken}` })).status,
    ).toBe(401);
    expect((await refresh(api, phone.body.refreshToken)).status).toBe(401);
  });

  it("does not let a member end someone else's session", async () => {
    const other = await aUser(api);
    const sessions = await api.json('GET', '/api/v1/auth/sessions', undefined, other.auth);
    const res = await api.json('DELETE', `/api/v1/auth/sessions/${sessions.body.items[0].id}`, undefined, ana.auth);
    expect(res.status).toBe(404);
    expect((await api.json('GET', '/api/v1/me', undefined, other.auth)).status).toBe(200);
  });

  it('signs out: the access token and refresh token stop working', async () => {
    const s = await signIn(api, ana.email, PASSWORD);
    const auth = { authorization: `Bearer ${s.body.accessToken}` };
    expect((await api.json('POST', '/api/v1/auth/logout', undefined, auth)).status).toBe(204);
    expect((await api.json('GET', '/api/v1/me', undefined, auth)).status).toBe(401);
    expect((await refresh(api, s.body.refreshToken)).status).toBe(401);
  });

  it('keeps the web client refresh token in an httpOnly SameSite=Strict cookie guarded by a CSRF token', async () => {
    const login = await api.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-liaison-client': 'web' },
      body: JSON.stringify({ email: ana.email, password: PASSWORD }),
    });
    const body = (await login.json()) as Record<string, unknown>;
    expect(body.refreshToken).toBeUndefined();
    const cookies = login.headers.getSetCookie();
    const refreshCookie = cookies.find((c) => c.startsWith('liaison_refresh='))!;
    const csrfCookie = cookies.find((c) => c.startsWith('liaison_csrf='))!;
    expect(refreshCookie).toMatch(/HttpOnly/i);
    expect(refreshCookie).toMatch(/SameSite=Strict/i);
    expect(refreshCookie).toMatch(/Path=\/api\/v1\/auth/);
    const cookieHeader = [refreshCookie, csrfCookie].map((c) => c.split(';')[0]).join('; ');
    const csrf = csrfCookie.split(';')[0].split('=')[1];
    const withoutCsrf = await api.json(
      'POST',
      '/api/v1/auth/refresh',
      {},
      { cookie: cookieHeader, 'x-liaison-client': 'web' },
    );
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.code).toBe('csrf_failed');
    const ok = await api.json(
      'POST',
      '/api/v1/auth/refresh',
      {},
      { cookie: cookieHeader, 'x-liaison-client': 'web', 'x-csrf-token': csrf },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  });

  it('rejects malformed sign-in bodies with field reasons, never a 500', async () => {
    for (const body of [
      '[]',
      '{}',
      '{"email":"a@b.test"}',
      '{"email":"a@b.test","password":"x","role":"secretariat"}',
    ]) {
      const res = await api.json('POST', '/api/v1/auth/login', body);
      expect(res.status).toBe(400);
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    // A bare JSON string is not a body this API accepts at all.
    expect((await api.json('POST', '/api/v1/auth/login', '"x"')).status).toBe(400);
  });

  describe('with MFA', () => {
    let mia: TestUser;
    beforeAll(async () => {
      mia = await aUser(api, { mfa: true });
    });

    it('asks for a code after the password and accepts a current TOTP code once', async () => {
      const step = await signIn(api, mia.email, PASSWORD);
      expect(step.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
      // The code used at enrolment was consumed; wait for the next step if needed.
      let code = await totpNow(mia.totpSecret!);
      let res = await api.json('POST', '/api/v1/auth/mfa/verify', { mfaToken: step.body.mfaToken, code });
      if (res.status !== 200) {
        await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
        code = await totpNow(mia.totpSecret!);
        res = await api.json('POST', '/api/v1/auth/mfa/verify', { mfaToken: step.body.mfaToken, code });
      }
      expect(res.status).toBe(200);
      const again = await signIn(api, mia.email, PASSWORD);
      const replay = await api.json('POST', '/api/v1/auth/mfa/verify', { mfaToken: again.body.mfaToken, code });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('invalid_code');
    }, 70_000);

    it('accepts each recovery code once', async () => {
      expect(mia.recoveryCodes).toHaveLength(10);
      const [code] = mia.recoveryCodes!;
      const first = await signIn(api, mia.email, PASSWORD);
      expect((await api.json('POST', '/api/v1/auth/mfa/verify', { mfaToken: first.body.mfaToken, code })).status).toBe(
        200,
      );
      const second = await signIn(api, mia.email, PASSWORD);
      const reuse = await api.json('POST', '/api/v1/auth/mfa/verify', { mfaToken: second.body.mfaToken, code });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('invalid_code');
    });
  });
});
