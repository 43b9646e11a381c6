import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RealtimeGateway } from '@liaison/core';
import {
  certifyDevice,
  createKeyPackage,
  fromB64,
  identityFromSecret,
  keyPackageBytes,
  revokeDevice,
  signingPublicKey,
  toB64,
  type DeviceClient,
} from '@liaison/e2ee';
import { aUser, PASSWORD, totpNow, type TestUser } from '../support/identity.js';
import {
  announcementBody,
  anInvitationToken,
  anotherSession,
  CALLERS,
  designationBody,
  epochOf,
  matrixFixtures,
  oneTimeCode,
  signedBy,
  type MatrixFixtures,
  type MatrixRequest,
  type Who,
} from '../support/matrix-fixtures.js';
import { connect, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Deny by default, proven for every route Nest serves and every socket event the gateway handles.
 * Each is called by every kind of caller (matrix-fixtures.ts) with a VALID request about a real
 * object of the right kind that is not theirs: a contact the network sees but another
 * organisation owns, a RED plan of a group they are not in, a thread they were removed from, a
 * draft announcement... So a denial has to come from an access check: it must be a 403 or a 404
 * (401 without a session), never a 400 from validation. The legitimate owner makes the same
 * request and must get a 2xx, which proves the request and the object are good.
 *
 * The expectations live in MATRIX below: `ok` lists who gets a 2xx; everyone else is denied;
 * `other` names, with the reason, a caller answered otherwise on purpose. A route or event without
 * an entry fails the test.
 */
type Signed = Exclude<Who, 'anonymous'>;
type Build = (f: MatrixFixtures, who: Who, ok: boolean) => MatrixRequest | Promise<MatrixRequest>;
interface Rule {
  /** Who gets a 2xx ('all' = every signed-in caller; `public` routes also answer anonymous). */
  ok: readonly Who[] | 'all';
  public?: true;
  /** Callers answered with another status on purpose, and why. */
  other?: Partial<Record<Who, { status: number; why: string }>>;
  /** Reads the 2xx answer of a caller who has the right (what a later route needs of it). */
  after?: (f: MatrixFixtures, who: Who, body: string) => void;
  /** After a refusal: whether the refused write left nothing behind. */
  leavesNoTrace?: (f: MatrixFixtures, who: Who) => Promise<boolean>;
  /** A refusal answered 2xx with the refusal in the body (the CSV import reports per row). */
  refusedInBody?: (body: string) => boolean;
  req: Build;
}

const SIGNED_IN = CALLERS.filter((w): w is Signed => w !== 'anonymous');
const SEC = ['secretariat'] as const;
const OWNER = ['ownerAdmin'] as const;
const OWNER_SEC = ['ownerAdmin', 'secretariat'] as const;
const ADMINS = ['otherAdmin', 'ownerAdmin', 'secretariat'] as const;
/** The RED plan's group: its chair and its observer see it (the secretariat does not see RED). */
const GROUP = ['ownerAdmin', 'observer'] as const;
/** The published invitation's recipients (the owner's organisation) and its sender. */
const RECIPIENTS = ['ownerAdmin', 'police'] as const;

const id = () => crypto.randomUUID();
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const user = (f: MatrixFixtures, who: Who) => f.users[who as Signed];
const device = (f: MatrixFixtures, who: Who): DeviceClient => f.devices[who as Signed];
/** The caller's own device id (anonymous has none: the owner's, which changes nothing). */
const ownDevice = (f: MatrixFixtures, who: Who) => device(f, who === 'anonymous' ? 'ownerAdmin' : who).deviceId;
const as = async <T = any>(f: MatrixFixtures, method: string, path: string, body: unknown, who: Signed) => {
  const res = await f.api.json<T>(method, path, body, f.users[who].auth);
  if (res.status >= 300)
    throw new Error(`matrix: ${method} ${path} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const version = async (f: MatrixFixtures, path: string, who: Signed = 'secretariat') =>
  (await as<{ version: number }>(f, 'GET', path, undefined, who)).version;
const freshDraft = async (f: MatrixFixtures) =>
  as(f, 'POST', '/api/v1/announcements', announcementBody(`Matrix ${unique()}`, [f.orgs.owner]), 'secretariat');
/** A thing the request names: a fresh one of the owner's for a caller who may change it, the shared one otherwise. */
const fresh = async (ok: boolean, shared: string, make: () => Promise<string>) => (ok ? make() : shared);
/**
 * A member of the network who is no one in the matrix, one per caller: routes that would change
 * the caller's own account for good (a password, a first identity key) run as them.
 */
const twins = new Map<Who, Promise<TestUser>>();
const twin = async (f: MatrixFixtures, who: Who) => {
  if (who === 'anonymous') return null;
  if (!twins.has(who)) twins.set(who, aUser(f.api, { organisationId: f.orgs.company }));
  return twins.get(who)!;
};
/** The second factor each caller is enrolling (mfa/enroll), to confirm with (mfa/confirm). */
const pendingSecrets = new Map<Who, string>();
let mfaUserOnce: Promise<TestUser> | undefined;
/** Someone with a second factor, signing in again and again (a recovery code each time). */
const mfaUser = (f: MatrixFixtures) => (mfaUserOnce ??= aUser(f.api, { organisationId: f.orgs.company, mfa: true }));
/** An MLS request signed by the caller's own device (the owner's original, replayed by the owner). */
const mls = (f: MatrixFixtures, who: Who, kind: 'commit' | 'application' | 'proposal') => {
  const stored = kind === 'commit' ? f.thread.commit : kind === 'proposal' ? f.thread.proposal : f.thread.message;
  const replay = who === 'ownerAdmin' && kind !== 'proposal';
  const clientMessageId = replay ? stored.clientMessageId : `matrix-${unique()}`;
  const signer = device(f, who === 'anonymous' ? 'ownerAdmin' : who);
  const epoch = kind === 'commit' ? stored.epoch : epochOf(stored.body);
  const signature = signedBy(signer, {
    threadId: f.thread.id,
    kind,
    epoch,
    body: fromB64(stored.body),
    clientMessageId,
    added: kind === 'commit' ? stored.added : undefined,
    removed: kind === 'commit' ? stored.removed : undefined,
  });
  const common = { deviceId: signer.deviceId, clientMessageId, signature };
  if (kind === 'commit') return { ...common, epoch, commit: stored.body, added: stored.added, removed: stored.removed };
  return kind === 'proposal' ? { ...common, proposal: stored.body } : { ...common, message: stored.body };
};
/** A contact of the owner's organisation marked departed (what an erasure needs). */
const departedContact = async (f: MatrixFixtures) => {
  const created = await as<{ id: string; version: number }>(
    f,
    'POST',
    '/api/v1/directory/contacts',
    { organisationId: f.orgs.owner, fullName: `Departed ${unique()}`, emails: [`departed-${unique()}@police.test`] },
    'secretariat',
  );
  await as(
    f,
    'PATCH',
    `/api/v1/directory/contacts/${created.id}`,
    { version: created.version, status: 'departed' },
    'secretariat',
  );
  return created.id;
};
/** The caller proves the password (and a recovery code) again, for a route that asks it. */
const reauthenticated = async (f: MatrixFixtures, who: Signed) => {
  const code = f.users[who].recoveryCodes?.pop();
  await as(f, 'POST', '/api/v1/auth/reauthenticate', { password: PASSWORD, ...(code ? { code } : {}) }, who);
};
const identityOf = (client: DeviceClient) =>
  identityFromSecret(
    (client as unknown as { userId: string }).userId,
    fromB64((client as unknown as { state: { identitySecret: string } }).state.identitySecret),
  );

const MATRIX: Record<string, Rule> = {
  'GET /health/live': { ok: CALLERS, public: true, req: () => ({ path: '/health/live' }) },
  'GET /health/ready': { ok: CALLERS, public: true, req: () => ({ path: '/health/ready' }) },
  'GET /api/v1/system/info': { ok: CALLERS, public: true, req: () => ({ path: '/api/v1/system/info' }) },
  'GET /api/v1/audit': { ok: SEC, req: () => ({ path: '/api/v1/audit?limit=5' }) },
  'GET /api/v1/audit/verify': { ok: SEC, req: () => ({ path: '/api/v1/audit/verify' }) },

  // Privacy rights: one's own export, retention periods, the secretariat's erasures.
  'GET /api/v1/me/personal-data': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/me/personal-data' }) },
  'GET /api/v1/privacy/retention': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/privacy/retention' }) },
  'PUT /api/v1/privacy/retention': {
    ok: SEC,
    req: () => ({ path: '/api/v1/privacy/retention', body: { messagesDays: null } }),
  },
  'GET /api/v1/privacy/erasures': { ok: SEC, req: () => ({ path: '/api/v1/privacy/erasures' }) },
  'POST /api/v1/privacy/erasures/preview': {
    ok: SEC,
    req: async (f, _who, ok) => ({
      path: '/api/v1/privacy/erasures/preview',
      body: { contactId: await fresh(ok, f.contact, () => departedContact(f)) },
    }),
  },
  'POST /api/v1/privacy/erasures': {
    ok: SEC,
    req: async (f, _who, ok) => {
      if (ok) await reauthenticated(f, 'secretariat');
      return {
        path: '/api/v1/privacy/erasures',
        body: { contactId: await fresh(ok, f.contact, () => departedContact(f)), reason: 'Matrix: departed' },
      };
    },
  },

  // Identity: signing in and one's own account.
  'POST /api/v1/auth/login': {
    ok: CALLERS,
    public: true,
    req: (f) => ({
      path: '/api/v1/auth/login',
      body: { email: f.users.police.email, password: f.users.police.password },
    }),
  },
  'POST /api/v1/auth/mfa/verify': {
    ok: CALLERS,
    public: true,
    req: async (f) => {
      const admin = await mfaUser(f);
      const first = await f.api.json('POST', '/api/v1/auth/login', { email: admin.email, password: admin.password });
      return { path: '/api/v1/auth/mfa/verify', body: { mfaToken: first.body.mfaToken, code: oneTimeCode(admin) } };
    },
  },
  'POST /api/v1/auth/refresh': {
    ok: CALLERS,
    public: true,
    req: async (f) => {
      // Someone without a second factor (the matrix's callers have one by now), signed in anew.
      const someone = (await twin(f, 'industry'))!;
      const session = await f.api.json('POST', '/api/v1/auth/login', {
        email: someone.email,
        password: someone.password,
      });
      return { path: '/api/v1/auth/refresh', body: { refreshToken: session.body.refreshToken } };
    },
  },
  'POST /api/v1/auth/logout': {
    ok: SIGNED_IN,
    req: async (f, who) => ({
      path: '/api/v1/auth/logout',
      auth: who === 'anonymous' ? undefined : await anotherSession(f.api, user(f, who)),
    }),
  },
  'GET /api/v1/auth/reauthenticate': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/auth/reauthenticate' }) },
  'POST /api/v1/auth/reauthenticate': {
    ok: SIGNED_IN,
    req: async (f, who) => {
      const u = who === 'anonymous' ? f.users.police : user(f, who);
      return {
        path: '/api/v1/auth/reauthenticate',
        body: { password: u.password, ...(u.totpSecret ? { code: oneTimeCode(u) } : {}) },
      };
    },
  },
  'GET /api/v1/auth/sessions': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/auth/sessions' }) },
  'DELETE /api/v1/auth/sessions/:id': {
    ok: OWNER_SEC,
    req: async (f, _who, ok) => ({
      path: `/api/v1/auth/sessions/${await fresh(ok, f.session, async () => {
        const other = await anotherSession(f.api, f.users.ownerAdmin);
        const mine = await f.api.json('GET', '/api/v1/auth/sessions', undefined, other);
        return (mine.body.items as { id: string; current: boolean }[]).find((s) => s.current)!.id;
      })}`,
    }),
  },
  // Everyone's sessions are freshly authenticated here, so a second factor may be (re)enrolled:
  // the enrolment's secret confirms it right after (the callers keep their new recovery codes).
  'POST /api/v1/auth/mfa/enroll': {
    ok: SIGNED_IN,
    after: (_f, who, body) => pendingSecrets.set(who, JSON.parse(body).secret),
    req: () => ({ path: '/api/v1/auth/mfa/enroll' }),
  },
  'POST /api/v1/auth/mfa/confirm': {
    ok: SIGNED_IN,
    after: (f, who, body) => {
      if (who === 'anonymous') return;
      f.users[who].recoveryCodes = JSON.parse(body).recoveryCodes;
      f.users[who].totpSecret = pendingSecrets.get(who);
    },
    req: async (_f, who) => ({
      path: '/api/v1/auth/mfa/confirm',
      body: { code: await totpNow(pendingSecrets.get(who) ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP') },
    }),
  },
  'POST /api/v1/auth/password-check': {
    ok: CALLERS,
    public: true,
    req: () => ({ path: '/api/v1/auth/password-check', body: { password: 'correct horse battery staple 2026' } }),
  },
  'POST /api/v1/invitations': {
    ok: OWNER_SEC,
    req: (f) => ({
      path: '/api/v1/invitations',
      body: { email: `invited-${unique()}@example.test`, role: 'member', organisationId: f.orgs.owner },
    }),
  },
  'POST /api/v1/invitations/inspect': {
    ok: CALLERS,
    public: true,
    req: (f) => ({ path: '/api/v1/invitations/inspect', body: { token: f.invitationToken } }),
  },
  'POST /api/v1/invitations/accept': {
    ok: CALLERS,
    public: true,
    req: async (f) => ({
      path: '/api/v1/invitations/accept',
      body: {
        token: await anInvitationToken(f.api, f.orgs.owner),
        password: 'a long enough matrix passphrase 2026',
        displayName: 'Matrix invitee',
      },
    }),
  },
  'GET /api/v1/me': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/me' }) },
  'PATCH /api/v1/me': {
    ok: SIGNED_IN,
    req: (_f, who) => ({ path: '/api/v1/me', body: { displayName: `Matrix ${who}` } }),
  },
  'POST /api/v1/me/password': {
    ok: SIGNED_IN,
    // Changing it ends every session of the person: a twin changes theirs.
    req: async (f, who) => {
      const t = await twin(f, who);
      return {
        path: '/api/v1/me/password',
        body: { currentPassword: t?.password ?? 'x', newPassword: `another long matrix passphrase ${unique()}` },
        auth: t?.auth,
      };
    },
  },
  'GET /api/v1/users/:id/sessions': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/users/${f.users.ownerAdmin.id}/sessions` }),
  },
  'GET /api/v1/users': { ok: SEC, req: () => ({ path: '/api/v1/users?q=Test&limit=5' }) },
  'PATCH /api/v1/users/:id': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/users/${f.users.police.id}`, body: { status: 'active' } }),
  },
  'GET /api/v1/people': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/people?q=Test' }) },

  // Directory.
  'GET /api/v1/directory/countries': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/countries?eu=true' }) },
  'GET /api/v1/directory/mandates': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/mandates' }) },
  'POST /api/v1/directory/mandates': {
    ok: SEC,
    req: () => ({
      path: '/api/v1/directory/mandates',
      body: { code: `matrix_${unique()}`, name: 'Matrix mandate', description: 'x' },
    }),
  },
  'PATCH /api/v1/directory/mandates/:code': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/directory/mandates/${f.mandate}`, body: { description: 'Matrix, described' } }),
  },
  'GET /api/v1/directory/organisations': {
    ok: SIGNED_IN,
    req: () => ({ path: '/api/v1/directory/organisations?q=Matrix' }),
  },
  'POST /api/v1/directory/organisations': {
    ok: SEC,
    req: () => ({
      path: '/api/v1/directory/organisations',
      body: { name: `Matrix Agency ${unique()}`, kind: 'ministry', countryCode: 'PL' },
    }),
  },
  'GET /api/v1/directory/organisations/:id': {
    ok: SIGNED_IN,
    req: (f) => ({ path: `/api/v1/directory/organisations/${f.orgs.owner}` }),
  },
  'PATCH /api/v1/directory/organisations/:id': {
    // Organisations are the secretariat's to keep, their own admins included (a @Roles guard).
    ok: SEC,
    req: (f) => ({
      path: `/api/v1/directory/organisations/${f.orgs.owner}`,
      body: { website: 'https://police.example.test' },
    }),
  },
  'GET /api/v1/directory/contacts': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/contacts?q=Matrix' }) },
  'POST /api/v1/directory/contacts': {
    ok: OWNER_SEC,
    req: (f) => ({
      path: '/api/v1/directory/contacts',
      body: { organisationId: f.orgs.owner, fullName: 'Matrix Newcomer', emails: [`new-${unique()}@example.test`] },
    }),
  },
  'GET /api/v1/directory/contacts.vcf': {
    ok: SIGNED_IN,
    req: () => ({ path: '/api/v1/directory/contacts.vcf?q=Matrix' }),
  },
  'GET /api/v1/directory/export.csv': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/export.csv?q=Matrix' }) },
  'GET /api/v1/directory/contacts/:id': {
    ok: SIGNED_IN,
    req: (f) => ({ path: `/api/v1/directory/contacts/${f.contact}` }),
  },
  'PATCH /api/v1/directory/contacts/:id': {
    ok: OWNER_SEC,
    req: async (f, who) => ({
      path: `/api/v1/directory/contacts/${f.contact}`,
      body: { version: await version(f, `/api/v1/directory/contacts/${f.contact}`), position: `Desk of ${who}` },
    }),
  },
  'GET /api/v1/directory/contacts/:id/vcard': {
    ok: SIGNED_IN,
    req: (f) => ({ path: `/api/v1/directory/contacts/${f.contact}/vcard` }),
  },
  'POST /api/v1/directory/contacts/:id/confirm': {
    ok: OWNER_SEC,
    req: (f) => ({ path: `/api/v1/directory/contacts/${f.contact}/confirm` }),
  },
  'GET /api/v1/directory/contacts/:id/history': {
    ok: OWNER_SEC,
    req: (f) => ({ path: `/api/v1/directory/contacts/${f.contact}/history` }),
  },
  'POST /api/v1/directory/contacts/:id/handover': {
    ok: OWNER_SEC,
    req: async (f, _who, ok) => {
      const leaving = await fresh(
        ok,
        f.contact,
        async () =>
          (
            await as(
              f,
              'POST',
              '/api/v1/directory/contacts',
              {
                organisationId: f.orgs.owner,
                fullName: 'Matrix Leaving',
                emails: [`leaving-${unique()}@example.test`],
              },
              'ownerAdmin',
            )
          ).id,
      );
      return {
        path: `/api/v1/directory/contacts/${leaving}/handover`,
        body: { successorContactId: f.colleague, note: 'Matrix hand-over' },
      };
    },
  },
  'POST /api/v1/directory/import': {
    ok: OWNER_SEC,
    // An admin of another organisation is refused row by row, in a 200 report.
    refusedInBody: (body) => body.includes('you may import contacts of your own organisation only'),
    req: (f) => {
      const form = new FormData();
      const csv = `organisation_id,full_name,emails\r\n${f.orgs.owner},Matrix Imported,imported-${unique()}@example.test\r\n`;
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'contacts.csv');
      return { path: '/api/v1/directory/import?dryRun=true', raw: { contentType: '', body: form } };
    },
  },
  'GET /api/v1/directory/points-of-contact': {
    ok: SIGNED_IN,
    req: (f) => ({ path: `/api/v1/directory/points-of-contact?contactId=${f.contact}` }),
  },
  'PUT /api/v1/directory/points-of-contact': {
    // The secretariat designates; the contact's organisation's admins propose.
    ok: OWNER_SEC,
    req: (f) => ({
      path: '/api/v1/directory/points-of-contact',
      body: designationBody(f.contact, f.orgs.owner, f.mandate),
    }),
  },
  'POST /api/v1/directory/points-of-contact/:id/approve': {
    ok: SEC,
    req: async (f, _who, ok) => ({
      path: `/api/v1/directory/points-of-contact/${await fresh(ok, f.proposal, async () => (await as(f, 'PUT', '/api/v1/directory/points-of-contact', designationBody(f.contact, f.orgs.owner, f.mandate), 'ownerAdmin')).id)}/approve`,
    }),
  },
  'POST /api/v1/directory/points-of-contact/:id/reject': {
    ok: SEC,
    req: async (f, _who, ok) => ({
      path: `/api/v1/directory/points-of-contact/${await fresh(ok, f.proposal, async () => (await as(f, 'PUT', '/api/v1/directory/points-of-contact', designationBody(f.contact, f.orgs.owner, f.mandate), 'ownerAdmin')).id)}/reject`,
      body: { reason: 'Matrix says no' },
    }),
  },
  'DELETE /api/v1/directory/points-of-contact/:id': {
    ok: OWNER_SEC,
    req: async (f, _who, ok) => ({
      path: `/api/v1/directory/points-of-contact/${await fresh(ok, f.activeDesignation, async () => (await as(f, 'PUT', '/api/v1/directory/points-of-contact', designationBody(f.contact, f.orgs.owner, f.mandate), 'secretariat')).id)}`,
    }),
  },
  'GET /api/v1/directory/coverage': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/coverage?eu=true' }) },
  'GET /api/v1/directory/coverage.csv': {
    ok: SIGNED_IN,
    req: () => ({ path: '/api/v1/directory/coverage.csv?eu=true' }),
  },
  // A confirmation link's token is its only credential: an unknown one is refused to everyone alike.
  'POST /api/v1/directory/confirmations/inspect': {
    ok: [],
    public: true,
    req: () => ({ path: '/api/v1/directory/confirmations/inspect', body: { token: 'x'.repeat(43) } }),
  },
  'POST /api/v1/directory/confirmations/confirm': {
    ok: [],
    public: true,
    req: () => ({ path: '/api/v1/directory/confirmations/confirm', body: { token: 'x'.repeat(43) } }),
  },
  'POST /api/v1/directory/confirmations/update': {
    ok: [],
    public: true,
    req: () => ({
      path: '/api/v1/directory/confirmations/update',
      body: { token: 'x'.repeat(43), fields: { position: 'Matrix desk' } },
    }),
  },
  'POST /api/v1/directory/confirmations/handover': {
    ok: [],
    public: true,
    req: (f) => ({
      path: '/api/v1/directory/confirmations/handover',
      body: { token: 'x'.repeat(43), successorContactId: f.colleague },
    }),
  },
  'POST /api/v1/directory/freshness/scan': { ok: SEC, req: () => ({ path: '/api/v1/directory/freshness/scan' }) },
  'GET /api/v1/directory/me': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/directory/me' }) },

  // Keys and the key transparency log: one's own, and the public log.
  'GET /api/v1/keys/me/backup': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/keys/me/backup' }) },
  'PUT /api/v1/keys/me/backup': {
    ok: SIGNED_IN,
    req: async (f, who) => {
      const mine =
        who === 'anonymous' ? { blob: {}, version: 1 } : await as(f, 'GET', '/api/v1/keys/me/backup', undefined, who);
      return { path: '/api/v1/keys/me/backup', body: { blob: mine.blob, expectedVersion: mine.version } };
    },
  },
  'GET /api/v1/transparency/key': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/transparency/key' }) },
  'GET /api/v1/transparency/head': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/transparency/head' }) },
  'GET /api/v1/transparency/consistency': {
    ok: SIGNED_IN,
    req: () => ({ path: '/api/v1/transparency/consistency?from=1&to=2' }),
  },
  'GET /api/v1/transparency/users/:userId': {
    ok: SIGNED_IN,
    req: (f) => ({ path: `/api/v1/transparency/users/${f.users.ownerAdmin.id}` }),
  },
  'POST /api/v1/transparency/identity': {
    // A first identity key, published by the caller's twin (a new one of the caller's is a reset,
    // tested in messaging-transparency.e2e).
    ok: SIGNED_IN,
    req: async (f, who) => ({
      path: '/api/v1/transparency/identity',
      body: { identityKey: toB64(signingPublicKey(crypto.getRandomValues(new Uint8Array(32)))) },
      auth: (await twin(f, who))?.auth,
    }),
  },
  'POST /api/v1/transparency/devices': {
    ok: SIGNED_IN,
    req: (f, who) => {
      const record = certifyDevice(
        identityOf(device(f, who === 'anonymous' ? 'ownerAdmin' : who)),
        `matrix-${unique()}`,
        signingPublicKey(crypto.getRandomValues(new Uint8Array(32))),
      );
      return {
        path: '/api/v1/transparency/devices',
        body: {
          deviceId: record.deviceId,
          signatureKey: toB64(record.signatureKey),
          identityKey: toB64(record.identityKey),
          certificate: toB64(record.certificate),
        },
      };
    },
  },
  'POST /api/v1/transparency/devices/:deviceId/revoke': {
    // The owner's device, revoked with the caller's own identity key: a device of someone else's is none of theirs.
    ok: [],
    other: {
      ownerAdmin: {
        status: 0,
        why: 'not sent: revoking the owner’s device would end the fixture (messaging-transparency.e2e revokes)',
      },
    },
    req: (f, who) => {
      const revocation = revokeDevice(
        identityOf(device(f, who === 'anonymous' ? 'ownerAdmin' : who)),
        f.devices.ownerAdmin.deviceId,
      );
      return {
        path: `/api/v1/transparency/devices/${f.devices.ownerAdmin.deviceId}/revoke`,
        body: { identityKey: toB64(revocation.identityKey), signature: toB64(revocation.signature) },
      };
    },
  },
  'PUT /api/v1/devices/:deviceId/key-packages': {
    ok: OWNER,
    req: async (f) => {
      const d = f.devices.ownerAdmin as unknown as { device: Parameters<typeof createKeyPackage>[0] };
      const kp = await createKeyPackage(d.device);
      return {
        path: `/api/v1/devices/${f.devices.ownerAdmin.deviceId}/key-packages`,
        body: { keyPackages: [toB64(keyPackageBytes(kp.publicPackage))] },
      };
    },
  },
  'GET /api/v1/devices/:deviceId/key-packages': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/devices/${f.devices.ownerAdmin.deviceId}/key-packages` }),
  },
  'POST /api/v1/key-packages/claim': {
    // Anyone may start a thread with anyone: claiming someone's KeyPackages is what that takes.
    ok: SIGNED_IN,
    req: (f) => ({ path: '/api/v1/key-packages/claim', body: { userIds: [f.users.police.id] } }),
  },

  // Messaging: the thread the owner started, `removed` left.
  'GET /api/v1/threads/welcomes': {
    ok: SIGNED_IN,
    req: (f, who) => ({ path: `/api/v1/threads/welcomes?deviceId=${ownDevice(f, who)}` }),
  },
  'POST /api/v1/threads': {
    ok: SIGNED_IN,
    req: (f, who) => ({ path: '/api/v1/threads', body: { threadId: id(), deviceId: ownDevice(f, who) } }),
  },
  'GET /api/v1/threads': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/threads' }) },
  'GET /api/v1/threads/:id': { ok: OWNER, req: (f) => ({ path: `/api/v1/threads/${f.thread.id}` }) },
  'POST /api/v1/threads/:id/commits': {
    ok: OWNER,
    req: (f, who) => ({ path: `/api/v1/threads/${f.thread.id}/commits`, body: mls(f, who, 'commit') }),
  },
  'POST /api/v1/threads/:id/messages': {
    ok: OWNER,
    req: (f, who) => ({ path: `/api/v1/threads/${f.thread.id}/messages`, body: mls(f, who, 'application') }),
  },
  'GET /api/v1/threads/:id/messages': {
    // A removed member still reads up to their removal (their device needs the commit that removed it).
    ok: ['ownerAdmin', 'removed'],
    req: (f, who) => ({ path: `/api/v1/threads/${f.thread.id}/messages?deviceId=${ownDevice(f, who)}` }),
  },
  'POST /api/v1/threads/:id/leave': {
    ok: [],
    other: {
      ownerAdmin: {
        status: 409,
        why: 'the only proposal at hand is of an old epoch: the epoch check comes after the membership check',
      },
    },
    req: (f, who) => ({ path: `/api/v1/threads/${f.thread.id}/leave`, body: mls(f, who, 'proposal') }),
  },
  'PUT /api/v1/threads/:id/members/:userId/role': {
    ok: OWNER,
    req: (f) => ({
      path: `/api/v1/threads/${f.thread.id}/members/${f.users.ownerAdmin.id}/role`,
      body: { role: 'admin' },
    }),
  },
  'POST /api/v1/threads/:id/read': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/threads/${f.thread.id}/read`, body: { seq: f.thread.lastSeq } }),
  },
  'PUT /api/v1/archive/chunks': {
    // One's own archive, sealed under one's own key: the thread id is the sealer's label, nothing more.
    ok: SIGNED_IN,
    req: (f) => ({
      path: '/api/v1/archive/chunks',
      body: { chunks: [{ threadId: f.thread.id, fromSeq: 1, toSeq: 2, nonce: 'A'.repeat(32), ciphertext: 'AAAA' }] },
    }),
  },
  'GET /api/v1/archive/chunks': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/archive/chunks' }) },
  'PUT /api/v1/threads/:id/attachments/:attachmentId': {
    ok: OWNER,
    req: (f) => ({
      path: `/api/v1/threads/${f.thread.id}/attachments/${id()}`,
      raw: { contentType: 'application/octet-stream', body: new Uint8Array(32).fill(9) },
    }),
  },
  'GET /api/v1/threads/:id/attachments/:attachmentId': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/threads/${f.thread.id}/attachments/${f.thread.attachment}` }),
  },

  // Planning: the owner's group (with an observer), its RED plan and an item.
  'GET /api/v1/groups': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/groups' }) },
  'POST /api/v1/groups': {
    ok: ADMINS,
    req: () => ({ path: '/api/v1/groups', body: { name: `Matrix group ${unique()}`, purpose: 'x' } }),
  },
  'GET /api/v1/groups/:id': {
    ok: ['ownerAdmin', 'observer', 'secretariat'],
    req: (f) => ({ path: `/api/v1/groups/${f.group}` }),
  },
  'PATCH /api/v1/groups/:id': {
    ok: OWNER,
    req: async (f) => ({
      path: `/api/v1/groups/${f.group}`,
      body: { version: await version(f, `/api/v1/groups/${f.group}`, 'ownerAdmin'), purpose: 'Matrix purpose' },
    }),
  },
  'PUT /api/v1/groups/:id/thread': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/groups/${f.group}/thread`, body: { threadId: f.groupThread } }),
  },
  'POST /api/v1/groups/:id/members': {
    ok: OWNER,
    // Who is already an observer stays one: the chair's call changes nothing, a stranger's must not either.
    req: (f) => ({
      path: `/api/v1/groups/${f.group}/members`,
      body: { userId: f.users.observer.id, role: 'observer' },
    }),
  },
  'DELETE /api/v1/groups/:id/members/:userId': {
    ok: OWNER,
    req: async (f, who, ok) => {
      let target = who === 'observer' ? f.users.ownerAdmin.id : f.users.observer.id;
      if (ok) {
        target = (await aUser(f.api, { organisationId: f.orgs.other })).id;
        await as(f, 'POST', `/api/v1/groups/${f.group}/members`, { userId: target, role: 'observer' }, 'ownerAdmin');
      }
      return { path: `/api/v1/groups/${f.group}/members/${target}` };
    },
  },
  'GET /api/v1/plans': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/plans' }) },
  'POST /api/v1/plans': {
    ok: OWNER,
    req: (f) => ({ path: '/api/v1/plans', body: { groupId: f.group, title: `Matrix plan ${unique()}`, tlp: 'RED' } }),
  },
  'GET /api/v1/plans/:id': { ok: GROUP, req: (f) => ({ path: `/api/v1/plans/${f.plan}` }) },
  'PATCH /api/v1/plans/:id': {
    ok: OWNER,
    req: async (f) => ({
      path: `/api/v1/plans/${f.plan}`,
      body: { version: await version(f, `/api/v1/plans/${f.plan}`, 'ownerAdmin'), objective: 'Matrix objective' },
    }),
  },
  'GET /api/v1/plans/:id/summary': { ok: GROUP, req: (f) => ({ path: `/api/v1/plans/${f.plan}/summary` }) },
  'GET /api/v1/plans/:id/items': { ok: GROUP, req: (f) => ({ path: `/api/v1/plans/${f.plan}/items` }) },
  'POST /api/v1/plans/:id/items': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/plans/${f.plan}/items`, body: { title: 'Matrix item too' } }),
  },
  'GET /api/v1/items': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/items?assignee=me' }) },
  'GET /api/v1/items/:id': { ok: GROUP, req: (f) => ({ path: `/api/v1/items/${f.item}` }) },
  'PATCH /api/v1/items/:id': {
    ok: OWNER,
    req: async (f) => ({
      path: `/api/v1/items/${f.item}`,
      body: { version: await version(f, `/api/v1/items/${f.item}`, 'ownerAdmin'), description: 'Matrix description' },
    }),
  },
  'POST /api/v1/items/:id/transition': {
    ok: OWNER,
    req: async (f) => ({
      path: `/api/v1/items/${f.item}/transition`,
      body: { version: await version(f, `/api/v1/items/${f.item}`, 'ownerAdmin'), to: 'in_progress' },
    }),
  },
  'GET /api/v1/items/:id/comments': { ok: GROUP, req: (f) => ({ path: `/api/v1/items/${f.item}/comments` }) },
  'POST /api/v1/items/:id/comments': {
    // Observers read and comment.
    ok: GROUP,
    req: (f, who) => ({ path: `/api/v1/items/${f.item}/comments`, body: { body: `A word from ${who}` } }),
  },
  'GET /api/v1/items/:id/activity': { ok: GROUP, req: (f) => ({ path: `/api/v1/items/${f.item}/activity` }) },
  'GET /api/v1/plans/:id/export.csv': { ok: GROUP, req: (f) => ({ path: `/api/v1/plans/${f.plan}/export.csv` }) },
  'GET /api/v1/plans/:id/calendar.ics': { ok: GROUP, req: (f) => ({ path: `/api/v1/plans/${f.plan}/calendar.ics` }) },
  'GET /api/v1/calendar-feeds': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/calendar-feeds' }) },
  'POST /api/v1/calendar-feeds': {
    ok: GROUP,
    req: (f) => ({ path: '/api/v1/calendar-feeds', body: { planId: f.plan } }),
  },
  'DELETE /api/v1/calendar-feeds/:id': {
    ok: OWNER,
    req: async (f, _who, ok) => ({
      path: `/api/v1/calendar-feeds/${await fresh(ok, f.feed.id, async () => (await as(f, 'POST', '/api/v1/calendar-feeds', { planId: f.plan }, 'ownerAdmin')).id)}`,
    }),
  },
  // A calendar address is a capability: whoever holds it reads the feed (its owner's view).
  'GET /api/v1/calendar-feeds/:id': {
    ok: CALLERS,
    public: true,
    req: (f) => ({ path: `/api/v1/calendar-feeds/${f.feed.file}` }),
  },
  'GET /api/v1/notifications': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/notifications' }) },
  'POST /api/v1/notifications/read': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/notifications/read' }) },
  'POST /api/v1/notifications/:id/read': {
    ok: OWNER,
    req: (f) => ({ path: `/api/v1/notifications/${f.notification}/read` }),
  },
  'GET /api/v1/notification-preferences': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/notification-preferences' }) },
  'PUT /api/v1/notification-preferences': {
    ok: SIGNED_IN,
    req: () => ({
      path: '/api/v1/notification-preferences',
      body: { reminderDays: [1, 7], digest: 'off', quietFrom: 22, quietTo: 7, timeZone: 'UTC', email: false },
    }),
  },
  'PUT /api/v1/plans/:id/mute': {
    ok: GROUP,
    req: (f) => ({ path: `/api/v1/plans/${f.plan}/mute`, body: { muted: false } }),
  },
  'POST /api/v1/planning/reminders/scan': { ok: SEC, req: () => ({ path: '/api/v1/planning/reminders/scan' }) },

  // Outreach: a draft, and a published invitation to the owner's organisation.
  'GET /api/v1/announcements': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/announcements?limit=5' }) },
  'POST /api/v1/announcements': {
    ok: SEC,
    // A refused draft must not exist either (the answer alone could hide a write: a draft is the
    // secretariat's to see, so a stranger's own draft would answer 404).
    leavesNoTrace: async (f, who) => {
      const drafts = await as(f, 'GET', '/api/v1/announcements?status=draft&limit=100', undefined, 'secretariat');
      return !JSON.stringify(drafts).includes(`Matrix news from ${who}`);
    },
    req: (f, who) => ({
      path: '/api/v1/announcements',
      body: announcementBody(`Matrix news from ${who}`, [f.orgs.owner]),
    }),
  },
  'POST /api/v1/announcements/audience-preview': {
    ok: SEC,
    req: (f) => ({
      path: '/api/v1/announcements/audience-preview',
      body: { audience: announcementBody('x', [f.orgs.owner]).audience },
    }),
  },
  'POST /api/v1/outreach/scan': { ok: SEC, req: () => ({ path: '/api/v1/outreach/scan' }) },
  'GET /api/v1/announcements/:id': {
    ok: ['ownerAdmin', 'police', 'secretariat'],
    req: (f) => ({ path: `/api/v1/announcements/${f.published}` }),
  },
  'PATCH /api/v1/announcements/:id': {
    ok: SEC,
    req: async (f) => ({
      path: `/api/v1/announcements/${f.draft}`,
      body: { version: await version(f, `/api/v1/announcements/${f.draft}`), title: 'Matrix draft, edited' },
    }),
  },
  'DELETE /api/v1/announcements/:id': {
    ok: SEC,
    req: async (f, _who, ok) => {
      const draft = ok
        ? await freshDraft(f)
        : { id: f.draft, version: await version(f, `/api/v1/announcements/${f.draft}`) };
      return { path: `/api/v1/announcements/${draft.id}?version=${draft.version}` };
    },
  },
  'POST /api/v1/announcements/:id/preview-audience': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/announcements/${f.draft}/preview-audience` }),
  },
  'POST /api/v1/announcements/:id/publish': {
    ok: SEC,
    req: async (f, _who, ok) => {
      const draft = ok
        ? await freshDraft(f)
        : { id: f.draft, version: await version(f, `/api/v1/announcements/${f.draft}`) };
      return { path: `/api/v1/announcements/${draft.id}/publish`, body: { version: draft.version } };
    },
  },
  'POST /api/v1/announcements/:id/withdraw': {
    ok: SEC,
    req: async (f, _who, ok) => {
      let target = f.published;
      if (ok) {
        const draft = await freshDraft(f);
        target = (
          await as(f, 'POST', `/api/v1/announcements/${draft.id}/publish`, { version: draft.version }, 'secretariat')
        ).id;
      }
      return {
        path: `/api/v1/announcements/${target}/withdraw`,
        body: { version: await version(f, `/api/v1/announcements/${target}`), reason: 'Matrix withdraws' },
      };
    },
  },
  'POST /api/v1/announcements/:id/read': {
    ok: RECIPIENTS,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/read` }),
  },
  'POST /api/v1/announcements/:id/acknowledge': {
    ok: RECIPIENTS,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/acknowledge` }),
  },
  'POST /api/v1/announcements/:id/remind': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/remind` }),
  },
  'GET /api/v1/announcements/:id/stats': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/stats` }),
  },
  'GET /api/v1/announcements/:id/recipients': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/recipients?limit=5` }),
  },
  'GET /api/v1/announcements/:id/recipients.csv': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/announcements/${f.published}/recipients.csv` }),
  },
  'POST /api/v1/events/:id/rsvp': {
    ok: RECIPIENTS,
    req: (f) => ({
      path: `/api/v1/events/${f.event}/rsvp`,
      body: {
        response: 'accepted',
        delegation: [{ name: 'Matrix Delegate', role: 'head_of_delegation', level: 'expert' }],
        nominatingAuthority: 'Matrix Ministry of the Interior',
      },
    }),
  },
  'GET /api/v1/events/:id/invite.ics': {
    ok: ['ownerAdmin', 'police', 'secretariat'],
    req: (f) => ({ path: `/api/v1/events/${f.event}/invite.ics` }),
  },
  'GET /api/v1/events/:id/attendees': { ok: SEC, req: (f) => ({ path: `/api/v1/events/${f.event}/attendees` }) },
  'GET /api/v1/events/:id/attendees.csv': {
    ok: SEC,
    req: (f) => ({ path: `/api/v1/events/${f.event}/attendees.csv` }),
  },
  'GET /api/v1/inbox': { ok: SIGNED_IN, req: () => ({ path: '/api/v1/inbox' }) },
};

/** Socket events: one realistic payload each, from the caller's own socket and device. */
const EVENTS: Record<
  string,
  { ok: readonly Who[] | 'all'; payload: (f: MatrixFixtures, who: Signed, socketId: string) => unknown }
> = {
  'mls.subscribe': {
    ok: OWNER,
    payload: (f, who) => ({ threadId: f.thread.id, deviceId: ownDevice(f, who), afterSeq: 0 }),
  },
  // Leaving a room one is not in changes nothing.
  'mls.unsubscribe': { ok: SIGNED_IN, payload: (f) => ({ threadId: f.thread.id }) },
  'mls.send': { ok: OWNER, payload: (f, who) => ({ threadId: f.thread.id, ...mls(f, who, 'application') }) },
  'mls.read': { ok: OWNER, payload: (f) => ({ threadId: f.thread.id, seq: f.thread.lastSeq }) },
  // Proving one's own device on one's own connection.
  'mls.prove': {
    ok: SIGNED_IN,
    payload: (f, who, socketId) => ({
      deviceId: ownDevice(f, who),
      signature: device(f, who).proveConnection(socketId),
    }),
  },
  'plan.subscribe': { ok: GROUP, payload: (f) => ({ planId: f.plan }) },
  'plan.unsubscribe': { ok: SIGNED_IN, payload: (f) => ({ planId: f.plan }) },
  'announcement.watch': { ok: SEC, payload: (f) => ({ announcementId: f.published }) },
  'announcement.unwatch': { ok: SIGNED_IN, payload: (f) => ({ announcementId: f.published }) },
};

const METHODS: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

/** Every route Nest serves, from its own module container: `METHOD /path/:param`. */
function discoverRoutes(api: TestApi): string[] {
  const routes: string[] = [];
  for (const module of api.app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || path === undefined) continue;
        const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const prefixed = full.startsWith('/health') ? full : `/api/v1${full === '/' ? '' : full}`;
        routes.push(`${METHODS[method]} ${prefixed}`);
      }
    }
  return [...new Set(routes)].sort();
}

const allowed = (ok: Rule['ok'], who: Who) => (ok === 'all' ? who !== 'anonymous' : ok.includes(who));

describe('authorisation matrix: every route and socket event, every kind of caller', () => {
  let api: TestApi;
  let f: MatrixFixtures;

  beforeAll(async () => {
    api = await startTestApi();
    f = await matrixFixtures(api);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('has an expectation for every route Nest serves and every socket event, and none for what is gone', () => {
    const routes = discoverRoutes(api);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
    const gateway = api.app.get(RealtimeGateway) as unknown as { handlers: Map<string, unknown> };
    expect([...gateway.handlers.keys()].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('answers each caller with a 2xx where they have the right and a 403/404 where not, never a 400 or a 5xx', async () => {
    const unexpected: string[] = [];
    const wrongOk: string[] = [];
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let checks = 0;
    // Routes that end sessions come last, so that every other route meets live ones.
    const ending = ['POST /api/v1/auth/logout', 'POST /api/v1/me/password'];
    const routes = [...discoverRoutes(api).filter((r) => !ending.includes(r)), ...ending];
    // A second factor is confirmed after it is enrolled.
    const confirm = 'POST /api/v1/auth/mfa/confirm';
    routes.splice(routes.indexOf(confirm), 1);
    routes.splice(routes.indexOf('POST /api/v1/auth/mfa/enroll') + 1, 0, confirm);
    for (const route of routes) {
      const rule = MATRIX[route];
      if (!rule) {
        unexpected.push(`${route}: no expectation in MATRIX`);
        continue;
      }
      const [method] = route.split(' ') as [string, string];
      // The denied first, so that no owner's change can explain a denial.
      const order = [...CALLERS].sort((a, b) => Number(allowed(rule.ok, a)) - Number(allowed(rule.ok, b)));
      for (const who of order) {
        const ok = allowed(rule.ok, who);
        const other = rule.other?.[who];
        if (other?.status === 0) continue;
        const built = await rule.req(f, who, ok);
        const auth = built.auth ?? (who === 'anonymous' ? {} : user(f, who).auth);
        const res = await api.fetch(built.path, {
          method,
          headers: {
            ...(who === 'anonymous' ? {} : auth),
            ...(built.raw?.contentType
              ? { 'content-type': built.raw.contentType }
              : built.body !== undefined
                ? { 'content-type': 'application/json' }
                : {}),
          },
          body: built.raw ? built.raw.body : built.body === undefined ? undefined : JSON.stringify(built.body),
        });
        const text = await res.text();
        checks++;
        const status = res.status;
        const is2xx = status >= 200 && status < 300;
        const line = `${route} as ${who}: ${status} ${text.slice(0, 160)}`;
        if (status >= 500) failures.push(line);
        if (other) {
          if (status !== other.status) unexpected.push(`${line} (expected ${other.status}: ${other.why})`);
        } else if (ok) {
          if (!is2xx) unexpected.push(`${line} (the owner's control: expected 2xx)`);
          else rule.after?.(f, who, text);
        } else if (is2xx && !rule.refusedInBody?.(text)) {
          wrongOk.push(line);
        } else if (!is2xx) {
          const expected = who === 'anonymous' && !rule.public ? [401] : [403, 404];
          if (rule.leavesNoTrace && !(await rule.leavesNoTrace(f, who)))
            wrongOk.push(`${line} (but the write happened)`);
          if (!expected.includes(status)) {
            unexpected.push(`${line} (expected ${expected.join('/')})`);
            kinds.set(String(status), (kinds.get(String(status)) ?? 0) + 1);
          }
        }
      }
    }
    console.log(
      `authorisation matrix: ${Object.keys(MATRIX).length} routes × ${CALLERS.length} callers, ${checks} checks; ` +
        `unexpected 2xx: ${wrongOk.length}; unexpected answers: ${unexpected.length} ` +
        `(denials answered otherwise: ${[...kinds].map(([k, n]) => `${k}×${n}`).join(', ') || 'none'}); 5xx: ${failures.length}`,
    );
    expect(wrongOk).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers each socket event with ok where the caller has the right, and a 403/404 where not', async () => {
    const unexpected: string[] = [];
    for (const who of SIGNED_IN) {
      const socket = await connect(api.url, { token: f.users[who].accessToken });
      try {
        for (const [event, rule] of Object.entries(EVENTS)) {
          const answer = await request(socket, event, rule.payload(f, who, socket.id!));
          const line = `${event} as ${who}: ${JSON.stringify(answer).slice(0, 200)}`;
          if (allowed(rule.ok, who)) {
            if (!answer.ok) unexpected.push(`${line} (the owner's control: expected ok)`);
          } else if (answer.ok || ![403, 404].includes(answer.error?.statusCode)) unexpected.push(line);
        }
      } finally {
        socket.close();
      }
    }
    console.log(
      `authorisation matrix, sockets: ${Object.keys(EVENTS).length} events × ${SIGNED_IN.length} callers, ${unexpected.length} unexpected`,
    );
    expect(unexpected).toEqual([]);
    await expect(connect(api.url, {})).rejects.toThrow('unauthorized');
  });
});
