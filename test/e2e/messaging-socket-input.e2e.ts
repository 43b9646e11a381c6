import { aUser } from '../support/identity.js';
import { aMember, aThread } from '../support/messaging.js';
import { connect, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

// Every client-to-server event, with the kinds of bad input a broken or hostile client sends:
// each gets an error acknowledgement with a 4xx, nothing is stored, and the socket stays usable.
const EVENTS = [
  'thread.subscribe',
  'thread.unsubscribe',
  'message.send',
  'signer.prove',
  'typing',
  'read',
  'mls.subscribe',
  'mls.unsubscribe',
  'mls.send',
  'mls.read',
] as const;

describe('socket events refuse bad input without harm', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers garbage with 400s (field by field) or 404s, and keeps serving the socket', async () => {
    const [ana, jurgen] = await Promise.all([aMember(api), aMember(api)]);
    const threadId = await aThread(api, ana, [{ member: jurgen }]);
    const outsider = await aUser(api);
    const socket = await connect(api.url, { token: ana.accessToken });
    const stranger = await connect(api.url, { token: outsider.accessToken });
    try {
      const garbage: unknown[] = [
        undefined,
        null,
        42,
        'text',
        [threadId],
        {},
        { threadId: 'not-a-uuid' },
        { threadId, afterSeq: 'ten', seq: -1, epoch: 'one', nonce: '!!', ciphertext: 7, signature: null },
        { threadId, unexpected: true },
      ];
      for (const event of EVENTS)
        for (const payload of garbage) {
          const answer = await request(socket, event, payload);
          if (answer.ok) {
            // Only well-formed calls may succeed: unsubscribe and typing with a real thread id.
            expect([event, payload]).toEqual([expect.stringMatching(/unsubscribe|typing/), { threadId }]);
            continue;
          }
          expect([event, answer.error.statusCode]).toEqual([event, 400]);
          expect(answer.error.message).toBeTruthy();
        }
      // Field-level reasons for a payload with several bad fields.
      const detailed = await request(socket, 'message.send', garbage[7]);
      expect(detailed.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
        expect.arrayContaining(['ciphertext', 'clientMessageId', 'epoch', 'nonce', 'sentAt', 'signature']),
      );
      // A stranger to the thread learns nothing from any event.
      for (const [event, payload] of [
        ['thread.subscribe', { threadId, afterSeq: 0 }],
        ['typing', { threadId }],
        ['read', { threadId, seq: 1 }],
      ] as const) {
        const answer = await request(stranger, event, payload);
        expect([event, answer.ok, answer.error?.statusCode, answer.error?.code]).toEqual([
          event,
          false,
          404,
          'thread_not_found',
        ]);
      }
      // Nothing was stored, and both sockets still work.
      const page = await api.json('GET', `/api/v1/threads/${threadId}/messages`, undefined, ana.auth);
      expect(page.body.items).toEqual([]);
      expect(await request(socket, 'thread.subscribe', { threadId, afterSeq: 0 })).toMatchObject({ ok: true });
      expect(socket.connected && stranger.connected).toBe(true);
    } finally {
      socket.close();
      stranger.close();
    }
  });
});
