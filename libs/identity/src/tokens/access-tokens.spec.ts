import type { AppConfig } from '@liaison/core';
import { AccessTokens } from './access-tokens.js';

const config = { secrets: { jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256' } } as AppConfig;
const claims = { sub: 'u1', sid: 's1', roles: ['member' as const], org: null, enr: false };

describe('AccessTokens', () => {
  it('checks a token every time, and refuses any other string', async () => {
    const tokens = new AccessTokens(config);
    const { accessToken } = await tokens.issue(claims);
    const first = await tokens.verify(accessToken);
    expect(first).toMatchObject(claims);
    expect(await tokens.verify(accessToken)).toEqual(first);
    const [header, payload, signature] = accessToken.split('.');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeNull();
    expect(await tokens.verify(`${accessToken} `)).toBeNull();
    const otherKey = new AccessTokens({
      secrets: { jwtSecret: 'another-secret-that-is-long-enough-too-1234' },
    } as AppConfig);
    expect(await otherKey.verify(accessToken)).toBeNull();
  });

  it('stops accepting a token once it expires', async () => {
    const tokens = new AccessTokens(config);
    const { accessToken } = await tokens.issue(claims);
    const verified = await tokens.verify(accessToken);
    const realNow = Date.now;
    Date.now = () => verified!.exp * 1000 + 1;
    try {
      expect(await tokens.verify(accessToken)).toBeNull();
    } finally {
      Date.now = realNow;
    }
  });
});
