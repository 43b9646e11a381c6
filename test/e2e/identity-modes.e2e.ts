import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@liaison/demo';
import { aUser, PASSWORD, signIn } from '../support/identity.js';
import { startTestApi } from '../support/test-api.js';

describe('MFA policy by workspace mode', () => {
  it('requires MFA of everyone with MFA_REQUIRED=all', async () => {
    const api = await startTestApi({ MFA_REQUIRED: 'all' });
    try {
      const member = await aUser(api);
      expect(member.totpSecret).toEqual(expect.any(String));
      const step = await signIn(api, member.email, PASSWORD);
      expect(step.body.mfaRequired).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('seeds the demo people once, relaxes MFA in a demo and says so publicly', async () => {
    const api = await startTestApi({ DEMO: 'true' });
    try {
      const info = await api.json('GET', '/api/v1/system/info');
      expect(info.body.mfaRelaxedInDemo).toBe(true);
      expect(info.body.demoSignIn.accounts.map((a: { email: string }) => a.email)).toEqual(
        DEMO_ACCOUNTS.map((a) => a.email),
      );
      const secretariat = await signIn(api, 'secretariat@liaison.test', DEMO_PASSWORD);
      expect(secretariat.status).toBe(200);
      expect(secretariat.body.user).toMatchObject({ roles: ['secretariat'], mfaEnrollmentRequired: false });
      // Every page, cursor to cursor: the demo people once each, beside the points of contact the
      // announcements demo gives accounts to.
      const auth = { authorization: `Bearer ${secretariat.body.accessToken}` };
      const emails: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { email: string }[]; nextCursor: string | null } } =
          await api.json(
            'GET',
            `/api/v1/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            undefined,
            auth,
          );
        expect(page.status).toBe(200);
        emails.push(...page.body.items.map((u) => u.email));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(emails).size).toBe(emails.length);
      for (const account of DEMO_ACCOUNTS) expect(emails.filter((e) => e === account.email)).toHaveLength(1);
      expect(emails.length).toBeGreaterThan(DEMO_ACCOUNTS.length);
    } finally {
      await api.close();
    }
  });

  it('does not publish demo accounts outside a demo', async () => {
    const api = await startTestApi();
    try {
      const info = await api.json('GET', '/api/v1/system/info');
      expect(info.body.demoSignIn).toBeUndefined();
      expect((await signIn(api, 'secretariat@liaison.test', DEMO_PASSWORD)).status).toBe(401);
    } finally {
      await api.close();
    }
  });
});
