import { aPerson, aThread } from '../support/messaging.js';
import { connect, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// Every client-to-server event of the encrypted threads, with the kinds of bad input a broken or
// hostile client sends: each gets an error acknowledgement with a 4xx, nothing is stored, and the
// socket stays usable.
const EVENTS = ['mls.subscribe', 'mls.unsubscribe', 'mls.send', 'mls.read', 'mls.prove'] as const;

describe('socket events refuse bad input without harm', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers garbage with 400s (field by field) or 404s, and keeps serving the socket', async () => {
    const [ana, jurgen, outsider] = [await aPerson(api), await aPerson(api), await aPerson(api)];
    const threadId = await aThread(ana, [jurgen]);
    const before = await api.json('GET', `/api/v1/threads/${threadId}`, undefined, ana.user.auth);
    const socket = await connect(api.url, { token: ana.user.accessToken });
    const stranger = await connect(api.url, { token: outsider.user.accessToken });
    try {
      const garbage: unknown[] = [
        undefined,
        null,
        42,
        'text',
        [threadId],
        {},
        { threadId: 'not-a-uuid' },
        {
          threadId,
          deviceId: '!',
          afterSeq: 'ten',
          seq: -1,
          clientMessageId: 7,
          message: '!!',
          signature: null,
        },
        { threadId, unexpected: true },
      ];
      for (const event of EVENTS)
        for (const payload of garbage) {
          const answer = await request(socket, event, payload);
          if (answer.ok) {
            // Only a well-formed call may succeed: unsubscribing with a real thread id.
            expect([event, payload]).toEqual(['mls.unsubscribe', { threadId }]);
            continue;
          }
          expect([event, answer.error.statusCode]).toEqual([event, 400]);
          expect(answer.error.message).toBeTruthy();
        }
      // Field-level reasons for a payload with several bad fields.
      const detailed = await request(socket, 'mls.send', garbage[7]);
      expect(detailed.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
        expect.arrayContaining(['clientMessageId', 'deviceId', 'message', 'signature']),
      );
      // Well-formed, but not an MLS message of this thread: refused as such.
      const notMls = await request(socket, 'mls.send', {
        threadId,
        deviceId: ana.client.deviceId,
        clientMessageId: 'not-mls-0001',
        message: 'AAAAAAAA',
        signature: 'A'.repeat(86),
      });
      expect([notMls.error.statusCode, notMls.error.details[0].field]).toEqual([400, 'message']);
      // A stranger to the thread (with a device of their own) learns nothing from any event.
      for (const [event, payload] of [
        ['mls.subscribe', { threadId, deviceId: outsider.client.deviceId, afterSeq: 0 }],
        ['mls.read', { threadId, seq: 1 }],
      ] as const) {
        const answer = await request(stranger, event, payload);
        expect([event, answer.ok, answer.error?.statusCode, answer.error?.code]).toEqual([
          event,
          false,
          404,
          'thread_not_found',
        ]);
      }
      // Nor does a member naming a device that is not theirs.
      expect(
        (await request(socket, 'mls.subscribe', { threadId, deviceId: jurgen.client.deviceId })).error,
      ).toMatchObject({ statusCode: 404, code: 'thread_not_found' });
      expect((await request(socket, 'no.such.event', {})).error.statusCode).toBe(404);
      // Nothing was stored, and both sockets still work.
      const after = await api.json('GET', `/api/v1/threads/${threadId}`, undefined, ana.user.auth);
      expect(after.body.lastSeq).toBe(before.body.lastSeq);
      expect(await request(socket, 'mls.subscribe', { threadId, deviceId: ana.client.deviceId })).toMatchObject({
        ok: true,
      });
      expect(socket.connected && stranger.connected).toBe(true);
    } finally {
      socket.close();
      stranger.close();
    }
  });
});
