import { startTestApi, type TestApi } from '../support/test-api.js';
import { aUser } from '../support/identity.js';
import { ProbeModule } from '../support/probe.module.js';

describe('HTTP conventions', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({}, [ProbeModule]);
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers liveness and readiness with the database checked', async () => {
    expect((await api.json('GET', '/health/live')).status).toBe(200);
    const ready = await api.json('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
    if (process.env.REDIS_URL) expect(ready.body.checks.redis).toBe('ok');
  });

  it('describes the system without a session', async () => {
    const info = await api.json('GET', '/api/v1/system/info');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      name: 'Liaison',
      mode: 'server',
      demo: false,
      database: { engine: 'PostgreSQL' },
    });
    expect(info.body.database.version).toMatch(/^\d+(\.\d+)?/);
  });

  it('rejects malformed JSON with a 400 in the common shape', async () => {
    const res = await api.json('POST', '/api/v1/probe/echo', '{"name": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON.',
      requestId: expect.any(String),
    });
  });

  it('rejects an oversized body with 413', async () => {
    const res = await api.json('POST', '/api/v1/probe/echo', {
      name: 'x'.repeat(300_000),
      count: 1,
      address: { country: 'PL' },
    });
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('The request body is too large.');
  });

  it('reports every invalid field, including nested ones and unknown fields', async () => {
    const res = await api.json('POST', '/api/v1/probe/echo', {
      name: '',
      count: 'three',
      address: { country: 'Poland' },
      role: 'secretariat',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
    const fields = Object.fromEntries(
      res.body.details.map((d: { field: string; reasons: string[] }) => [d.field, d.reasons]),
    );
    expect(Object.keys(fields).sort()).toEqual(['address.country', 'count', 'name', 'role']);
    expect(fields.role[0]).toMatch(/should not exist/);
    expect(fields['address.country']).toEqual(['country must be an ISO 3166-1 alpha-2 code']);
  });

  it('turns valid input into a typed DTO', async () => {
    const res = await api.json('POST', '/api/v1/probe/echo', { name: 'Ana', count: 3, address: { country: 'RO' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: { name: 'Ana', count: 3, address: { country: 'RO' } }, isDto: true });
  });

  it('denies a route that is not marked public to a caller without a valid token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic YW5hOnB3' }] as Record<
      string,
      string
    >[]) {
      const res = await api.json('GET', '/api/v1/probe/private', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });

  it('lets an authenticated caller through and names them', async () => {
    const ana = await aUser(api);
    const res = await api.json('GET', '/api/v1/probe/private', undefined, ana.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: ana.id });
  });

  it('hides internal errors behind an opaque 500 with a request id', async () => {
    const res = await api.json('GET', '/api/v1/probe/crash', undefined, { 'x-request-id': 'probe-request-0001' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Try again later.',
      requestId: 'probe-request-0001',
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await api.json('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
  });

  it('gives every response a request id, keeping a well-formed incoming one', async () => {
    const own = await api.fetch('/health/live', { headers: { 'x-request-id': 'abc12345-trace' } });
    expect(own.headers.get('x-request-id')).toBe('abc12345-trace');
    const bad = await api.fetch('/health/live', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers on the API and the web shell', async () => {
    for (const path of ['/api/v1/system/info', '/', '/directory']) {
      const res = await api.fetch(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directive = (name: string) =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `));
      expect([path, directive('default-src')]).toEqual([path, "default-src 'self'"]);
      // No inline script, no eval, and nobody may frame the pages (clickjacking).
      expect(directive('script-src')).toBe("script-src 'self'");
      expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
      expect(directive('object-src')).toBe("object-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('tells browsers and proxies never to store what the API answers', async () => {
    const user = await aUser(api);
    const answers = [
      await api.json('GET', '/api/v1/me', undefined, user.auth),
      await api.json('GET', '/api/v1/directory/contacts?q=ana', undefined, user.auth),
      await api.fetch('/api/v1/directory/export.csv', { headers: user.auth }),
      await api.json('GET', '/api/v1/people?q=te', undefined, user.auth),
      await api.json('GET', '/api/v1/me', undefined),
    ];
    for (const answer of answers) expect(answer.headers.get('cache-control')).toContain('no-store');
  });

  it('never answers a 500 to odd requests on the shell routes', async () => {
    const paths = [
      '/',
      '/directory',
      '/health/live',
      '/health/ready',
      '/api/v1/system/info',
      '/api/docs-json',
      '/api/v1/%E0%A4%A',
      '/socket.io/',
    ];
    const bodies: (string | undefined)[] = [
      undefined,
      '{}',
      '[]',
      'null',
      '"x"',
      '{"__proto__": {"admin": true}}',
      '\u0000',
      '{'.repeat(5000),
    ];
    const failures: string[] = [];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        for (const body of method === 'GET' ? [undefined] : bodies) {
          const res = await api.fetch(path, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body,
          });
          if (res.status >= 500) failures.push(`${method} ${path} ${String(body).slice(0, 20)} -> ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves the OpenAPI document', async () => {
    const res = await api.json('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toBe('Liaison API');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health/ready', '/api/v1/system/info']));
  });
});

describe('rate limits on write routes', () => {
  const LIMIT = 5;
  const ANONYMOUS_LIMIT = 8;
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(
      { WRITES_PER_MINUTE: String(LIMIT), ANONYMOUS_WRITES_PER_MINUTE: String(ANONYMOUS_LIMIT) },
      [ProbeModule],
    );
  });
  afterAll(async () => {
    await api.close();
  });

  /** Limits count per minute: starts a check early enough in one that it ends there too. */
  const inOneWindow = async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  };
  const markRead = (url: string, auth: Record<string, string>) =>
    fetch(`${url}/api/v1/notifications/read`, { method: 'POST', headers: auth });

  it('answers 429 with Retry-After past a person’s limit, leaves others and reads alone', async () => {
    const [ana, bea] = [await aUser(api), await aUser(api)];
    await inOneWindow();
    for (let i = 0; i < LIMIT; i++) expect((await markRead(api.url, ana.auth)).status).toBe(200);
    const refused = await markRead(api.url, ana.auth);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: expect.stringMatching(/Try again in \d+ second/),
      details: [{ field: 'retryAfterSeconds', reasons: [String(retryAfter)] }],
      requestId: refused.headers.get('x-request-id'),
    });
    // Someone else writes as usual, and reads are never counted.
    expect((await markRead(api.url, bea.auth)).status).toBe(200);
    for (let i = 0; i < 3 * LIMIT; i++)
      expect((await api.json('GET', '/api/v1/me', undefined, ana.auth)).status).toBe(200);
  });

  it('counts anonymous writes per address', async () => {
    // Sign-ins and other writes without a session, from two clients behind the local proxy.
    const echo = (address: string) =>
      api.json(
        'POST',
        '/api/v1/probe/echo',
        { name: 'x', count: 1, address: { country: 'PL' } },
        { 'x-forwarded-for': address },
      );
    await inOneWindow();
    const statuses: number[] = [];
    for (let i = 0; i <= ANONYMOUS_LIMIT; i++) statuses.push((await echo('203.0.113.7')).status);
    expect(statuses).toEqual([...Array<number>(ANONYMOUS_LIMIT).fill(201), 429]);
    expect((await echo('203.0.113.8')).status).toBe(201);
    expect((await api.json('GET', '/api/v1/system/info', undefined, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(
      200,
    );
  });

  it('shares the count between API instances when they share Redis', async () => {
    if (!process.env.REDIS_URL) return; // without Redis each instance counts its own
    const sibling = await api.startSibling();
    try {
      const cai = await aUser(api);
      await inOneWindow();
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++) statuses.push((await markRead(i % 2 ? sibling.url : api.url, cai.auth)).status);
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    } finally {
      await sibling.close();
    }
  });
});
