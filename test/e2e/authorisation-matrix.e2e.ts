import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RealtimeGateway } from '@liaison/core';
import { aContact, anOrganisation } from '../support/directory.js';
import { aUser, type TestUser } from '../support/identity.js';
import { aPerson, aThread } from '../support/messaging.js';
import { connect, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Deny by default, proven for every route Nest serves and every socket event the gateway
 * handles: each is called as every kind of caller, with the ids of objects that are not theirs in
 * every id parameter. The expectations live in ACCESS below: a route or event without one fails
 * the test, so a new route cannot be forgotten.
 *
 * - `public`: anyone, no session (never a 5xx);
 * - `signedIn`: any signed-in person, who reaches only their own or what they may see (the
 *   object ids here are someone else's, so a 2xx must be a read the caller is entitled to:
 *   listed in `SIGNED_IN_MAY_READ`);
 * - `orgAdmin`: organisation admins and the secretariat (plain members get no 2xx);
 * - `secretariat`: the secretariat only.
 */
type Access = 'public' | 'signedIn' | 'orgAdmin' | 'secretariat';

const ACCESS: Record<string, Access> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /api/v1/system/info': 'public',
  'GET /api/v1/audit': 'secretariat',
  'GET /api/v1/audit/verify': 'secretariat',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/mfa/verify': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'signedIn',
  'GET /api/v1/auth/reauthenticate': 'signedIn',
  'POST /api/v1/auth/reauthenticate': 'signedIn',
  'GET /api/v1/auth/sessions': 'signedIn',
  'DELETE /api/v1/auth/sessions/:id': 'signedIn',
  'POST /api/v1/auth/mfa/enroll': 'signedIn',
  'POST /api/v1/auth/mfa/confirm': 'signedIn',
  'POST /api/v1/auth/password-check': 'public',
  'POST /api/v1/invitations': 'orgAdmin',
  'POST /api/v1/invitations/inspect': 'public',
  'POST /api/v1/invitations/accept': 'public',
  'GET /api/v1/me': 'signedIn',
  'PATCH /api/v1/me': 'signedIn',
  'POST /api/v1/me/password': 'signedIn',
  'GET /api/v1/users/:id/sessions': 'secretariat',
  'GET /api/v1/users': 'secretariat',
  'PATCH /api/v1/users/:id': 'secretariat',
  'GET /api/v1/people': 'signedIn',
  'GET /api/v1/directory/countries': 'signedIn',
  'GET /api/v1/directory/mandates': 'signedIn',
  'POST /api/v1/directory/mandates': 'secretariat',
  'PATCH /api/v1/directory/mandates/:code': 'secretariat',
  'GET /api/v1/directory/organisations': 'signedIn',
  'POST /api/v1/directory/organisations': 'secretariat',
  'GET /api/v1/directory/organisations/:id': 'signedIn',
  'PATCH /api/v1/directory/organisations/:id': 'orgAdmin',
  'GET /api/v1/directory/contacts': 'signedIn',
  'POST /api/v1/directory/contacts': 'orgAdmin',
  'GET /api/v1/directory/contacts.vcf': 'signedIn',
  'GET /api/v1/directory/export.csv': 'signedIn',
  'GET /api/v1/directory/contacts/:id': 'signedIn',
  'PATCH /api/v1/directory/contacts/:id': 'orgAdmin',
  'GET /api/v1/directory/contacts/:id/vcard': 'signedIn',
  'POST /api/v1/directory/contacts/:id/confirm': 'orgAdmin',
  'GET /api/v1/directory/contacts/:id/history': 'orgAdmin',
  'POST /api/v1/directory/contacts/:id/handover': 'orgAdmin',
  'POST /api/v1/directory/import': 'orgAdmin',
  'GET /api/v1/directory/points-of-contact': 'signedIn',
  'PUT /api/v1/directory/points-of-contact': 'orgAdmin',
  'POST /api/v1/directory/points-of-contact/:id/approve': 'secretariat',
  'POST /api/v1/directory/points-of-contact/:id/reject': 'secretariat',
  'DELETE /api/v1/directory/points-of-contact/:id': 'orgAdmin',
  'GET /api/v1/directory/coverage': 'signedIn',
  'GET /api/v1/directory/coverage.csv': 'signedIn',
  'POST /api/v1/directory/confirmations/inspect': 'public',
  'POST /api/v1/directory/confirmations/confirm': 'public',
  'POST /api/v1/directory/confirmations/update': 'public',
  'POST /api/v1/directory/confirmations/handover': 'public',
  'POST /api/v1/directory/freshness/scan': 'secretariat',
  'GET /api/v1/directory/me': 'signedIn',
  'GET /api/v1/keys/me/backup': 'signedIn',
  'PUT /api/v1/keys/me/backup': 'signedIn',
  'GET /api/v1/transparency/key': 'signedIn',
  'GET /api/v1/transparency/head': 'signedIn',
  'GET /api/v1/transparency/consistency': 'signedIn',
  'GET /api/v1/transparency/users/:userId': 'signedIn',
  'POST /api/v1/transparency/identity': 'signedIn',
  'POST /api/v1/transparency/devices': 'signedIn',
  'POST /api/v1/transparency/devices/:deviceId/revoke': 'signedIn',
  'PUT /api/v1/devices/:deviceId/key-packages': 'signedIn',
  'GET /api/v1/devices/:deviceId/key-packages': 'signedIn',
  'POST /api/v1/key-packages/claim': 'signedIn',
  'GET /api/v1/threads/welcomes': 'signedIn',
  'POST /api/v1/threads': 'signedIn',
  'GET /api/v1/threads': 'signedIn',
  'GET /api/v1/threads/:id': 'signedIn',
  'POST /api/v1/threads/:id/commits': 'signedIn',
  'POST /api/v1/threads/:id/messages': 'signedIn',
  'GET /api/v1/threads/:id/messages': 'signedIn',
  'POST /api/v1/threads/:id/leave': 'signedIn',
  'PUT /api/v1/threads/:id/members/:userId/role': 'signedIn',
  'POST /api/v1/threads/:id/read': 'signedIn',
  'PUT /api/v1/archive/chunks': 'signedIn',
  'GET /api/v1/archive/chunks': 'signedIn',
  'PUT /api/v1/threads/:threadId/attachments/:id': 'signedIn',
  'GET /api/v1/threads/:threadId/attachments/:id': 'signedIn',
  'GET /api/v1/groups': 'signedIn',
  'POST /api/v1/groups': 'orgAdmin',
  'GET /api/v1/groups/:id': 'signedIn',
  'PATCH /api/v1/groups/:id': 'signedIn',
  'PUT /api/v1/groups/:id/thread': 'signedIn',
  'POST /api/v1/groups/:id/members': 'signedIn',
  'DELETE /api/v1/groups/:id/members/:userId': 'signedIn',
  'GET /api/v1/plans': 'signedIn',
  'POST /api/v1/plans': 'signedIn',
  'GET /api/v1/plans/:id': 'signedIn',
  'PATCH /api/v1/plans/:id': 'signedIn',
  'GET /api/v1/plans/:id/summary': 'signedIn',
  'GET /api/v1/plans/:id/items': 'signedIn',
  'POST /api/v1/plans/:id/items': 'signedIn',
  'GET /api/v1/items': 'signedIn',
  'GET /api/v1/items/:id': 'signedIn',
  'PATCH /api/v1/items/:id': 'signedIn',
  'POST /api/v1/items/:id/transition': 'signedIn',
  'GET /api/v1/items/:id/comments': 'signedIn',
  'POST /api/v1/items/:id/comments': 'signedIn',
  'GET /api/v1/items/:id/activity': 'signedIn',
  'GET /api/v1/plans/:id/export.csv': 'signedIn',
  'GET /api/v1/plans/:id/calendar.ics': 'signedIn',
  'GET /api/v1/calendar-feeds': 'signedIn',
  'POST /api/v1/calendar-feeds': 'signedIn',
  'DELETE /api/v1/calendar-feeds/:id': 'signedIn',
  'GET /api/v1/calendar-feeds/:file': 'public',
  'GET /api/v1/notifications': 'signedIn',
  'POST /api/v1/notifications/read': 'signedIn',
  'POST /api/v1/notifications/:id/read': 'signedIn',
  'GET /api/v1/notification-preferences': 'signedIn',
  'PUT /api/v1/notification-preferences': 'signedIn',
  'PUT /api/v1/plans/:id/mute': 'signedIn',
  'POST /api/v1/planning/reminders/scan': 'secretariat',
  'GET /api/v1/announcements': 'signedIn',
  'POST /api/v1/announcements': 'secretariat',
  'POST /api/v1/announcements/audience-preview': 'secretariat',
  'POST /api/v1/outreach/scan': 'secretariat',
  'GET /api/v1/announcements/:id': 'signedIn',
  'PATCH /api/v1/announcements/:id': 'secretariat',
  'DELETE /api/v1/announcements/:id': 'secretariat',
  'POST /api/v1/announcements/:id/preview-audience': 'secretariat',
  'POST /api/v1/announcements/:id/publish': 'secretariat',
  'POST /api/v1/announcements/:id/withdraw': 'secretariat',
  'POST /api/v1/announcements/:id/read': 'signedIn',
  'POST /api/v1/announcements/:id/acknowledge': 'signedIn',
  'POST /api/v1/announcements/:id/remind': 'secretariat',
  'GET /api/v1/announcements/:id/stats': 'secretariat',
  'GET /api/v1/announcements/:id/recipients': 'secretariat',
  'GET /api/v1/announcements/:id/recipients.csv': 'secretariat',
  'POST /api/v1/events/:id/rsvp': 'signedIn',
  'GET /api/v1/events/:id/invite.ics': 'signedIn',
  'GET /api/v1/events/:id/attendees': 'secretariat',
  'GET /api/v1/events/:id/attendees.csv': 'secretariat',
  'GET /api/v1/inbox': 'signedIn',
};

/**
 * Reads a signed-in person may get a 2xx from with someone else's ids in the path: what the
 * network shares (the directory's network-level entries, organisations, the key log).
 */
const SIGNED_IN_MAY_READ = new Set([
  'GET /api/v1/directory/organisations/:id',
  'GET /api/v1/transparency/users/:userId',
  'GET /api/v1/devices/:deviceId/key-packages',
]);

/** Socket events: every one needs a session; none may answer a stranger with anything but an error. */
const SOCKET_EVENTS = [
  'mls.subscribe',
  'mls.unsubscribe',
  'mls.send',
  'mls.read',
  'mls.prove',
  'plan.subscribe',
  'plan.unsubscribe',
  'announcement.watch',
  'announcement.unwatch',
];
/** Leaving a room one is not in changes nothing: these may answer ok. */
const HARMLESS_EVENTS = new Set(['mls.unsubscribe', 'plan.unsubscribe', 'announcement.unwatch']);

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

describe('authorisation matrix: every route and socket event, every kind of caller', () => {
  let api: TestApi;
  let callers: Record<'anonymous' | 'industry' | 'police' | 'otherAdmin' | 'secretariat', TestUser | null>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi();
    const secretariat = await aUser(api, { role: 'secretariat' });
    const police = await anOrganisation(api, secretariat, {
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
    const owner = await aUser(api, { role: 'org_admin', organisationId: police });
    callers = {
      anonymous: null,
      industry: await aUser(api, { organisationId: company }),
      police: await aUser(api, { organisationId: police }),
      otherAdmin: await aUser(api, { role: 'org_admin', organisationId: other }),
      secretariat,
    };
    const contact = await aContact(api, secretariat, {
      organisationId: police,
      fullName: 'Matrix Hidden',
      visibility: 'secretariat',
    });
    const group = await api.json(
      'POST',
      '/api/v1/groups',
      { name: 'Matrix group', purpose: 'x', members: [] },
      owner.auth,
    );
    const plan = await api.json(
      'POST',
      '/api/v1/plans',
      { groupId: group.body.id, title: 'Matrix plan', tlp: 'RED', status: 'active' },
      owner.auth,
    );
    const item = await api.json('POST', `/api/v1/plans/${plan.body.id}/items`, { title: 'Matrix item' }, owner.auth);
    const announcement = await api.json(
      'POST',
      '/api/v1/announcements',
      {
        title: 'Matrix draft',
        body: 'x',
        audience: { include: [{ roles: ['secretariat'] }] },
        event: { startsAt: '2030-05-01T09:00', endsAt: '2030-05-01T17:00', timeZone: 'UTC', location: 'Brussels' },
      },
      secretariat.auth,
    );
    const [ana, jurgen] = [await aPerson(api), await aPerson(api)];
    const threadId = await aThread(ana, [jurgen]);
    for (const created of [group, plan, item, announcement])
      if (created.status !== 201) throw new Error(`setup: ${created.status} ${JSON.stringify(created.body)}`);
    ids = {
      id: contact.id,
      contact: contact.id,
      organisation: police,
      group: group.body.id,
      plan: plan.body.id,
      item: item.body.id,
      announcement: announcement.body.id,
      event: announcement.body.event.id,
      thread: threadId,
      user: owner.id,
      userId: owner.id,
      deviceId: ana.client.deviceId,
      code: 'victim_identification',
      file: 'not-a-feed-token.ics',
    };
  }, 120_000);
  afterAll(async () => {
    await api.close();
  });

  /** The path with someone else's object in every parameter, chosen by what the route is about. */
  const fill = (route: string): string => {
    const [, path] = route.split(' ') as [string, string];
    const about =
      /\/(contacts|organisations|groups|plans|items|announcements|events|threads|users|points-of-contact|sessions|calendar-feeds|notifications)\/:/.exec(
        path,
      )?.[1];
    const forResource: Record<string, string> = {
      contacts: ids.contact!,
      organisations: ids.organisation!,
      groups: ids.group!,
      plans: ids.plan!,
      items: ids.item!,
      announcements: ids.announcement!,
      events: ids.event!,
      threads: ids.thread!,
      users: ids.user!,
      'points-of-contact': ids.group!,
      sessions: ids.group!,
      'calendar-feeds': ids.group!,
      notifications: ids.group!,
    };
    return path
      .replace(/:(id)\b/, () => (about ? forResource[about]! : ids.id!))
      .replace(/:threadId\b/, ids.thread!)
      .replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? ids.id!);
  };

  it('has an expectation for every route Nest serves, and no expectation for a route that is gone', () => {
    const routes = discoverRoutes(api);
    expect(routes.filter((r) => !(r in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('denies every caller what their kind may not do, and never answers a 5xx', async () => {
    const unexpected: string[] = [];
    const failures: string[] = [];
    let checks = 0;
    // Signing out ends the caller's session: last, so every other route meets a live one.
    const ending = 'POST /api/v1/auth/logout';
    const ordered = [...discoverRoutes(api).filter((r) => r !== ending), ending];
    for (const route of ordered) {
      const access = ACCESS[route]!;
      const [method] = route.split(' ') as [string, string];
      const path = fill(route);
      for (const [who, user] of Object.entries(callers)) {
        const res = await api.fetch(path, {
          method,
          headers: { ...(user?.auth ?? {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          body: method === 'GET' ? undefined : '{}',
        });
        await res.arrayBuffer();
        checks++;
        const ok = res.status >= 200 && res.status < 300;
        if (res.status >= 500) failures.push(`${route} as ${who}: ${res.status}`);
        const denied =
          (access !== 'public' && who === 'anonymous') ||
          (access === 'secretariat' && who !== 'secretariat') ||
          (access === 'orgAdmin' && (who === 'industry' || who === 'police')) ||
          // Someone else's object: only shared reads, or the secretariat's, may succeed.
          (access !== 'public' &&
            who !== 'secretariat' &&
            /:\w+/.test(route) &&
            !(method === 'GET' && SIGNED_IN_MAY_READ.has(route)));
        if (denied && ok) unexpected.push(`${route} as ${who}: ${res.status}`);
        if (access !== 'public' && who === 'anonymous' && res.status !== 401)
          unexpected.push(`${route} as anonymous: ${res.status} (not 401)`);
      }
    }
    console.log(
      `authorisation matrix: ${Object.keys(ACCESS).length} routes × ${Object.keys(callers).length} callers, ${checks} checks, ${unexpected.length} unexpected answers, ${failures.length} 5xx`,
    );
    expect(unexpected).toEqual([]);
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers every socket event from a stranger with an error, and knows every event', async () => {
    const gateway = api.app.get(RealtimeGateway) as unknown as { handlers: Map<string, unknown> };
    expect([...gateway.handlers.keys()].sort()).toEqual([...SOCKET_EVENTS].sort());
    const stranger = await connect(api.url, { token: (await aUser(api)).accessToken });
    try {
      for (const event of SOCKET_EVENTS) {
        const answer = await request(stranger, event, {
          threadId: ids.thread,
          planId: ids.plan,
          announcementId: ids.announcement,
          deviceId: 'device-of-nobody',
          afterSeq: 0,
          seq: 1,
        });
        if (HARMLESS_EVENTS.has(event)) continue;
        expect([event, answer.ok, answer.error?.statusCode < 500]).toEqual([event, false, true]);
      }
    } finally {
      stranger.close();
    }
    await expect(connect(api.url, {})).rejects.toThrow('unauthorized');
  });
});
