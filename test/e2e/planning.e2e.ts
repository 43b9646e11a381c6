import type { Socket } from 'socket.io-client';
import { DeviceClient, type DeviceStorage, httpTransport } from '@liaison/e2ee';
import { anOrganisation } from '../support/directory.js';
import { aUser, type TestUser } from '../support/identity.js';
import { connect, nextEvent, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

type Board = { items: ({ reference: string; commentCount: number } & Record<string, unknown>)[] };

const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A browser's device storage, kept in memory. */
const memoryStorage = (): DeviceStorage => {
  const data = new Map<string, string>();
  return {
    load: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    save: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
  };
};

describe('planning: working groups, plans and items', () => {
  let api: TestApi;
  let secretariat: TestUser,
    chair: TestUser,
    member: TestUser,
    observer: TestUser,
    colleague: TestUser,
    outsider: TestUser;
  let polishPolice: string, romanianPolice: string;
  let groupId: string;

  const call = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.json(method, `/api/v1${path}`, body, user.auth);
  const aPlan = async (tlp: string, title = `Plan ${tlp}`) => {
    const res = await call(chair, 'POST', '/plans', { groupId, title, tlp, status: 'active' });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const anItem = async (planId: string, body: Record<string, unknown>, as: TestUser = chair) => {
    const res = await call(as, 'POST', `/plans/${planId}/items`, body);
    if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number; reference: string } & Record<string, any>;
  };

  beforeAll(async () => {
    api = await startTestApi();
    secretariat = await aUser(api, { role: 'secretariat' });
    polishPolice = await anOrganisation(api, secretariat, {
      kind: 'law_enforcement',
      countryCode: 'PL',
      name: 'Polish Police',
    });
    romanianPolice = await anOrganisation(api, secretariat, {
      kind: 'law_enforcement',
      countryCode: 'RO',
      name: 'Romanian Police',
    });
    chair = await aUser(api, { role: 'org_admin', organisationId: polishPolice });
    [member, observer, colleague, outsider] = await Promise.all([
      aUser(api, { organisationId: romanianPolice }),
      aUser(api, { organisationId: romanianPolice }),
      aUser(api, { organisationId: polishPolice }),
      aUser(api),
    ]);
    const created = await call(chair, 'POST', '/groups', {
      name: 'Victim Identification Taskforce liaison',
      purpose: 'Coordinate victim identification across borders.',
      members: [
        { userId: member.id, role: 'member' },
        { userId: observer.id, role: 'observer' },
      ],
    });
    expect(created.status).toBe(201);
    groupId = created.body.id;
  });
  afterAll(async () => {
    await api.close();
  });

  describe('working groups', () => {
    it('are created by the secretariat and organisation administrators, the creator chairing', async () => {
      const group = await call(chair, 'GET', `/groups/${groupId}`);
      expect(group.body).toMatchObject({ myRole: 'chair', memberCount: 3 });
      expect(group.body.members.map((m: { role: string }) => m.role)).toEqual(['chair', 'member', 'observer']);
      expect((await call(member, 'POST', '/groups', { name: 'Mine' })).status).toBe(403);
      const blank = await call(chair, 'POST', '/groups', { name: '  ', colour: 'red' });
      expect(blank.status).toBe(400);
      expect(blank.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['colour', 'name']);
    });

    it('are visible to their members and the secretariat only', async () => {
      expect((await call(outsider, 'GET', `/groups/${groupId}`)).status).toBe(404);
      expect((await call(outsider, 'GET', '/groups')).body.items.map((g: { id: string }) => g.id)).not.toContain(
        groupId,
      );
      expect((await call(secretariat, 'GET', `/groups/${groupId}`)).body).toMatchObject({ myRole: null });
      expect((await call(member, 'GET', '/groups')).body.items).toEqual([
        expect.objectContaining({ id: groupId, myRole: 'member' }),
      ]);
    });

    it('change only by their chairs, and always keep a chair', async () => {
      expect(
        (await call(member, 'POST', `/groups/${groupId}/members`, { userId: outsider.id, role: 'member' })).status,
      ).toBe(403);
      const lastChair = await call(chair, 'DELETE', `/groups/${groupId}/members/${chair.id}`);
      expect(lastChair.status).toBe(409);
      expect(lastChair.body.code).toBe('last_chair');
      const unknown = await call(chair, 'POST', `/groups/${groupId}/members`, {
        userId: crypto.randomUUID(),
        role: 'member',
      });
      expect(unknown.status).toBe(400);
      expect(
        (await call(chair, 'POST', `/groups/${groupId}/members`, { userId: outsider.id, role: 'boss' })).status,
      ).toBe(400);
      expect((await call(member, 'DELETE', `/groups/${groupId}/members/${observer.id}`)).status).toBe(403);
      expect((await call(member, 'PATCH', `/groups/${groupId}`, { version: 1, name: 'Mine' })).status).toBe(403);
      // Only a chair records the group's thread, and only a thread of theirs linked to this group.
      expect((await call(member, 'PUT', `/groups/${groupId}/thread`, { threadId: crypto.randomUUID() })).status).toBe(
        403,
      );
      const strange = await call(chair, 'PUT', `/groups/${groupId}/thread`, { threadId: crypto.randomUUID() });
      expect(strange.status).toBe(400);
      expect(strange.body.details[0].field).toBe('threadId');
      expect((await call(outsider, 'PUT', `/groups/${groupId}/thread`, { threadId: 'x' })).status).toBe(400);
      const renamed = await call(chair, 'PATCH', `/groups/${groupId}`, {
        version: 1,
        purpose: 'Identify victims, together.',
      });
      expect(renamed.body).toMatchObject({ version: 2, purpose: 'Identify victims, together.' });
      const stale = await call(chair, 'PATCH', `/groups/${groupId}`, { version: 1, purpose: 'x' });
      expect(stale.status).toBe(409);
      const audit = await call(secretariat, 'GET', '/audit?action=planning.group.created');
      expect(audit.body.items.some((e: { targetId: string }) => e.targetId === groupId)).toBe(true);
    });
  });

  describe('handling codes', () => {
    it('limit who sees a plan: CLEAR everyone, AMBER the organisations, AMBER+STRICT the group and secretariat, RED the group', async () => {
      const plans = Object.fromEntries(
        await Promise.all(
          ['CLEAR', 'AMBER', 'AMBER+STRICT', 'RED'].map(async (tlp) => [tlp, (await aPlan(tlp)).id] as const),
        ),
      );
      const sees = async (user: TestUser) => {
        const listed = new Set(
          (await call(user, 'GET', `/plans?groupId=${groupId}`)).body.items.map((p: { id: string }) => p.id),
        );
        const result: string[] = [];
        for (const [tlp, id] of Object.entries(plans)) {
          const direct = (await call(user, 'GET', `/plans/${id}`)).status === 200;
          expect(listed.has(id)).toBe(direct);
          if (direct) result.push(tlp);
        }
        return result;
      };
      expect(await sees(observer)).toEqual(['CLEAR', 'AMBER', 'AMBER+STRICT', 'RED']);
      expect(await sees(colleague)).toEqual(['CLEAR', 'AMBER']);
      expect(await sees(secretariat)).toEqual(['CLEAR', 'AMBER', 'AMBER+STRICT']);
      expect(await sees(outsider)).toEqual(['CLEAR']);
      expect((await call(outsider, 'GET', `/plans/${plans.RED}/items`)).status).toBe(404);
      expect((await call(outsider, 'GET', `/plans/${plans.RED}/summary`)).status).toBe(404);
    });

    it('are created and changed by chairs only, with versions', async () => {
      const plan = await aPlan('GREEN');
      expect((await call(member, 'POST', '/plans', { groupId, title: 'x', tlp: 'GREEN' })).status).toBe(403);
      expect((await call(member, 'PATCH', `/plans/${plan.id}`, { version: plan.version, title: 'y' })).status).toBe(
        403,
      );
      const badTlp = await call(chair, 'POST', '/plans', {
        groupId,
        title: 'x',
        tlp: 'PINK',
        periodStart: '2026-02-30',
      });
      expect(badTlp.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['periodStart', 'tlp']);
      const backwards = await call(chair, 'PATCH', `/plans/${plan.id}`, {
        version: plan.version,
        periodStart: '2026-12-01',
        periodEnd: '2026-11-01',
      });
      expect(backwards.status).toBe(400);
      const changed = await call(chair, 'PATCH', `/plans/${plan.id}`, { version: plan.version, tlp: 'RED' });
      expect(changed.body).toMatchObject({ tlp: 'RED', version: plan.version + 1 });
      const stale = await call(chair, 'PATCH', `/plans/${plan.id}`, { version: plan.version, title: 'lost' });
      expect(stale.status).toBe(409);
      expect(stale.body.context.current).toMatchObject({ tlp: 'RED', title: 'Plan GREEN' });
    });
  });

  describe('items', () => {
    let planId: string;
    beforeAll(async () => {
      planId = (await aPlan('AMBER', 'EMPACT CSE operational action plan 2026')).id;
    });

    it('are created with assignees from the group, checked dates and organisations', async () => {
      const item = await anItem(planId, {
        reference: '2.3',
        title: 'Exchange victim images with Romania',
        description: 'Use **ICSE**. <script>alert(1)</script>',
        leadOrganisationId: romanianPolice,
        assigneeIds: [member.id],
        startDate: daysFromNow(-10),
        dueDate: daysFromNow(20),
        priority: 'high',
      });
      expect(item).toMatchObject({
        reference: '2.3',
        status: 'not_started',
        countryCode: 'RO',
        leadOrganisationName: 'Romanian Police',
        assignees: [{ userId: member.id }],
        version: 1,
        overdue: false,
      });
      expect(item.descriptionHtml).toContain('<strong>ICSE</strong>');
      expect(item.descriptionHtml).not.toContain('<script');

      const bad = await call(chair, 'POST', `/plans/${planId}/items`, {
        title: 'x',
        assigneeIds: [outsider.id],
        startDate: daysFromNow(5),
        dueDate: daysFromNow(1),
      });
      expect(bad.status).toBe(400);
      const outside = await call(chair, 'POST', `/plans/${planId}/items`, { title: 'x', assigneeIds: [outsider.id] });
      expect(outside.body.details).toEqual([{ field: 'assigneeIds', reasons: [expect.stringContaining('members')] }]);
      const observed = await call(chair, 'POST', `/plans/${planId}/items`, { title: 'x', assigneeIds: [observer.id] });
      expect(observed.status).toBe(400);
      const duplicate = await call(chair, 'POST', `/plans/${planId}/items`, { title: 'x', reference: '2.3' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.details[0].field).toBe('reference');
      expect((await call(observer, 'POST', `/plans/${planId}/items`, { title: 'x' })).status).toBe(403);
      expect((await call(colleague, 'POST', `/plans/${planId}/items`, { title: 'x' })).status).toBe(403);
      const numbered = await anItem(planId, { title: 'Next one' }, member);
      expect(numbered.reference).toBe('3');
    });

    it('follow the status machine: reasons for blocked and cancelled, reopening by chairs', async () => {
      let item = await anItem(planId, { title: 'Ask the provider', assigneeIds: [member.id] });
      const move = async (as: TestUser, to: string, reason?: string) =>
        call(as, 'POST', `/items/${item.id}/transition`, { version: item.version, to, reason });
      item = (await move(member, 'in_progress')).body;
      const noReason = await move(member, 'blocked');
      expect(noReason.status).toBe(400);
      expect(noReason.body.details[0].field).toBe('reason');
      item = (await move(member, 'blocked', 'waiting for provider response')).body;
      expect(item).toMatchObject({ status: 'blocked', statusReason: 'waiting for provider response' });
      const forbidden = await move(member, 'done');
      expect(forbidden.status).toBe(400);
      expect(forbidden.body.context.allowed).toEqual(['not_started', 'in_progress', 'cancelled']);
      item = (await move(member, 'in_progress')).body;
      expect(item.statusReason).toBeNull();
      item = (await move(member, 'done')).body;
      expect(item).toMatchObject({ status: 'done', progress: 100 });
      const reopen = await move(member, 'in_progress');
      expect(reopen.status).toBe(400);
      expect(reopen.body.details[0].reasons[0]).toMatch(/chairs/);
      expect((await move(observer, 'in_progress')).status).toBe(403);
      expect((await move(chair, 'in_progress')).status).toBe(200);

      const history = await call(observer, 'GET', `/items/${item.id}/activity`);
      expect(history.body.items.map((a: { action: string }) => a.action)).toEqual([
        'transitioned',
        'transitioned',
        'transitioned',
        'transitioned',
        'transitioned',
        'created',
      ]);
      expect(history.body.items[0]).toMatchObject({
        actorId: chair.id,
        changes: { status: { before: 'done', after: 'in_progress' } },
      });
    });

    it('refuse dependency cycles and warn when an item is due before what it depends on', async () => {
      const a = await anItem(planId, { reference: '5.1', title: 'A', dueDate: daysFromNow(10) });
      const b = await anItem(planId, { reference: '5.2', title: 'B', dueDate: daysFromNow(30), dependsOn: [a.id] });
      const c = await anItem(planId, { reference: '5.3', title: 'C', dueDate: daysFromNow(5), dependsOn: [b.id] });
      expect(c.warnings).toEqual([expect.objectContaining({ code: 'due_before_dependency', reference: '5.2' })]);
      const cycle = await call(chair, 'PATCH', `/items/${a.id}`, { version: a.version, dependsOn: [c.id] });
      expect(cycle.status).toBe(400);
      expect(cycle.body).toMatchObject({ code: 'dependency_cycle', details: [{ field: 'dependsOn' }] });
      expect(cycle.body.message).toContain('5.1 → 5.3 → 5.2 → 5.1');
      const self = await call(chair, 'PATCH', `/items/${a.id}`, { version: a.version, dependsOn: [a.id] });
      expect(self.status).toBe(400);
      const other = await anItem((await aPlan('GREEN', 'Other')).id, { title: 'elsewhere' });
      expect((await call(chair, 'PATCH', `/items/${a.id}`, { version: a.version, dependsOn: [other.id] })).status).toBe(
        400,
      );
      const fixed = await call(chair, 'PATCH', `/items/${c.id}`, { version: c.version, dueDate: daysFromNow(40) });
      expect(fixed.body.warnings).toEqual([]);
      expect((await call(chair, 'GET', `/items/${a.id}`)).body).toMatchObject({ version: a.version, dependsOn: [] });
    });

    it('never lose an update: a stale version gets 409 with the current item, and concurrent edits serialise', async () => {
      const item = await anItem(planId, { title: 'Contested' });
      const first = await call(member, 'PATCH', `/items/${item.id}`, { version: 1, title: 'First' });
      expect(first.status).toBe(200);
      const second = await call(chair, 'PATCH', `/items/${item.id}`, { version: 1, title: 'Second' });
      expect(second.status).toBe(409);
      expect(second.body.context.current).toMatchObject({ title: 'First', version: 2 });

      const racers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(i % 2 ? chair : member, 'PATCH', `/items/${item.id}`, { version: 2, progress: i * 10 }),
        ),
      );
      const accepted = racers.filter((r) => r.status === 200);
      expect(accepted).toHaveLength(1);
      expect(racers.filter((r) => r.status === 409)).toHaveLength(9);
      const final = await call(chair, 'GET', `/items/${item.id}`);
      expect(final.body).toMatchObject({ version: 3, progress: accepted[0].body.progress });
      const history = await call(chair, 'GET', `/items/${item.id}/activity`);
      expect(history.body.items.map((a: { version: number }) => a.version)).toEqual([3, 2, 1]);
    });

    it('take comments from group members (sanitised), observers too', async () => {
      const item = await anItem(planId, { title: 'Discuss' });
      const said = await call(observer, 'POST', `/items/${item.id}/comments`, {
        body: 'See [this](javascript:alert(1)) **now**',
      });
      expect(said.status).toBe(201);
      expect(said.body.bodyHtml).toBe('<p>See [this](javascript:alert(1)) <strong>now</strong></p>');
      expect((await call(colleague, 'POST', `/items/${item.id}/comments`, { body: 'hi' })).status).toBe(403);
      expect((await call(observer, 'POST', `/items/${item.id}/comments`, { body: '   ' })).status).toBe(400);
      const listed = await call(colleague, 'GET', `/items/${item.id}/comments`);
      expect(listed.body.items).toEqual([expect.objectContaining({ authorId: observer.id })]);
      expect((await call(chair, 'GET', `/items/${item.id}`)).body.commentCount).toBe(1);
      expect((await call(outsider, 'GET', `/items/${item.id}/comments`)).status).toBe(404);
    });
  });

  describe('views', () => {
    it('summarise a plan by status, organisation and country, and list my items overdue first', async () => {
      const planId = (await aPlan('GREEN', 'Prevention campaigns')).id;
      await anItem(planId, {
        title: 'Late',
        leadOrganisationId: polishPolice,
        dueDate: daysFromNow(-3),
        progress: 40,
        assigneeIds: [member.id],
      });
      await anItem(planId, {
        title: 'Soon',
        leadOrganisationId: polishPolice,
        dueDate: daysFromNow(3),
        progress: 80,
        assigneeIds: [member.id],
      });
      const gone = await anItem(planId, { title: 'Dropped', leadOrganisationId: romanianPolice, progress: 90 });
      await call(chair, 'POST', `/items/${gone.id}/transition`, {
        version: 1,
        to: 'cancelled',
        reason: 'out of scope',
      });
      await anItem(planId, {
        title: 'Later',
        leadOrganisationId: romanianPolice,
        dueDate: daysFromNow(60),
        progress: 10,
        assigneeIds: [member.id],
      });

      const summary = await call(outsider, 'GET', `/plans/${planId}/summary`);
      expect(summary.body).toMatchObject({
        total: 4,
        overdue: 1,
        dueThisWeek: 1,
        progress: 43,
        byStatus: { not_started: 3, cancelled: 1 },
      });
      expect(summary.body.byCountry).toEqual([
        expect.objectContaining({ countryCode: 'PL', countryName: 'Poland', items: 2, overdue: 1, progress: 60 }),
        expect.objectContaining({ countryCode: 'RO', countryName: 'Romania', items: 2, progress: 10 }),
      ]);
      const plan = await call(outsider, 'GET', `/plans/${planId}`);
      expect(plan.body).toMatchObject({ itemCount: 4, overdueCount: 1, progress: 43, myRole: null, canEdit: false });

      const mine = await call(member, 'GET', '/items?assignee=me');
      const titles = mine.body.items
        .filter((i: { planId: string }) => i.planId === planId)
        .map((i: { title: string }) => i.title);
      expect(titles).toEqual(['Late', 'Soon', 'Later']);
      expect(mine.body.items[0]).toMatchObject({ overdue: true, planTitle: 'Prevention campaigns', planTlp: 'GREEN' });
      const overdue = await call(member, 'GET', '/items?assignee=me&overdue=true');
      expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
      expect((await call(member, 'GET', '/items?assignee=someone')).status).toBe(400);
    });
  });

  describe('the board', () => {
    it('lists every item without descriptions, revalidates by ETag and shows a change at once', async () => {
      const planId = (await aPlan('AMBER', 'Board plan')).id;
      const first = await anItem(planId, { reference: '1.2', title: 'Second', description: 'long text' });
      await anItem(planId, { reference: '1.10', title: 'Third' });
      await anItem(planId, { reference: '1.1', title: 'First' });
      const board = (headers: Record<string, string> = {}) =>
        api.fetch(`/api/v1/plans/${planId}/items`, { headers: { ...member.auth, ...headers } });
      const res = await board();
      const body = (await res.json()) as Board;
      expect(body.items.map((i: { reference: string }) => i.reference)).toEqual(['1.1', '1.2', '1.10']);
      expect(body.items[1]).not.toHaveProperty('description');
      expect(res.headers.get('content-encoding')).toBe('gzip');
      const etag = res.headers.get('etag')!;
      expect(etag).toBeTruthy();
      expect((await board({ 'if-none-match': etag })).status).toBe(304);
      await call(member, 'POST', `/items/${first.id}/transition`, { version: 1, to: 'in_progress' });
      const changed = await board({ 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(((await changed.json()) as Board).items[1]).toMatchObject({ status: 'in_progress', version: 2 });
      await call(member, 'POST', `/items/${first.id}/comments`, { body: 'Noted' });
      expect(((await (await board()).json()) as Board).items[1]!.commentCount).toBe(1);
      expect((await api.fetch(`/api/v1/plans/${planId}/items`, { headers: colleague.auth })).status).toBe(200);
      expect((await api.fetch(`/api/v1/plans/${planId}/items`, { headers: outsider.auth })).status).toBe(404);
      // The board (serialised by PostgreSQL) and a filtered list (built in TypeScript) agree item for item.
      await anItem(planId, {
        reference: '2.1',
        title: 'Late',
        dueDate: '2026-01-05',
        dependsOn: [first.id],
        assigneeIds: [member.id, chair.id],
      });
      await call(member, 'PATCH', `/items/${first.id}`, {
        version: 2,
        dueDate: '2026-03-01',
        startDate: '2026-01-01',
        leadOrganisationId: romanianPolice,
      });
      const all = await call(
        member,
        'GET',
        `/plans/${planId}/items?status=not_started,in_progress,blocked,done,cancelled`,
      );
      const whole = (await (await board()).json()) as Board;
      expect(whole.items).toEqual(all.body.items);
      expect(whole.items.find((i) => i.reference === '2.1')).toMatchObject({
        overdue: true,
        warnings: [{ reference: '1.2' }],
      });
      const filtered = await call(member, 'GET', `/plans/${planId}/items?status=in_progress`);
      expect(filtered.body.items.map((i: { title: string }) => i.title)).toEqual(['Second']);
      expect((await call(member, 'GET', `/plans/${planId}/items?status=finished`)).status).toBe(400);
    });
  });

  describe('live updates', () => {
    let sockets: Socket[] = [];
    afterEach(() => {
      sockets.forEach((s) => s.close());
      sockets = [];
    });
    const socketOf = async (user: TestUser) => {
      const s = await connect(api.url, { token: user.accessToken });
      sockets.push(s);
      return s;
    };

    it('reach everyone subscribed to a plan they may see, and nobody else', async () => {
      const plan = await aPlan('RED', 'Live plan');
      const [watcher, stranger] = await Promise.all([socketOf(member), socketOf(outsider)]);
      expect(await request(watcher, 'plan.subscribe', { planId: plan.id })).toMatchObject({
        ok: true,
        plan: { id: plan.id },
      });
      expect(await request(stranger, 'plan.subscribe', { planId: plan.id })).toMatchObject({
        ok: false,
        error: { statusCode: 404 },
      });
      expect(await request(stranger, 'plan.subscribe', { planId: 'nope' })).toMatchObject({
        ok: false,
        error: { statusCode: 400 },
      });
      let strangerHeard = false;
      stranger.on('item.updated', () => (strangerHeard = true));

      const heard = nextEvent<{ planId: string; item: { title: string } }>(watcher, 'item.updated');
      const item = await anItem(plan.id, { title: 'Appears live' });
      expect(await heard).toMatchObject({ planId: plan.id, item: { id: item.id, title: 'Appears live' } });
      const moved = nextEvent<{ item: { status: string } }>(watcher, 'item.updated');
      await call(chair, 'POST', `/items/${item.id}/transition`, { version: 1, to: 'in_progress' });
      expect((await moved).item.status).toBe('in_progress');

      // Assignees hear about their items wherever they are ("my items"), before and after a change, once per socket.
      const elsewhere = await socketOf(member);
      const assigned = nextEvent<{ item: { id: string } }>(elsewhere, 'item.updated');
      const mine = await anItem(plan.id, { title: 'Mine', assigneeIds: [member.id] });
      expect((await assigned).item.id).toBe(mine.id);
      const heardTwice: string[] = [];
      watcher.on('item.updated', ({ item: i }: { item: { id: string } }) => heardTwice.push(i.id));
      const unassigned = nextEvent<{ item: { assignees: unknown[] } }>(elsewhere, 'item.updated');
      await call(chair, 'PATCH', `/items/${mine.id}`, { version: 1, assigneeIds: [] });
      expect((await unassigned).item.assignees).toEqual([]);
      await new Promise((r) => setTimeout(r, 100));
      expect(heardTwice).toEqual([mine.id]);

      // Removed from the group, the member stops hearing about its RED plan.
      await call(chair, 'DELETE', `/groups/${groupId}/members/${observer.id}`);
      const observerSocket = await socketOf(observer);
      expect(await request(observerSocket, 'plan.subscribe', { planId: plan.id })).toMatchObject({ ok: false });
      expect(strangerHeard).toBe(false);
    });
  });

  describe("the group's encrypted thread and items made from its messages (protocol v2)", () => {
    let chairDevice: DeviceClient, memberDevice: DeviceClient;
    let planId: string;
    const deviceOf = async (user: TestUser) =>
      (
        await DeviceClient.setUp(
          user.id,
          httpTransport((method, path, body) => api.json(method, `/api/v1${path}`, body, user.auth)),
          memoryStorage(),
        )
      ).client;
    const linkedTo = { type: 'working_group' as const, id: '' };

    beforeAll(async () => {
      [chairDevice, memberDevice] = [await deviceOf(chair), await deviceOf(member)];
      await deviceOf(colleague);
      linkedTo.id = groupId;
      planId = (await aPlan('AMBER', 'Plan with items from the thread')).id;
    });

    it('is a thread of the chair linked to the group; any other thread is refused', async () => {
      // A thread of the chair's linked to nothing, and one linked to another group.
      const unlinked = crypto.randomUUID();
      await chairDevice.startThread(unlinked, [member.id]);
      const otherGroup = (await call(chair, 'POST', '/groups', { name: 'Hotline cooperation' })).body.id as string;
      const elsewhere = crypto.randomUUID();
      await chairDevice.startThread(elsewhere, [colleague.id], { type: 'working_group', id: otherGroup });
      // A thread linked to this group, but the member's, without the chair in it.
      const membersOwn = crypto.randomUUID();
      await memberDevice.startThread(membersOwn, [colleague.id], linkedTo);
      for (const [threadId, reason] of [
        [unlinked, /linked to this working group/],
        [elsewhere, /linked to this working group/],
        [membersOwn, /no such thread/],
      ] as const) {
        const refused = await call(chair, 'PUT', `/groups/${groupId}/thread`, { threadId });
        expect(refused.status).toBe(400);
        expect(refused.body.details).toEqual([{ field: 'threadId', reasons: [expect.stringMatching(reason)] }]);
      }
      // The member's own linked thread is theirs, but only a chair records the group's thread.
      expect((await call(member, 'PUT', `/groups/${groupId}/thread`, { threadId: membersOwn })).status).toBe(403);

      const threadId = crypto.randomUUID();
      expect(await chairDevice.startThread(threadId, [member.id, observer.id], linkedTo)).toEqual({
        withoutKeyPackages: [observer.id],
      });
      const recorded = await call(chair, 'PUT', `/groups/${groupId}/thread`, { threadId });
      expect(recorded.status).toBe(200);
      expect(recorded.body.threadId).toBe(threadId);
      expect((await call(member, 'GET', `/groups/${groupId}`)).body.threadId).toBe(threadId);
    });

    it('gives items a source only from a message of a thread the caller is in', async () => {
      const threadId = (await call(chair, 'GET', `/groups/${groupId}`)).body.threadId as string;
      expect(await memberDevice.joinWelcomes()).toContain(threadId);
      const sent = await memberDevice.send(threadId, 'Please check the school uniform lead.');
      const made = await anItem(
        planId,
        { title: 'Check the school uniform lead', source: { threadId, messageId: sent.id } },
        member,
      );
      expect(made.source).toEqual({ threadId, messageId: sent.id });
      expect((await call(chair, 'GET', `/items/${made.id}`)).body.source).toEqual({ threadId, messageId: sent.id });

      const refused = async (as: TestUser, source: { threadId: string; messageId: string }) => {
        const res = await call(as, 'POST', `/plans/${planId}/items`, { title: 'x', source });
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ field: 'source', reasons: ['no such message in a thread of yours'] }]);
      };
      // No such message; a message of another thread; a commit rather than a message.
      await refused(member, { threadId, messageId: crypto.randomUUID() });
      const second = crypto.randomUUID();
      await memberDevice.startThread(second, [colleague.id]);
      const there = await memberDevice.send(second, 'elsewhere');
      await refused(member, { threadId, messageId: there.id });
      const stored = await api.json(
        'GET',
        `/api/v1/threads/${threadId}/messages?deviceId=${chairDevice.deviceId}`,
        undefined,
        chair.auth,
      );
      const commit = (stored.body.items as { id: string; kind: string }[]).find((m) => m.kind === 'commit')!;
      await refused(chair, { threadId, messageId: commit.id });
      // A message of a thread the caller is not in: the member's second thread, for the chair.
      await refused(chair, { threadId: second, messageId: there.id });
      // Removed from the thread, the member can no longer use its messages.
      await chairDevice.removePeople(threadId, [member.id]);
      await refused(member, { threadId, messageId: sent.id });
      expect((await anItem(planId, { title: 'Still mine', source: { threadId, messageId: sent.id } })).source).toEqual({
        threadId,
        messageId: sent.id,
      });
    });
  });
});
