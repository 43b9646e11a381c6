import type { Socket } from 'socket.io-client';
import { encryptMessage, type MessageBody, newEpochSecret, signConnectionProof } from '@liaison/e2ee';
import { aUser, type TestUser } from '../support/identity.js';
import { aMember, aThread, type Member, openThread } from '../support/messaging.js';
import { connect, nextEvent, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const text = (t: string): MessageBody => ({ v: 1, kind: 'text', text: t });
type Wire = { seq: number; ciphertext: string };

describe('messaging over socket.io', () => {
  let api: TestApi;
  let ana: Member, jurgen: Member;
  let outsider: TestUser;
  let threadId: string;
  const sockets: Socket[] = [];
  const open = async (user: TestUser, url = api.url) => {
    const socket = await connect(url, { token: user.accessToken });
    sockets.push(socket);
    return socket;
  };
  const wire = async (member: Member, t: string, clientMessageId: string = crypto.randomUUID()) => {
    const client = await openThread(api, member, threadId);
    const { senderUserId: _s, ...message } = client.encrypt(text(t), clientMessageId);
    return message;
  };

  beforeAll(async () => {
    api = await startTestApi();
    [ana, jurgen] = await Promise.all([aMember(api), aMember(api)]);
    outsider = await aUser(api);
    threadId = await aThread(api, ana, [{ member: jurgen }]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await api.close();
  });

  it('sends with an acknowledgement after commit and delivers live to subscribed members', async () => {
    const anaSocket = await open(ana);
    const jurgenSocket = await open(jurgen);
    expect(await request(jurgenSocket, 'thread.subscribe', { threadId, afterSeq: 0 })).toEqual({
      ok: true,
      messages: [],
      lastSeq: 0,
      more: false,
    });
    const live = nextEvent<Wire>(jurgenSocket, 'message.new');
    const ack = await request(anaSocket, 'message.send', await wire(ana, 'over the socket'));
    expect(ack).toMatchObject({ ok: true, created: true, message: { seq: 1, senderUserId: ana.id } });
    const delivered = await live;
    expect(delivered).toEqual(ack.message);
    const jurgenClient = await openThread(api, jurgen, threadId);
    expect(jurgenClient.decrypt(delivered as never).text).toBe('over the socket');
    // The sender's typing reaches the others, not the sender.
    await request(anaSocket, 'thread.subscribe', { threadId, afterSeq: 1 });
    let echoed = false;
    anaSocket.on('typing', () => (echoed = true));
    const typing = nextEvent(jurgenSocket, 'typing');
    expect(await request(anaSocket, 'typing', { threadId })).toEqual({ ok: true });
    expect(await typing).toEqual({ threadId, userId: ana.id });
    expect(echoed).toBe(false);
  });

  it('gives a reconnecting client every message it missed, once and in order', async () => {
    const anaSocket = await open(ana);
    const first = await open(jurgen);
    const { lastSeq } = await request(first, 'thread.subscribe', { threadId, afterSeq: 0 });
    first.close();
    const sent: number[] = [];
    for (const t of ['one', 'two', 'three'])
      sent.push((await request(anaSocket, 'message.send', await wire(ana, t))).message.seq);
    const again = await open(jurgen);
    const received: number[] = [];
    again.on('message.new', (m: Wire) => received.push(m.seq));
    const backlog = await request(again, 'thread.subscribe', { threadId, afterSeq: lastSeq });
    for (const m of backlog.messages as Wire[]) received.push(m.seq);
    const live = nextEvent<Wire>(again, 'message.new');
    sent.push((await request(anaSocket, 'message.send', await wire(ana, 'four'))).message.seq);
    await live;
    // Applied by seq, ignoring what is already there: exactly the sent ones, in order.
    const applied = [...new Set(received)].sort((a, b) => a - b);
    expect(applied).toEqual(sent);
    expect(backlog.messages.map((m: Wire) => m.seq)).toEqual(sent.slice(0, 3));
  });

  it('refuses non-members and bad payloads with an error acknowledgement, and the socket stays usable', async () => {
    const socket = await open(outsider);
    const denied = await request(socket, 'thread.subscribe', { threadId, afterSeq: 0 });
    expect(denied).toMatchObject({ ok: false, error: { statusCode: 404, code: 'thread_not_found' } });
    const send = await request(socket, 'message.send', await wire(ana, 'not mine'));
    expect(send).toMatchObject({ ok: false, error: { statusCode: 404 } });
    expect((await request(socket, 'typing', { threadId })).error.statusCode).toBe(404);
    const bad = await request(socket, 'thread.subscribe', { threadId: 'nope', afterSeq: -1, extra: 1 });
    expect(bad.ok).toBe(false);
    expect(bad.error.statusCode).toBe(400);
    expect(bad.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['afterSeq', 'extra', 'threadId']);
    expect((await request(socket, 'thread.subscribe', 'not an object')).error.statusCode).toBe(400);
    expect((await request(socket, 'no.such.event', {})).error.statusCode).toBe(404);
    expect(socket.connected).toBe(true);
    // A member's stale epoch: 409 with the current one, through the acknowledgement.
    const member = await open(jurgen);
    // Signed under an epoch the thread is not at (a client that missed a rotation).
    const { senderUserId: _s, ...otherEpoch } = encryptMessage(text('x'), {
      threadId,
      epoch: 9,
      epochSecret: newEpochSecret(),
      sender: jurgen.keys,
      clientMessageId: crypto.randomUUID(),
    });
    const stale = await request(member, 'message.send', otherEpoch);
    expect(stale).toMatchObject({ ok: false, error: { statusCode: 409, context: { currentEpoch: 1 } } });
    const retry = await wire(jurgen, 'retry', 'same-id');
    const [a, b] = [await request(member, 'message.send', retry), await request(member, 'message.send', retry)];
    expect([a.created, b.created]).toEqual([true, false]);
    expect(a.message.id).toBe(b.message.id);
  });

  it('checks every message of a socket until its client proves the signing key for that socket alone', async () => {
    const flip = (message: Awaited<ReturnType<typeof wire>>) => {
      const bytes = Buffer.from(message.ciphertext, 'base64url');
      bytes[0] ^= 1;
      return { ...message, ciphertext: bytes.toString('base64url') };
    };
    const refusedAsForged = { ok: false, error: { statusCode: 400, context: { reason: 'bad_signature' } } };
    // Somebody with Jürgen's session but not his key: forged messages are refused, and so are
    // proofs made for another connection (Jürgen's own, seen or replayed) or signed by another key.
    const thief = await open(jurgen);
    const holder = await open(jurgen);
    expect(await request(thief, 'message.send', flip(await wire(jurgen, 'forged')))).toMatchObject(refusedAsForged);
    for (const signature of [
      signConnectionProof(jurgen.keys, holder.id!),
      signConnectionProof(ana.keys, thief.id!),
      signConnectionProof({ ...ana.keys, userId: jurgen.id }, thief.id!),
    ])
      expect(await request(thief, 'signer.prove', { signature })).toMatchObject({
        ok: false,
        error: { statusCode: 400, code: 'signer_proof_rejected', details: [{ field: 'signature' }] },
      });
    expect((await request(thief, 'signer.prove', { signature: 'short' })).error.statusCode).toBe(400);
    expect(await request(thief, 'message.send', flip(await wire(jurgen, 'forged again')))).toMatchObject(
      refusedAsForged,
    );

    // Jürgen's client proves its own socket: the server stores what it sends without checking it
    // again, and every recipient still refuses a bad signature with its reason.
    expect(await request(holder, 'signer.prove', { signature: signConnectionProof(jurgen.keys, holder.id!) })).toEqual({
      ok: true,
    });
    const unchecked = await request(holder, 'message.send', flip(await wire(jurgen, 'tampered after')));
    expect(unchecked).toMatchObject({ ok: true, created: true });
    const reader = await openThread(api, ana, threadId);
    expect(() => reader.decrypt(unchecked.message)).toThrow(expect.objectContaining({ reason: 'bad_signature' }));
    // Its shape is still checked: text that is not base64url is refused.
    const shaped = await wire(jurgen, 'y');
    // A length of 4k + 1 characters is no base64 of any bytes.
    const ciphertext = shaped.ciphertext + 'A'.repeat((5 - (shaped.ciphertext.length % 4)) % 4 || 4);
    const notB64 = await request(holder, 'message.send', { ...shaped, ciphertext });
    expect(notB64).toMatchObject({ ok: false, error: { statusCode: 400, context: { reason: 'malformed' } } });
    // The proof was for that socket: the thief's is still checked.
    expect(await request(thief, 'message.send', flip(await wire(jurgen, 'forged last')))).toMatchObject(
      refusedAsForged,
    );
  });
});

// With Redis, two API instances deliver to each other's sockets.
if (process.env.REDIS_URL) {
  describe('messaging across API instances (Redis adapter)', () => {
    it('delivers a message sent through one instance to a member subscribed on the other', async () => {
      const first = await startTestApi();
      const second = await first.startSibling();
      try {
        const [a, b] = await Promise.all([aMember(first), aMember(first)]);
        const id = await aThread(first, a, [{ member: b }]);
        const bSocket = await connect(second.url, { token: b.accessToken });
        const aSocket = await connect(first.url, { token: a.accessToken });
        try {
          await request(bSocket, 'thread.subscribe', { threadId: id, afterSeq: 0 });
          const live = nextEvent<Wire>(bSocket, 'message.new');
          const client = await openThread(first, a, id);
          const { senderUserId: _s, ...message } = client.encrypt(text('across instances'), crypto.randomUUID());
          const ack = await request(aSocket, 'message.send', message);
          expect(await live).toEqual(ack.message);
        } finally {
          aSocket.close();
          bSocket.close();
        }
      } finally {
        await second.close();
        await first.close();
      }
    });
  });
}
