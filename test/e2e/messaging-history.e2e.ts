import type { MessageBody } from '@liaison/e2ee';
import { aMember, aThread, directoryKeys, type Member, openThread } from '../support/messaging.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const text = (t: string): MessageBody => ({ v: 1, kind: 'text', text: t });

describe('messaging: threads that share their history with newcomers', () => {
  let api: TestApi;
  let ana: Member, jurgen: Member, thijs: Member, pieter: Member;
  beforeAll(async () => {
    api = await startTestApi();
    [ana, jurgen, thijs, pieter] = await Promise.all([aMember(api), aMember(api), aMember(api), aMember(api)]);
  });
  afterAll(async () => {
    await api.close();
  });

  async function sendAs(member: Member, threadId: string, t: string) {
    const client = await openThread(api, member, threadId);
    const { threadId: _t, senderUserId: _s, ...wire } = client.encrypt(text(t), crypto.randomUUID());
    const res = await api.json('POST', `/api/v1/threads/${threadId}/messages`, wire, member.auth);
    expect(res.status).toBe(201);
  }

  async function addWithHistory(threadId: string, newcomer: Member) {
    const client = await openThread(api, ana, threadId);
    const { kemOf, keysOf } = await directoryKeys(api, ana, [...client.roster.members.keys(), newcomer.id]);
    return client.change({ kind: 'add', subject: newcomer.id, role: 'member' }, kemOf, keysOf, { shareHistory: true });
  }

  it('gives a newcomer the earlier messages when the thread shares history, and only then', async () => {
    const shared = await aThread(api, ana, [{ member: jurgen }], { shareHistory: true });
    expect((await api.json('GET', `/api/v1/threads/${shared}`, undefined, ana.auth)).body.shareHistory).toBe(true);
    await sendAs(ana, shared, 'before the rotation');
    // A rotation, so there is an earlier epoch to share.
    const client = await openThread(api, jurgen, shared);
    const { kemOf, keysOf } = await directoryKeys(api, jurgen, [ana.id, jurgen.id]);
    const rotation = await client.change({ kind: 'rotate' }, kemOf, keysOf);
    const rotated = await api.json(
      'POST',
      `/api/v1/threads/${shared}/membership`,
      { event: rotation.event, keyDistribution: rotation.keyDistribution },
      jurgen.auth,
    );
    expect(rotated.status).toBe(200);

    const add = await addWithHistory(shared, thijs);
    expect(add.historyShare).toBeDefined();
    const res = await api.json(
      'POST',
      `/api/v1/threads/${shared}/membership`,
      { event: add.event, keyDistribution: add.keyDistribution, historyShare: add.historyShare },
      ana.auth,
    );
    expect(res.status).toBe(200);
    const thijsClient = await openThread(api, thijs, shared);
    const page = await api.json('GET', `/api/v1/threads/${shared}/messages`, undefined, thijs.auth);
    expect(page.body.items.map((m: never) => thijsClient.decrypt(m).text)).toEqual(['before the rotation']);
    // Others do not receive Thijs's share.
    expect((await api.json('GET', `/api/v1/threads/${shared}`, undefined, jurgen.auth)).body.historyShares).toEqual([]);

    // A thread that keeps history closed refuses a share, and a share must be for the newcomer.
    const closed = await aThread(api, ana, [{ member: jurgen }]);
    await sendAs(ana, closed, 'closed');
    const closedClient = await openThread(api, ana, closed);
    const keys = await directoryKeys(api, ana, [ana.id, jurgen.id, pieter.id]);
    const rot = await closedClient.change({ kind: 'rotate' }, keys.kemOf, keys.keysOf);
    expect(
      (
        await api.json(
          'POST',
          `/api/v1/threads/${closed}/membership`,
          { event: rot.event, keyDistribution: rot.keyDistribution },
          ana.auth,
        )
      ).status,
    ).toBe(200);
    const again = await openThread(api, ana, closed);
    const addPieter = await again.change({ kind: 'add', subject: pieter.id, role: 'member' }, keys.kemOf, keys.keysOf, {
      shareHistory: true,
    });
    const refused = await api.json(
      'POST',
      `/api/v1/threads/${closed}/membership`,
      { event: addPieter.event, keyDistribution: addPieter.keyDistribution, historyShare: addPieter.historyShare },
      ana.auth,
    );
    expect([refused.status, refused.body.code]).toEqual([400, 'distribution_rejected']);
    const wrongRecipient = await api.json(
      'POST',
      `/api/v1/threads/${shared}/membership`,
      {
        event: (await addWithHistory(shared, pieter)).event,
        keyDistribution: (await addWithHistory(shared, pieter)).keyDistribution,
        historyShare: add.historyShare,
      },
      ana.auth,
    );
    expect([wrongRecipient.status, wrongRecipient.body.code]).toEqual([400, 'distribution_rejected']);
  });
});
