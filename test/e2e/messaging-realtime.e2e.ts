import type { Socket } from 'socket.io-client';
import { DeviceClient } from '@liaison/e2ee';
import { aUser } from '../support/identity.js';
import { aPerson, aThread, memoryStorage, type Person, revokeWith, texts, transportOf } from '../support/messaging.js';
import { connect, nextEvent, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { waitFor } from '../support/wait-for.js';

type Live = { threadId: string; message: { seq: number; kind: string } };

/** Encrypted threads over socket.io (`mls.*`): messages sent over REST, delivered live to subscribed devices. */
describe('messaging over socket.io', () => {
  let api: TestApi;
  const sockets: Socket[] = [];
  const open = async (p: Person, url = api.url) => {
    const socket = await connect(url, { token: p.user.accessToken });
    sockets.push(socket);
    return socket;
  };
  const subscribe = (socket: Socket, p: Person, threadId: string, afterSeq = 0) =>
    request(socket, 'mls.subscribe', { threadId, deviceId: p.client.deviceId, afterSeq });

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await api.close();
  });

  it('delivers live to subscribed devices, and gives a reconnecting device every message it missed, once and in order', async () => {
    const [ana, jurgen] = [await aPerson(api), await aPerson(api)];
    const threadId = await aThread(ana, [jurgen]);
    const first = await open(jurgen);
    const subscribed = await subscribe(first, jurgen, threadId);
    expect(subscribed).toMatchObject({ ok: true, more: false });
    const live = nextEvent<Live>(first, 'mls.message');
    const { seq } = await ana.client.send(threadId, 'over the socket');
    expect(await live).toMatchObject({ threadId, message: { seq, kind: 'application' } });
    expect(texts(await jurgen.client.sync(threadId))).toEqual(['over the socket']);
    first.close();

    const sent: number[] = [];
    for (const t of ['one', 'two', 'three']) sent.push((await ana.client.send(threadId, t)).seq);
    const again = await open(jurgen);
    const received: number[] = [];
    again.on('mls.message', (m: Live) => received.push(m.message.seq));
    const backlog = await subscribe(again, jurgen, threadId, seq);
    for (const m of backlog.messages as { seq: number }[]) received.push(m.seq);
    const next = nextEvent<Live>(again, 'mls.message');
    sent.push((await ana.client.send(threadId, 'four')).seq);
    await next;
    // Applied by seq, ignoring what is already there: exactly the sent ones, in order.
    expect([...new Set(received)].sort((a, b) => a - b)).toEqual(sent);
    expect(backlog.messages.map((m: { seq: number }) => m.seq)).toEqual(sent.slice(0, 3));
    expect(texts(await jurgen.client.sync(threadId))).toEqual(['one', 'two', 'three', 'four']);
  });

  it('refuses by default: a stranger, a removed device and a device that is not yours join no room and receive nothing', async () => {
    const [ana, jurgen, analyst, outsider] = [
      await aPerson(api),
      await aPerson(api),
      await aPerson(api),
      await aPerson(api),
    ];
    const threadId = await aThread(ana, [jurgen, analyst]);
    const jurgenSocket = await open(jurgen);
    const analystSocket = await open(analyst);
    const stranger = await open(outsider);
    const borrowed = await open(ana);
    await subscribe(jurgenSocket, jurgen, threadId);
    expect(await subscribe(analystSocket, analyst, threadId)).toMatchObject({ ok: true });

    const notFound = { ok: false, error: { statusCode: 404, code: 'thread_not_found' } };
    expect(await subscribe(stranger, outsider, threadId)).toMatchObject(notFound);
    expect(await request(stranger, 'mls.read', { threadId, seq: 1 })).toMatchObject(notFound);
    // Ana naming Jürgen's device: it is not hers.
    expect(await subscribe(borrowed, jurgen, threadId)).toMatchObject(notFound);

    // The analyst is removed: his socket leaves the room with the commit, and he cannot come back.
    const removal = nextEvent<Live>(analystSocket, 'mls.message');
    await ana.client.removePeople(threadId, [analyst.user.id]);
    expect((await removal).message.kind).toBe('commit');
    expect(await subscribe(analystSocket, analyst, threadId)).toMatchObject(notFound);

    const heard = new Map<Socket, number[]>([stranger, analystSocket, borrowed].map((s) => [s, []]));
    for (const [s, seqs] of heard) s.on('mls.message', (m: Live) => seqs.push(m.message.seq));
    const jurgenHeard: number[] = [];
    jurgenSocket.on('mls.message', (m: Live) => jurgenHeard.push(m.message.seq));
    const after = await ana.client.send(threadId, 'after the analyst left');
    await waitFor(() => jurgenHeard.includes(after.seq), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect([...heard.values()]).toEqual([[], [], []]);
    expect([stranger, analystSocket, borrowed].every((s) => s.connected)).toBe(true);
  });

  it('takes a removed device’s sockets out of the thread even while its owner is still in it', async () => {
    const ana = await aPerson(api);
    const jurgenUser = await aUser(api);
    const first = await DeviceClient.setUp(jurgenUser.id, transportOf(api, jurgenUser), memoryStorage());
    const laptop = await DeviceClient.restore(
      jurgenUser.id,
      first.words,
      transportOf(api, jurgenUser),
      memoryStorage(),
    );
    const jurgen = { user: jurgenUser, client: first.client };
    const threadId = await aThread(ana, [jurgen]);
    expect(await laptop.joinWelcomes()).toEqual([threadId]);
    const phoneSocket = await open(jurgen);
    const laptopSocket = await open(jurgen);
    await subscribe(phoneSocket, jurgen, threadId);
    expect(await subscribe(laptopSocket, { user: jurgenUser, client: laptop }, threadId)).toMatchObject({ ok: true });

    // The laptop is stolen: Jürgen revokes it, and Ana's device removes it from the thread.
    expect(await revokeWith(api, jurgenUser, first.client, laptop.deviceId)).toBe(200);
    const removal = nextEvent<Live>(laptopSocket, 'mls.message');
    await ana.client.renewDevicesOf(threadId, jurgenUser.id);
    expect((await removal).message.kind).toBe('commit');
    expect(ana.client.members(threadId).map((m) => m.deviceId)).not.toContain(laptop.deviceId);

    const laptopHeard: number[] = [];
    laptopSocket.on('mls.message', (m: Live) => laptopHeard.push(m.message.seq));
    const phoneHeard: number[] = [];
    phoneSocket.on('mls.message', (m: Live) => phoneHeard.push(m.message.seq));
    const after = await ana.client.send(threadId, 'not for the stolen laptop');
    await waitFor(() => phoneHeard.includes(after.seq), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(laptopHeard).toEqual([]);
  });
});

// With Redis, two API instances deliver to each other's sockets.
if (process.env.REDIS_URL) {
  describe('messaging across API instances (Redis adapter)', () => {
    it('delivers a message sent through one instance to a device subscribed on the other', async () => {
      const first = await startTestApi();
      const second = await first.startSibling();
      try {
        const [a, b] = [await aPerson(first), await aPerson(first)];
        const threadId = await aThread(a, [b]);
        const bSocket = await connect(second.url, { token: b.user.accessToken });
        try {
          await request(bSocket, 'mls.subscribe', { threadId, deviceId: b.client.deviceId });
          const live = nextEvent<Live>(bSocket, 'mls.message');
          const { seq } = await a.client.send(threadId, 'across instances');
          expect((await live).message.seq).toBe(seq);
          expect(texts(await b.client.sync(threadId))).toEqual(['across instances']);
        } finally {
          bSocket.close();
        }
      } finally {
        await second.close();
        await first.close();
      }
    });
  });
}
