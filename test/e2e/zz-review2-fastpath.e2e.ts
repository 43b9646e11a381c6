import { decodeMlsMessage, encodeMlsMessage } from 'ts-mls';
import {
  DeviceClient,
  type DeviceStorage,
  fromB64,
  httpTransport,
  type LiaisonTransport,
  signDelivery,
  toB64,
} from '@liaison/e2ee';
import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const memoryStorage = (): DeviceStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    load: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    save: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
  };
};

type Body = { deviceId: string; clientMessageId: string; message: string; signature: string };

describe('review2: the application fast path', () => {
  let api: TestApi;
  const transportOf = (user: TestUser): LiaisonTransport =>
    httpTransport((method, path, body) => api.json(method, `/api/v1${path}`, body, user.auth));
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  /** Encrypts n messages with the device's saved group, without sending them. */
  const capture = async (user: TestUser, storage: DeviceStorage, threadId: string, n: number): Promise<Body[]> => {
    const out: Body[] = [];
    const real = transportOf(user);
    const capturing: LiaisonTransport = {
      ...real,
      send: async (_t, body) => {
        out.push(body);
        return { seq: 0 };
      },
    };
    const c = (await DeviceClient.load(user.id, capturing, storage))!;
    await c.refreshPeople([]);
    const others = new Set<string>();
    await c.refreshPeople([...others]);
    for (let i = 0; i < n; i++) await c.send(threadId, `m${i}`);
    return out;
  };

  it('50+ concurrent sends with duplicates and a concurrent commit', async () => {
    const [a, j, b] = [await aUser(api), await aUser(api), await aUser(api)];
    const sa = memoryStorage();
    const sj = memoryStorage();
    let done = 0;
    let gate = false;
    const realA = transportOf(a);
    const gated: LiaisonTransport = {
      ...realA,
      commit: async (t, body) => {
        while (gate && done < 25) await new Promise((r) => setTimeout(r, 1));
        return realA.commit(t, body);
      },
    };
    const ana = (await DeviceClient.setUp(a.id, gated, sa)).client;
    const jur = (await DeviceClient.setUp(j.id, transportOf(j), sj)).client;
    await DeviceClient.setUp(b.id, transportOf(b), memoryStorage());
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id]);
    await jur.joinWelcomes();
    // let both clients know each other's devices after load
    await ana.refreshPeople([j.id]);
    await jur.refreshPeople([a.id]);
    // capture with the storage: clients loaded need to know the other person's devices
    const anaBodies = await (async () => {
      const real = transportOf(a);
      const out: Body[] = [];
      const c = (await DeviceClient.load(
        a.id,
        { ...real, send: async (_t, body) => (out.push(body), { seq: 0 }) },
        sa,
      ))!;
      await c.refreshPeople([j.id]);
      for (let i = 0; i < 35; i++) await c.send(threadId, `a${i}`);
      return out;
    })();
    const jurBodies = await (async () => {
      const real = transportOf(j);
      const out: Body[] = [];
      const c = (await DeviceClient.load(
        j.id,
        { ...real, send: async (_t, body) => (out.push(body), { seq: 0 }) },
        sj,
      ))!;
      await c.refreshPeople([a.id]);
      for (let i = 0; i < 15; i++) await c.send(threadId, `j${i}`);
      return out;
    })();
    const anaSecret = fromB64(JSON.parse(sa.data.get(`device:${a.id}`)!).deviceSecret);
    const reqs: { user: TestUser; body: Body; tag: string }[] = [];
    anaBodies.forEach((body, i) => reqs.push({ user: a, body, tag: `a${i}` }));
    jurBodies.forEach((body, i) => reqs.push({ user: j, body, tag: `j${i}` }));
    // identical retries
    for (let i = 0; i < 8; i++) reqs.push({ user: a, body: anaBodies[i]!, tag: `a${i}-retry` });
    for (let i = 0; i < 4; i++) reqs.push({ user: j, body: jurBodies[i]!, tag: `j${i}-retry` });
    // same id, another body (signed by the device): the server keeps one
    for (let i = 10; i < 14; i++) {
      const other = anaBodies[i + 10]!;
      const id = anaBodies[i]!.clientMessageId;
      const bytes = fromB64(other.message);
      const epoch = Number((decodeMlsMessage(bytes, 0)![0] as any).privateMessage.epoch);
      reqs.push({
        user: a,
        tag: `a${i}-samebody-of-a${i + 10}`,
        body: {
          ...other,
          clientMessageId: id,
          signature: toB64(
            signDelivery(
              { secretKey: anaSecret },
              { threadId, kind: 'application', epoch, body: bytes, clientMessageId: id },
            ),
          ),
        },
      });
    }
    reqs.sort(() => Math.random() - 0.5);
    const sendAll = Promise.all(
      reqs.map(async (r) => ({
        r,
        res: await api.json('POST', `/api/v1/mls/threads/${threadId}/messages`, r.body, r.user.auth),
      })),
    );
    // a commit taking the next epoch in the middle of it
    const commit = ana.addPeople(threadId, [b.id]);
    const [results] = await Promise.all([sendAll, commit]);
    const statuses: Record<number, number> = {};
    for (const { res } of results) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    console.log(
      'statuses',
      statuses,
      results.filter((x) => x.res.status >= 500).map((x) => x.res.body),
    );
    expect(results.every(({ res }) => res.status === 201 || res.status === 409)).toBe(true);

    const stored = (
      await api.json(
        'GET',
        `/api/v1/mls/threads/${threadId}/messages?deviceId=${jur.deviceId}&afterSeq=0&limit=500`,
        undefined,
        j.auth,
      )
    ).body.items as any[];
    const seqs = stored.map((m) => m.seq);
    const first = seqs[0];
    expect(seqs).toEqual(seqs.map((_, i) => first + i)); // gap-free from what J can read
    const detail = (await api.json('GET', `/api/v1/mls/threads/${threadId}`, undefined, a.auth)).body;
    expect(detail.lastSeq).toBe(seqs[seqs.length - 1]);
    // each acked message stored once, at the acked seq
    const byKey = new Map<string, any[]>();
    for (const m of stored) {
      const k = `${m.senderUserId}/${m.clientMessageId}`;
      byKey.set(k, [...(byKey.get(k) ?? []), m]);
    }
    expect([...byKey.values()].every((l) => l.length === 1)).toBe(true);
    for (const { r, res } of results)
      if (res.status === 201) {
        const m = byKey.get(`${r.user.id}/${r.body.clientMessageId}`);
        expect(m?.[0]?.seq).toBe(res.body.seq);
      }
    // no application message of an epoch stored after the commit that ended it
    let epoch = 1;
    const commitsSeen: number[] = [];
    for (const m of stored) {
      if (m.kind === 'commit') {
        expect(m.epoch).toBe(epoch);
        epoch++;
        commitsSeen.push(m.seq);
      } else expect(m.epoch).toBe(epoch);
    }
    console.log(
      'stored',
      stored.length,
      'commits at',
      commitsSeen,
      'epoch now',
      epoch,
      'retries created:false',
      results.filter((x) => x.res.status === 201 && x.res.body.created === false).length,
    );
    // Jürgen reads what was stored (those of the old epoch and the commit)
    const ev = await jur.sync(threadId);
    console.log(
      'jur kinds',
      Object.entries(
        ev.reduce<Record<string, number>>(
          (acc, e) => (
            (acc[e.kind === 'refused' ? 'refused:' + e.reason : e.kind] =
              (acc[e.kind === 'refused' ? 'refused:' + e.reason : e.kind] ?? 0) + 1),
            acc
          ),
          {},
        ),
      ),
    );
  });

  it('an epoch outside int4 and other odd inputs', async () => {
    const [a, j] = [await aUser(api), await aUser(api)];
    const sa = memoryStorage();
    const ana = (await DeviceClient.setUp(a.id, transportOf(a), sa)).client;
    const jur = (await DeviceClient.setUp(j.id, transportOf(j), memoryStorage())).client;
    const threadId = crypto.randomUUID();
    await ana.startThread(threadId, [j.id]);
    await jur.joinWelcomes();
    const real = transportOf(a);
    const out: Body[] = [];
    const c = (await DeviceClient.load(a.id, { ...real, send: async (_t, body) => (out.push(body), { seq: 0 }) }, sa))!;
    await c.refreshPeople([j.id]);
    await c.send(threadId, 'x');
    const secretKey = fromB64(JSON.parse(sa.data.get(`device:${a.id}`)!).deviceSecret);
    const decoded = decodeMlsMessage(fromB64(out[0]!.message), 0)![0] as any;
    for (const epoch of [2n ** 31n, 2n ** 63n - 1n]) {
      const forged = encodeMlsMessage({ ...decoded, privateMessage: { ...decoded.privateMessage, epoch } });
      const id = `bigepoch${epoch.toString().slice(0, 6)}`;
      const res = await api.json(
        'POST',
        `/api/v1/mls/threads/${threadId}/messages`,
        {
          deviceId: ana.deviceId,
          clientMessageId: id,
          message: toB64(forged),
          signature: Number.isSafeInteger(Number(epoch))
            ? toB64(
                signDelivery(
                  { secretKey },
                  { threadId, kind: 'application', epoch: Number(epoch), body: forged, clientMessageId: id },
                ),
              )
            : toB64(new Uint8Array(64)),
        },
        a.auth,
      );
      console.log('epoch', epoch, '->', res.status, JSON.stringify(res.body).slice(0, 200));
    }
    // a message to a thread that does not exist (valid UUID), signed
    const other = crypto.randomUUID();
    const res2 = await api.json('POST', `/api/v1/mls/threads/${other}/messages`, out[0], a.auth);
    console.log('other thread', res2.status, res2.body?.code);
  });
});
