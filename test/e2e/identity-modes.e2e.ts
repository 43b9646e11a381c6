import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@liaison/identity';
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
      const users = await api.json('GET', '/api/v1/users?limit=2', undefined, {
        authorization: `Bearer ${secretariat.body.accessToken}`,
      });
      expect(users.body.items).toHaveLength(2);
      const rest = await api.json(
        'GET',
        `/api/v1/users?limit=10&cursor=${encodeURIComponent(users.body.nextCursor)}`,
        undefined,
        {
          authorization: `Bearer ${secretariat.body.accessToken}`,
        },
      );
      expect(rest.body.items).toHaveLength(DEMO_ACCOUNTS.length - 2);
      expect(rest.body.nextCursor).toBeNull();
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
