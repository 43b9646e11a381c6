import { generate } from 'otplib';
import type { Role } from '@liaison/core';
import { InvitationsService } from '@liaison/identity';
import type { TestApi } from './test-api.js';

export const PASSWORD = 'a long enough test passphrase 2026';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret?: string;
  recoveryCodes?: string[];
  accessToken: string;
  refreshToken: string;
  auth: Record<string, string>;
}

let counter = 0;

/** The current TOTP code of a secret (what the authenticator app would show). */
export const totpNow = (secret: string): Promise<string> => generate({ secret });

/**
 * A user made the way real users are: invited, invitation accepted, signed in; privileged users
 * (and everyone under MFA_REQUIRED=all) also enrol TOTP so their session is complete.
 */
export async function aUser(
  api: TestApi,
  options: { role?: Role; organisationId?: string | null; email?: string; mfa?: boolean } = {},
): Promise<TestUser> {
  const role = options.role ?? 'member';
  const email = options.email ?? `user${++counter}-${Date.now()}@example.test`;
  const invitations = api.app.get(InvitationsService);
  const { token } = await invitations.invite(
    null,
    { email, role, organisationId: options.organisationId ?? undefined },
    null,
  );
  await invitations.accept(token, PASSWORD, `Test ${role} ${counter}`, null);
  let signedIn = await signIn(api, email, PASSWORD);
  let totpSecret: string | undefined;
  let recoveryCodes: string[] | undefined;
  if (signedIn.body.user.mfaEnrollmentRequired || options.mfa) {
    const auth = { authorization: `Bearer ${signedIn.body.accessToken}` };
    const enrolled = await api.json('POST', '/api/v1/auth/mfa/enroll', undefined, auth);
    totpSecret = enrolled.body.secret as string;
    const confirmed = await api.json('POST', '/api/v1/auth/mfa/confirm', { code: await totpNow(totpSecret) }, auth);
    if (confirmed.status !== 200) throw new Error(`MFA confirm failed: ${JSON.stringify(confirmed.body)}`);
    recoveryCodes = confirmed.body.recoveryCodes as string[];
    signedIn = { ...signedIn, body: { ...signedIn.body, ...(await refresh(api, signedIn.body.refreshToken)).body } };
  }
  return {
    id: signedIn.body.user.id,
    email,
    password: PASSWORD,
    totpSecret,
    recoveryCodes,
    accessToken: signedIn.body.accessToken,
    refreshToken: signedIn.body.refreshToken,
    auth: { authorization: `Bearer ${signedIn.body.accessToken}` },
  };
}

export const signIn = (api: TestApi, email: string, password: string, headers: Record<string, string> = {}) =>
  api.json('POST', '/api/v1/auth/login', { email, password }, headers);

export const refresh = (api: TestApi, refreshToken: string) =>
  api.json('POST', '/api/v1/auth/refresh', { refreshToken });

/** Waits for the .eml the job queue writes (embedded-style outbox) and returns its text. */
export const lastMailTo = (api: TestApi, email: string, ms = 5000): Promise<string> =>
  mailTo(api, email, () => true, ms);

/** Waits for the newest mail to `email` that `matches` (the outbox may hold several written at once). */
export async function mailTo(
  api: TestApi,
  email: string,
  matches: (text: string) => boolean,
  ms = 5000,
): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const dir = join(api.dataDir, 'outbox');
  const until = Date.now() + ms;
  for (;;) {
    const files = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
    for (const file of files) {
      const text = (await readFile(join(dir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (text.includes(`To: ${email}`) && matches(text)) return text;
    }
    if (Date.now() > until) throw new Error(`no such mail to ${email}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
