import pg from 'pg';
import { DeviceClient, fromB64, mlsFraming, signDelivery, toB64, type DeliveryRequest } from '@liaison/e2ee';
import { InvitationsService } from '@liaison/identity';
import { aContact, anOrganisation } from './directory.js';
import { aUser, signIn, type TestUser } from './identity.js';
import { memoryStorage, transportOf } from './messaging.js';
import type { TestApi } from './test-api.js';

/**
 * The callers of the authorisation matrix. `ownerAdmin` is the legitimate owner of every object
 * below (its organisation's admin, the group's chair, the plan's owner, the thread's admin, an
 * announcement's recipient); the others are strangers to them in one way each.
 */
export const CALLERS = [
  'anonymous',
  'industry',
  'police',
  'otherAdmin',
  'secretariat',
  'observer',
  'removed',
  'ownerAdmin',
] as const;
export type Who = (typeof CALLERS)[number];

/** A request of the matrix: the path (query included), a JSON body or raw bytes, another session. */
export interface MatrixRequest {
  path: string;
  body?: unknown;
  raw?: { contentType: string; body: RequestInit['body'] };
  auth?: Record<string, string>;
}

export interface MatrixFixtures {
  api: TestApi;
  users: Record<Exclude<Who, 'anonymous'>, TestUser>;
  devices: Record<Exclude<Who, 'anonymous'>, DeviceClient>;
  orgs: { owner: string; company: string; other: string };
  contact: string;
  colleague: string;
  activeDesignation: string;
  proposal: string;
  mandate: string;
  group: string;
  groupThread: string;
  plan: string;
  item: string;
  thread: {
    id: string;
    attachment: string;
    commit: StoredMessage;
    proposal: StoredMessage;
    /** The owner's latest message (current epoch): sent again, it is stored once (idempotent). */
    message: StoredMessage;
    lastSeq: number;
  };
  draft: string;
  published: string;
  event: string;
  session: string;
  notification: string;
  feed: { id: string; file: string };
  invitationToken: string;
}

export interface StoredMessage {
  epoch: number;
  body: string;
  clientMessageId: string;
  signature: string;
  added: { userId: string; deviceId: string }[];
  removed: { userId: string; deviceId: string }[];
}

const must = <T extends { status: number; body: any }>(what: string, res: T, ok = [200, 201, 204]): T => {
  if (!ok.includes(res.status)) throw new Error(`matrix setup, ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/**
 * A second-factor code that works now: a recovery code (a TOTP code works once per 30 seconds,
 * and the matrix signs the same people in several times within them).
 */
export function oneTimeCode(user: TestUser): string {
  const code = user.recoveryCodes?.shift();
  if (!code) throw new Error(`matrix: ${user.email} has no recovery code left`);
  return code;
}

/** Another session of the same person (signed in again, with the second factor when enrolled). */
export async function anotherSession(api: TestApi, user: TestUser): Promise<Record<string, string>> {
  const first = must('sign in', await signIn(api, user.email, user.password));
  let token = first.body.accessToken as string | undefined;
  if (first.body.mfaRequired) {
    const verified = must(
      'second factor',
      await api.json('POST', '/api/v1/auth/mfa/verify', {
        mfaToken: first.body.mfaToken,
        code: oneTimeCode(user),
      }),
    );
    token = verified.body.accessToken;
  }
  return { authorization: `Bearer ${token}` };
}

/** A request signed for the delivery service by the device's own key (base64url). */
export const signedBy = (client: DeviceClient, request: DeliveryRequest): string =>
  toB64(signDelivery((client as unknown as { device: Parameters<typeof signDelivery>[0] }).device, request));

/** The framing epoch of a stored MLS message. */
export const epochOf = (body: string): number => mlsFraming(fromB64(body)).epoch ?? 0;

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** A fresh invitation link (its token) into the organisation. */
export async function anInvitationToken(api: TestApi, organisationId: string): Promise<string> {
  const { token } = await api.app
    .get(InvitationsService)
    .invite(null, { email: `invitee-${crypto.randomUUID()}@example.test`, role: 'member', organisationId }, null);
  return token;
}

/** Every caller, and a real object of every kind owned by `ownerAdmin` (or the secretariat). */
export async function matrixFixtures(api: TestApi): Promise<MatrixFixtures> {
  const secretariat = await aUser(api, { role: 'secretariat' });
  const owner = await anOrganisation(api, secretariat, {
    name: 'Matrix Police',
    kind: 'law_enforcement',
    countryCode: 'CZ',
  });
  const company = await anOrganisation(api, secretariat, {
    name: 'Matrix Hosting',
    kind: 'industry',
    countryCode: 'DE',
  });
  const other = await anOrganisation(api, secretariat, {
    name: 'Matrix Ministry',
    kind: 'ministry',
    countryCode: 'PL',
  });
  const users = {
    industry: await aUser(api, { organisationId: company }),
    police: await aUser(api, { organisationId: owner }),
    otherAdmin: await aUser(api, { role: 'org_admin', organisationId: other }),
    secretariat,
    observer: await aUser(api, { organisationId: other }),
    removed: await aUser(api, { organisationId: company }),
    ownerAdmin: await aUser(api, { role: 'org_admin', organisationId: owner }),
  };
  const devices = {} as MatrixFixtures['devices'];
  for (const [who, user] of Object.entries(users) as [keyof typeof users, TestUser][])
    devices[who] = (await DeviceClient.setUp(user.id, transportOf(api, user), memoryStorage())).client;
  const o = users.ownerAdmin;
  const json = (what: string, method: string, path: string, body: unknown, by: TestUser) =>
    api.json(method, path, body, by.auth).then((res) => must(what, res));

  // Directory: a contact the whole network sees, owned by the owner's organisation, a colleague
  // (a successor for hand-overs), an active designation and a proposal waiting for a decision.
  const contact = (await aContact(api, o, { organisationId: owner, fullName: 'Matrix Visible', visibility: 'network' }))
    .id;
  const colleague = (await aContact(api, o, { organisationId: owner, fullName: 'Matrix Colleague' })).id;
  const mandate = `matrix_${Date.now().toString(36)}`;
  await json(
    'mandate',
    'POST',
    '/api/v1/directory/mandates',
    { code: mandate, name: 'Matrix mandate', description: 'x' },
    secretariat,
  );
  const designation = (by: TestUser, contactId = contact) =>
    json('designation', 'PUT', '/api/v1/directory/points-of-contact', designationBody(contactId, owner, mandate), by);
  const activeDesignation = (await designation(secretariat)).body.id as string;
  const proposal = (await designation(o)).body.id as string;

  // Planning: a group the owner chairs with an observer, a RED plan, an item assigned to the owner.
  const group = (
    await json(
      'group',
      'POST',
      '/api/v1/groups',
      { name: 'Matrix group', purpose: 'x', members: [{ userId: users.observer.id, role: 'observer' }] },
      o,
    )
  ).body.id as string;
  const plan = (
    await json(
      'plan',
      'POST',
      '/api/v1/plans',
      { groupId: group, title: 'Matrix plan', tlp: 'RED', status: 'active' },
      o,
    )
  ).body.id as string;
  const item = (
    await json(
      'item',
      'POST',
      `/api/v1/plans/${plan}/items`,
      { title: 'Matrix item', assigneeIds: [o.id], dueDate: tomorrow() },
      o,
    )
  ).body.id as string;
  await json('comment', 'POST', `/api/v1/items/${item}/comments`, { body: 'first' }, o);
  const feed = (await json('feed', 'POST', '/api/v1/calendar-feeds', { planId: plan }, o)).body;

  // Messaging: a thread the owner started with `removed`, who then left and was removed.
  const threadId = crypto.randomUUID();
  await devices.ownerAdmin.startThread(threadId, [users.removed.id]);
  await devices.removed.joinWelcomes();
  await devices.ownerAdmin.send(threadId, 'before the removal');
  await devices.removed.leave(threadId);
  await devices.ownerAdmin.sync(threadId);
  if (devices.ownerAdmin.members(threadId).some((m) => m.userId === users.removed.id))
    await devices.ownerAdmin.removePeople(threadId, [users.removed.id]);
  await devices.ownerAdmin.send(threadId, 'after the removal');
  const history = must(
    'messages',
    await api.json(
      'GET',
      `/api/v1/threads/${threadId}/messages?deviceId=${devices.ownerAdmin.deviceId}`,
      undefined,
      o.auth,
    ),
  ).body.items as {
    kind: string;
    epoch: number;
    body: string;
    clientMessageId: string;
    senderUserId: string;
    added?: [];
    removed?: [];
  }[];
  const stored = (kind: string, by: Exclude<Who, 'anonymous'>): StoredMessage => {
    const m = history.filter((x) => x.kind === kind && x.senderUserId === users[by].id).at(-1);
    if (!m) throw new Error(`matrix setup: no ${kind} by ${by} in the thread`);
    const added = m.added ?? [];
    const removed = m.removed ?? [];
    const signature = signedBy(devices[by], {
      threadId,
      kind: kind as DeliveryRequest['kind'],
      epoch: kind === 'commit' ? m.epoch : epochOf(m.body),
      body: fromB64(m.body),
      clientMessageId: m.clientMessageId,
      added,
      removed,
    });
    return { epoch: m.epoch, body: m.body, clientMessageId: m.clientMessageId, signature, added, removed };
  };
  const attachment = crypto.randomUUID();
  must(
    'attachment',
    await api
      .fetch(`/api/v1/threads/${threadId}/attachments/${attachment}`, {
        method: 'PUT',
        headers: { ...o.auth, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(64).fill(7),
      })
      .then(async (r) => ({ status: r.status, body: await r.text() })),
  );
  // The group's own thread (linked to it at creation), for the chair to record on the group.
  const groupThread = crypto.randomUUID();
  await json(
    'group thread',
    'POST',
    '/api/v1/threads',
    { threadId: groupThread, deviceId: devices.ownerAdmin.deviceId, linkedType: 'working_group', linkedId: group },
    o,
  );

  // Outreach: a draft, and a published invitation addressed to the owner's organisation.
  const draft = (
    await json('draft', 'POST', '/api/v1/announcements', announcementBody('Matrix draft', [owner]), secretariat)
  ).body.id as string;
  const toPublish = (
    await json(
      'announcement',
      'POST',
      '/api/v1/announcements',
      announcementBody('Matrix invitation', [owner]),
      secretariat,
    )
  ).body;
  await json(
    'publish',
    'POST',
    `/api/v1/announcements/${toPublish.id}/publish`,
    { version: toPublish.version },
    secretariat,
  );
  for (let tries = 0; ; tries++) {
    const seen = await api.json('GET', `/api/v1/announcements/${toPublish.id}`, undefined, o.auth);
    if (seen.status === 200) break;
    if (tries > 100) throw new Error(`matrix setup: the invitation never reached its recipient (${seen.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }

  // Identity: a second session of the owner's, a notification of theirs, an invitation link.
  const second = await anotherSession(api, o);
  const session = (
    must('sessions', await api.json('GET', '/api/v1/auth/sessions', undefined, second)).body.items as {
      id: string;
      current: boolean;
    }[]
  ).find((s) => s.current)!.id;
  const db = new pg.Client({ connectionString: api.databaseUrl });
  await db.connect();
  let notification: string;
  try {
    notification = (
      await db.query<{ id: string }>(
        `INSERT INTO notification (user_id, kind, dedupe_key, plan_id, item_id, title, body, link, params, email_wanted)
         VALUES ($1, 'due_soon', 'matrix', $2, $3, 'Matrix item is due', '', '/', '{}'::jsonb, false) RETURNING id`,
        [o.id, plan, item],
      )
    ).rows[0]!.id;
  } finally {
    await db.end();
  }

  return {
    api,
    users,
    devices,
    orgs: { owner, company, other },
    contact,
    colleague,
    activeDesignation,
    proposal,
    mandate,
    group,
    groupThread,
    plan,
    item,
    thread: {
      id: threadId,
      attachment,
      commit: stored('commit', 'ownerAdmin'),
      proposal: stored('proposal', 'removed'),
      message: stored('application', 'ownerAdmin'),
      lastSeq: Math.max(...history.map((m) => (m as unknown as { seq: number }).seq)),
    },
    draft,
    published: toPublish.id,
    event: toPublish.event.id,
    session,
    notification,
    feed: { id: feed.id, file: String(feed.url).split('/').pop()! },
    invitationToken: await anInvitationToken(api, owner),
  };
}

/** A deputy point of contact for the contact, representing its organisation. */
export const designationBody = (contactId: string, organisationId: string, mandateCode: string) => ({
  contactId,
  mandateCode,
  scope: 'organisational',
  organisationId,
  role: 'deputy',
  nominatingAuthority: 'Matrix Ministry of the Interior',
});

/** An invitation to an event that asks for acknowledgement, addressed to organisations. */
export const announcementBody = (title: string, organisations: string[]) => ({
  title,
  body: 'Please come.',
  requiresAcknowledgement: true,
  audience: { include: [{ organisations }] },
  event: { startsAt: '2030-05-01T09:00', endsAt: '2030-05-01T17:00', timeZone: 'UTC', location: 'Brussels' },
});
