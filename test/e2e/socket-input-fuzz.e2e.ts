import fc from 'fast-check';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io-client';
import { LOGGER, RealtimeGateway } from '@liaison/core';
import { anOrganisation } from '../support/directory.js';
import { deeplyNested, edgeString, oddValue, prototypeKey, withPrototypeKey } from '../support/fuzz.js';
import { aUser, type TestUser } from '../support/identity.js';
import { aPerson, aThread, type Person } from '../support/messaging.js';
import { connect, request } from '../support/realtime.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Fuzzing every socket event the gateway handles (found in its registry, so a new event is
 * fuzzed without being named here), through a real socket.io client, with fast-check: random and
 * boundary values in the event's own fields (found from the server's answers) mixed with real
 * ids, wrong types, deep nesting, wide objects, huge strings, binary attachments, lone surrogates
 * and NULs, prototype keys. Every acknowledgement is a success or an error in the API's shape
 * with a 4xx, within 5 s; nothing is logged as a failed event, nothing rejects unhandled, the
 * socket keeps serving, and the server stays up. Then malformed socket.io frames: each is
 * answered, ignored or ends that connection, and the server keeps serving.
 *   FUZZ_SOCKET_RUNS (default 300 in the suite; `node bench/fuzz.mjs` runs more) inputs per event;
 *   FUZZ_SOCKET_FRAMES (default 300) malformed frames.
 */
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 300);
const FRAMES = Number(process.env.FUZZ_SOCKET_FRAMES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** socket.io's bound on one message (RealtimeIoAdapter): beyond it the server ends the connection. */
const MAX_FRAME_BYTES = 1_000_000;

type Answer = { ok?: unknown; error?: { statusCode?: unknown; error?: unknown; message?: unknown } };

/** Why an acknowledgement is not a success or a clean 4xx in the API's error shape, or null. */
function problemWith(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return `not an object: ${JSON.stringify(answer)}`;
  const { ok, error } = answer as Answer;
  if (ok === true) return null;
  if (ok !== false || typeof error !== 'object' || error === null) return `neither ok nor an error`;
  const status = error.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return `status ${String(status)}`;
  if (typeof error.message !== 'string' || error.message === '' || typeof error.error !== 'string')
    return 'not in the error shape';
  return null;
}

/** The size of a payload as the client sends it (binary counted by length), or Infinity. */
function frameBytes(payload: unknown): number {
  try {
    return Buffer.byteLength(
      JSON.stringify(payload, (_k, v: unknown) => (v instanceof Uint8Array ? 'x'.repeat(v.length) : v)) ?? '',
    );
  } catch {
    return Infinity;
  }
}

/** An object with exactly these own keys, `__proto__` included (no assignment reaches a prototype). */
function own(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const short = (value: unknown) => {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value).slice(0, 200);
  }
};

describe('fuzzing every socket event', () => {
  let api: TestApi;
  let ana: Person;
  let owner: TestUser;
  let secretariat: TestUser;
  let ids: { threadId: string; planId: string; announcementId: string };
  const unhandled: string[] = [];
  const logged: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(String((reason as Error)?.stack ?? reason));

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    api = await startTestApi();
    // What the gateway logs as a failed event (a 5xx, also for events sent without an ack).
    const logger = api.app.get<Logger>(LOGGER);
    const error = logger.error.bind(logger);
    logger.error = ((...args: Parameters<Logger['error']>) => {
      logged.push(short(args));
      return error(...args);
    }) as Logger['error'];

    secretariat = await aUser(api, { role: 'secretariat' });
    const police = await anOrganisation(api, secretariat, { name: 'Fuzz Police', kind: 'law_enforcement' });
    owner = await aUser(api, { role: 'org_admin', organisationId: police });
    const group = await api.json(
      'POST',
      '/api/v1/groups',
      { name: 'Fuzz group', purpose: 'x', members: [] },
      owner.auth,
    );
    const plan = await api.json(
      'POST',
      '/api/v1/plans',
      { groupId: group.body.id, title: 'Fuzz plan', tlp: 'AMBER', status: 'active' },
      owner.auth,
    );
    const announcement = await api.json(
      'POST',
      '/api/v1/announcements',
      { title: 'Fuzz draft', body: 'x', audience: { include: [{ roles: ['secretariat'] }] } },
      secretariat.auth,
    );
    for (const created of [group, plan, announcement])
      if (created.status !== 201) throw new Error(`setup: ${created.status} ${JSON.stringify(created.body)}`);
    ana = await aPerson(api);
    const threadId = await aThread(ana, [await aPerson(api)]);
    ids = { threadId, planId: plan.body.id, announcementId: announcement.body.id };
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  /**
   * A socket of the caller who reaches furthest into the event: the thread's member on a
   * connection her device proved (messages then skip the signature check and reach the MLS
   * parsing), the plan's owner, the secretariat.
   */
  async function socketFor(event: string): Promise<Socket> {
    if (event.startsWith('plan.')) return connect(api.url, { token: owner.accessToken });
    if (event.startsWith('announcement.')) return connect(api.url, { token: secretariat.accessToken });
    const socket = await connect(api.url, { token: ana.user.accessToken });
    const proven = await request(socket, 'mls.prove', {
      deviceId: ana.client.deviceId,
      signature: ana.client.proveConnection(socket.id!),
    });
    if (!proven.ok) throw new Error(`mls.prove: ${JSON.stringify(proven)}`);
    return socket;
  }

  /** Values that pass a field's checks (so that the other fields' odd values reach the handler). */
  const wellFormed = (): Record<string, fc.Arbitrary<unknown>> => ({
    threadId: fc.constantFrom(ids.threadId, ids.threadId.toUpperCase()),
    planId: fc.constant(ids.planId),
    announcementId: fc.constant(ids.announcementId),
    deviceId: fc.constant(ana.client.deviceId),
    afterSeq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    clientMessageId: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    message: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,600}$/), fc.constant('A'.repeat(350_000))),
    signature: fc.stringMatching(/^[A-Za-z0-9_-]{86}$/),
  });

  /** The event's own fields: those its validation names when given each candidate name at once. */
  async function fieldsOf(socket: Socket, event: string): Promise<string[]> {
    const candidates = Object.keys(wellFormed());
    const fields = new Set<string>();
    for (const payload of [{}, Object.fromEntries(candidates.map((c) => [c, { odd: true }]))]) {
      const answer = (await request(socket, event, payload)) as {
        error?: { details?: { field: string; reasons: string[] }[] };
      };
      for (const d of answer.error?.details ?? [])
        if (!d.reasons.some((r) => r.includes('should not exist'))) fields.add(d.field.split('.')[0]!);
    }
    return [...fields].sort();
  }

  /** Inputs for one event: its fields with well-formed or odd values, extra keys, or anything at all. */
  function inputsFor(fields: string[]): fc.Arbitrary<unknown> {
    const valid = wellFormed();
    const odd = fc.oneof(oddValue, edgeString, fc.uint8Array({ maxLength: 64 }), withPrototypeKey, deeplyNested);
    const field = (name: string) => (valid[name] ? fc.oneof(valid[name], valid[name], odd) : odd);
    const fieldsOnly = fc.record(Object.fromEntries(fields.map((f) => [f, field(f)])), { requiredKeys: [] });
    const withExtra = fc
      .tuple(
        fieldsOnly,
        fc.array(fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 12 })), odd), { maxLength: 3 }),
      )
      .map(([known, extra]) => own([...Object.entries(known), ...extra]));
    return fc.oneof(
      fieldsOnly,
      fieldsOnly,
      withExtra,
      fc.anything({ maxDepth: 3, withTypedArray: true }),
      odd,
      fc.constant(undefined),
    );
  }

  /** Inputs every event gets first: the edges that random draws rarely reach. */
  const edges = (fields: string[]): unknown[] => [
    null,
    0,
    -0,
    '',
    [],
    [{}],
    'x'.repeat(900_000),
    new Uint8Array(900_000),
    JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}'),
    own(fields.map((f) => [f, '\ud800'])),
    own(fields.map((f) => [f, 'a\u0000b'])),
    own(fields.map((f) => [f, ['x'.repeat(1000)]])),
    own(fields.map((f) => [f, JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40))])),
    // Wide: tens of thousands of unknown keys, and fields holding huge arrays.
    own(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])),
    own(fields.map((f) => [f, Array.from({ length: 50_000 }, (_, i) => i)])),
  ];

  it('answers every input of every event with a success or a clean 4xx, and keeps serving', async () => {
    const gateway = api.app.get(RealtimeGateway) as unknown as { handlers: Map<string, unknown> };
    const events = [...gateway.handlers.keys()].sort();
    expect(events.length).toBeGreaterThanOrEqual(9);
    const failures: string[] = [];
    const report: string[] = [];
    for (const event of events) {
      let socket = await socketFor(event);
      const fields = await fieldsOf(socket, event);
      let tried = 0;
      let closed = 0;
      const answers = new Map<string, number>();
      const started = performance.now();
      const attempt = async (payload: unknown): Promise<boolean> => {
        tried++;
        const sentAt = performance.now();
        try {
          const answer = (await request(socket, event, payload)) as Answer;
          const kind = answer?.ok === true ? 'ok' : String(answer?.error?.statusCode);
          answers.set(kind, (answers.get(kind) ?? 0) + 1);
          const problem = problemWith(answer);
          const ms = performance.now() - sentAt;
          const bytes = frameBytes(answer);
          if (problem) failures.push(`${event}: ${problem} (${short(answer)}) for ${short(payload)}`);
          // One event may not hold the server up, nor answer more than the caller sent.
          else if (ms > 2_000) failures.push(`${event}: answered after ${ms.toFixed(0)} ms for ${short(payload)}`);
          else if (bytes > 100_000) failures.push(`${event}: answered ${bytes} bytes for ${short(payload)}`);
          return problem === null && ms <= 2_000 && bytes <= 100_000;
        } catch (err) {
          if (!socket.connected && frameBytes(payload) > MAX_FRAME_BYTES) {
            // Too large for one frame: the server ends the connection, on purpose.
            closed++;
            socket = await socketFor(event);
            return true;
          }
          failures.push(`${event}: ${String(err)} (connected: ${socket.connected}) for ${short(payload)}`);
          if (!socket.connected) socket = await socketFor(event);
          return false;
        }
      };
      try {
        for (const payload of edges(fields)) await attempt(payload);
        // Without an acknowledgement: nothing to answer, and nothing may go wrong unseen.
        for (const payload of [undefined, {}, own(fields.map((f) => [f, 1]))]) socket.emit(event, payload);
        // More than one argument: only the first is the payload.
        socket.emit(event, {}, 'second', { third: true }, (answer: unknown) => {
          const problem = problemWith(answer);
          if (problem) failures.push(`${event} with three arguments: ${problem}`);
        });
        await fc
          .assert(
            fc.asyncProperty(inputsFor(fields), (payload) => attempt(payload)),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          )
          .catch(() => undefined);
        // The same socket still serves a well-formed call.
        expect(await request(socket, 'no.such.event', {})).toMatchObject({ ok: false, error: { statusCode: 404 } });
        expect(socket.connected).toBe(true);
      } finally {
        socket.close();
      }
      const tally = [...answers].map(([kind, n]) => `${kind} ${n}`).join(', ');
      report.push(
        `socket fuzzing ${event} (${fields.join(', ') || 'no fields'}): ${tried} inputs; answered ${tally}; ${closed} closed for size; ${(performance.now() - started).toFixed(0)} ms`,
      );
    }
    console.log(
      [
        ...report,
        `socket fuzzing: ${events.length} events, ${RUNS} random inputs each, ${failures.length} failures`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(logged).toEqual([]);
    expect(unhandled).toEqual([]);
    expect((await api.json('GET', '/health/ready')).status).toBe(200);
  }, 600_000);

  it('answers, ignores or closes on malformed socket.io frames, and keeps serving', async () => {
    const events = [...(api.app.get(RealtimeGateway) as unknown as { handlers: Map<string, unknown> }).handlers.keys()];
    // socket.io packets as the engine carries them (engine.io adds its own message type, `4`).
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const fixed = [
      `2/realtime,900001["mls.send",${deep(100_000)}]`,
      `2/realtime,900002["mls.subscribe",${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`,
      `2/realtime,900003["plan.subscribe",{"planId":${deep(3000)}}]`,
      '2/realtime,',
      '2/realtime,[',
      '2/realtime,[]',
      '2/realtime,{}',
      '2/realtime,"mls.send"',
      '2/realtime,[null]',
      '2/realtime,[42,{}]',
      '2/realtime,[{"toString":"x"},{}]',
      '2/realtime,["__proto__",{}]',
      '2/realtime,["constructor",{}]',
      '2/realtime,["hasOwnProperty",{}]',
      '2/realtime,["disconnect"]',
      '2/realtime,["connect_error",{}]',
      '2/realtime,["newListener","x"]',
      '2/realtime,["mls.send",{"_placeholder":true,"num":0}]',
      '2/realtime,99999999999999999999999["mls.send",{}]',
      '2/realtime,-1["mls.send",{}]',
      '51-/realtime,["mls.send",{"_placeholder":true,"num":7}]',
      '2/nowhere,["mls.send",{}]',
      '0/nowhere,',
      '0/realtime,{"token":"x"}',
      '1/realtime,',
      '3/realtime,5[{}]',
      '4/realtime,{"message":"x"}',
      '9/realtime,',
      '4',
      '',
      '9',
      '\u0000',
    ];
    const random = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `2/realtime,${s}`),
        fc
          .tuple(fc.constantFrom(...events, 'no.such.event'), oddValue)
          .map(([event, payload]) => `2/realtime,${JSON.stringify([event, payload])}`.slice(0, 10_000)),
        fc
          .tuple(fc.nat(), fc.constantFrom(...events), oddValue)
          .map(([id, event, payload]) => `2/realtime,${id}${JSON.stringify([event, payload])}`.slice(0, 10_000)),
        fc.string({ unit: 'binary', maxLength: 40 }),
      ),
      { numRuns: FRAMES, seed: SEED },
    );
    const failures: string[] = [];
    const counts = { answered: 0, closed: 0 };
    const open = async () => {
      const socket = await connect(api.url, { token: owner.accessToken });
      // Acknowledgements of the frames' own ids arrive as packets the client has no callback for.
      // (The client's own, the probes', arrive here too, with a null error put in front.)
      socket.io.on('packet', (packet: { type: number; data?: unknown[] }) => {
        if (packet.type !== 3 || packet.data?.[0] === null) return;
        counts.answered++;
        const problem = problemWith(packet.data?.[0]);
        if (problem) failures.push(`ack: ${problem}`);
      });
      return socket;
    };
    let socket = await open();
    try {
      for (const frame of [...fixed, ...random]) {
        (socket.io as unknown as { engine: { send(data: string): void } }).engine.send(frame);
        try {
          const probe = await request(socket, 'no.such.event', {});
          if (probe?.error?.statusCode !== 404) failures.push(`probe after ${short(frame)}: ${short(probe)}`);
        } catch (err) {
          if (socket.connected) failures.push(`no answer after ${short(frame)}: ${String(err)}`);
          counts.closed++;
          socket.close();
          socket = await open();
        }
      }
    } finally {
      socket.close();
    }
    console.log(
      `socket frame fuzzing: ${fixed.length + random.length} frames, ${counts.answered} acknowledged, ${counts.closed} ended the connection, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(logged).toEqual([]);
    expect(unhandled).toEqual([]);
    expect((await api.json('GET', '/health/ready')).status).toBe(200);
  }, 300_000);
});
