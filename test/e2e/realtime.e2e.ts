import { CLIENT_EVENTS, RealtimeGateway, RealtimePublisher } from '@liaison/core';
import { aUser, type TestUser } from '../support/identity.js';
import { connect, nextEvent } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('realtime gateway', () => {
  let api: TestApi;
  let anaUser: TestUser;
  let jurgenUser: TestUser;
  beforeAll(async () => {
    api = await startTestApi();
    anaUser = await aUser(api);
    jurgenUser = await aUser(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('handles exactly the client events of the event map, so the map cannot drift from the gateway', () => {
    const registered = api.app.get(RealtimeGateway).registeredEvents();
    expect([...registered].sort()).toEqual([...CLIENT_EVENTS].sort());
  });

  it('refuses a handshake without a token or with an invalid one', async () => {
    await expect(connect(api.url, {})).rejects.toThrow('unauthorized');
    await expect(connect(api.url, { token: 'forged' })).rejects.toThrow('unauthorized');
    await expect(connect(api.url, { token: 42 })).rejects.toThrow('unauthorized');
  });

  it("delivers a user's events to every socket of that user and to no one else", async () => {
    const ana = await connect(api.url, { token: anaUser.accessToken });
    const anaLaptop = await connect(api.url, { token: anaUser.accessToken });
    const jurgen = await connect(api.url, { token: jurgenUser.accessToken });
    let jurgenGot = false;
    jurgen.on('inbox.changed', () => (jurgenGot = true));
    try {
      const received = Promise.all([nextEvent(ana, 'inbox.changed'), nextEvent(anaLaptop, 'inbox.changed')]);
      api.app.get(RealtimePublisher).toUser(anaUser.id, 'inbox.changed', { announcementId: 'hello' });
      expect(await received).toEqual([{ announcementId: 'hello' }, { announcementId: 'hello' }]);
      await new Promise((r) => setTimeout(r, 100));
      expect(jurgenGot).toBe(false);
    } finally {
      for (const s of [ana, anaLaptop, jurgen]) s.close();
    }
  });

  it("ends a user's sockets with session.expired", async () => {
    const ana = await connect(api.url, { token: anaUser.accessToken });
    const expired = nextEvent<{ reason: string }>(ana, 'session.expired');
    const disconnected = nextEvent<string>(ana, 'disconnect');
    api.app.get(RealtimePublisher).disconnectUser(anaUser.id, 'signed_out');
    expect(await expired).toEqual({ reason: 'signed_out' });
    expect(await disconnected).toBe('io server disconnect');
  });
});

// With Redis, a second API instance on the same database shares rooms with the first.
if (process.env.REDIS_URL) {
  describe('realtime across API instances (Redis adapter)', () => {
    it('reaches a socket connected to another instance', async () => {
      const first = await startTestApi();
      const second = await first.startSibling();
      const user = await aUser(first);
      const ana = await connect(second.url, { token: user.accessToken });
      try {
        const received = nextEvent(ana, 'inbox.changed');
        first.app.get(RealtimePublisher).toUser(user.id, 'inbox.changed', { announcementId: 'first' });
        expect(await received).toEqual({ announcementId: 'first' });
      } finally {
        ana.close();
        await second.close();
        await first.close();
      }
    });
  });
}
