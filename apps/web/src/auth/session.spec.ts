/**
 * The session store against a scripted server (a stubbed fetch; nothing of ours is faked): a
 * refresh that was already on its way when the session ended must not change how it ended.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

type Answer = { status: number; body?: unknown };

const pending: { path: string; answer: (a: Answer) => void }[] = [];
let scripted: ((path: string) => Answer | undefined) | undefined;

const grant = (name: string) => ({
  accessToken: `token-${name}`,
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  user: { id: 'u1', email: 'tomasz@policja.test', displayName: name, roles: ['org_admin'] },
});

function respond({ status, body }: Answer): Response {
  return new Response(status === 204 ? null : JSON.stringify(body ?? {}), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

beforeAll(() => {
  Object.assign(globalThis, { document: { cookie: '' } });
  if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: {} });
  globalThis.fetch = ((input: string | URL) => {
    const path = String(input);
    const now = scripted?.(path);
    if (now) return Promise.resolve(respond(now));
    return new Promise<Response>((resolve) => pending.push({ path, answer: (a) => resolve(respond(a)) }));
  }) as typeof fetch;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const nextPending = async (fragment: string) => {
  for (let i = 0; i < 50; i++) {
    const found = pending.findIndex((p) => p.path.includes(fragment));
    if (found >= 0) return pending.splice(found, 1)[0]!;
    await settle();
  }
  throw new Error(`no request to ${fragment}`);
};

let session: typeof import('./session');

describe('the web session', () => {
  beforeAll(async () => {
    session = await import('./session');
  });
  afterAll(() => {
    // No renewal timer outlives the tests.
    session.forgetSession('signedOut');
  });

  beforeEach(() => {
    pending.length = 0;
    scripted = (path) => (path.includes('/auth/login') ? { status: 200, body: grant('Tomasz') } : undefined);
  });

  it('keeps "password changed" when a refresh already under way fails afterwards', async () => {
    await session.signIn('tomasz@policja.test', 'a long enough passphrase');
    expect(session.getSession()).toMatchObject({ status: 'signedIn' });
    // The server ended every session; its socket said so, and the client tries to refresh…
    const refreshing = session.renewSession();
    const refresh = await nextPending('/auth/refresh');
    // …while the password form, answered, ends the session for its own reason.
    session.forgetSession('passwordChanged');
    refresh.answer({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Sign in to continue.', requestId: 'r1' },
    });
    expect(await refreshing).toBe(false);
    expect(session.getSession()).toEqual({ status: 'signedOut', reason: 'passwordChanged' });
  });

  it('does not sign back in with a refresh granted while the user signed out', async () => {
    await session.signIn('tomasz@policja.test', 'a long enough passphrase');
    const refreshing = session.renewSession();
    const refresh = await nextPending('/auth/refresh');
    scripted = (path) => (path.includes('/auth/logout') ? { status: 204 } : undefined);
    await session.signOut();
    expect(session.getSession()).toEqual({ status: 'signedOut', reason: 'signedOut' });
    refresh.answer({ status: 200, body: grant('Tomasz') });
    expect(await refreshing).toBe(false);
    expect(session.getSession()).toEqual({ status: 'signedOut', reason: 'signedOut' });
    expect(session.currentAccessToken()).toBeUndefined();
  });

  it('renews an open session', async () => {
    await session.signIn('tomasz@policja.test', 'a long enough passphrase');
    const refreshing = session.renewSession();
    (await nextPending('/auth/refresh')).answer({ status: 200, body: grant('Tomasz K.') });
    expect(await refreshing).toBe(true);
    expect(session.getSession()).toMatchObject({ status: 'signedIn', user: { displayName: 'Tomasz K.' } });
  });
});
