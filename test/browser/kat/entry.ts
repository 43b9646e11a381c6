// Bundled for Chromium by kat.vite.config.mjs: the protocol library's known-answer tests and
// protocol round trips, exposed to the page as globalThis.liaisonKat.
import {
  DeviceClient,
  httpTransport,
  certifyDevice,
  createKeyPackage,
  decryptAttachment,
  DeviceAuthority,
  type DeviceRecord,
  encryptAttachment,
  generateIdentityKey,
  generateSigningKeyPair,
  identityRecord,
  type IdentityRecord,
  ThreadGroup,
  TrustStore,
  utf8,
  fromUtf8,
  describeFailures,
  newDeviceBackupKey,
  newRecoveryKey,
  openDeviceBackup,
  parseRecoveryWords,
  randomBytes,
  runKnownAnswerTests,
  sealDeviceBackup,
  toB64,
} from '../../../libs/e2ee/src/index.js';
import type { KatVectors } from '../../../libs/e2ee/src/kat/known-answers.js';
import { MLS_VECTOR_FILES, type MlsVectors, runMlsTestVectors } from '../../../libs/e2ee/src/kat/mls-vectors.js';

/** An attachment encrypted and opened, and a key backup sealed and opened with the 24 words. */
async function roundTrip(): Promise<string[]> {
  const { descriptor, ciphertext } = encryptAttachment(utf8('ça marche'), {
    id: crypto.randomUUID(),
    name: 'note.txt',
    type: 'text/plain',
  });
  const { key, words } = newRecoveryKey();
  const blob = sealDeviceBackup(newDeviceBackupKey('ana', key), {
    v: 2,
    identitySecretKey: toB64(randomBytes(32)),
    logKey: toB64(randomBytes(32)),
    devices: [],
    archiveKey: toB64(randomBytes(32)),
    pins: [],
  });
  const opened = openDeviceBackup(blob, 'ana', parseRecoveryWords(words));
  return [fromUtf8(decryptAttachment(ciphertext, descriptor)), String(opened.payload.devices.length)];
}

/** `count` people with one device each, and an authority per person that knows them all. */
function network(count: number) {
  const identities: IdentityRecord[] = [];
  const devices: DeviceRecord[] = [];
  const people = Array.from({ length: count }, (_, i) => {
    const userId = `member-${i}`;
    const identity = generateIdentityKey(userId);
    const keys = generateSigningKeyPair();
    identities.push(identityRecord(identity));
    devices.push(certifyDevice(identity, 'browser', keys.publicKey));
    return { userId, deviceId: 'browser', secretKey: keys.secretKey, publicKey: keys.publicKey };
  });
  const authority = () => {
    const trust = new TrustStore();
    for (const p of people) trust.review(p.userId, identities);
    return new DeviceAuthority(trust, () => ({ devices, revocations: [] }));
  };
  return { people, authority };
}

/** An MLS thread in Chromium: add, message, remove; answers what the removed member saw. */
async function mlsRoundTrip(): Promise<string[]> {
  const { people, authority } = network(3);
  const [ana, jurgen, analyst] = people;
  const group = await ThreadGroup.create('thread-1', await createKeyPackage(ana!), authority());
  const jKp = await createKeyPackage(jurgen!);
  const xKp = await createKeyPackage(analyst!);
  const add = await group.commit(
    { add: [jKp.publicPackage, xKp.publicPackage] },
    { size: 0, root: new Uint8Array(32) },
  );
  group.apply(add);
  const j = await ThreadGroup.join('thread-1', add.welcome!, jKp, authority());
  const x = await ThreadGroup.join('thread-1', add.welcome!, xKp, authority());
  const first = await j.process(await group.encrypt(utf8('ça marche'), 'm1'));
  const removal = await group.commit(
    { remove: [group.members().find((m) => m.userId === 'member-2')!.leafIndex] },
    { size: 0, root: new Uint8Array(32) },
  );
  group.apply(removal);
  await j.process(removal.commit);
  const removed = await x.process(removal.commit);
  const after = await group.encrypt(utf8('not for the analyst'), 'm2');
  const refused = await x.process(after).then(
    () => 'read',
    (e: { reason?: string }) => e.reason ?? 'error',
  );
  return [first.kind === 'message' ? fromUtf8(first.plaintext) : first.kind, removed.kind, refused];
}

/** Client-side costs of protocol v2 for bench/e2ee-client.mjs. */
async function mlsTimings() {
  const { people, authority } = network(50);
  const [admin, ...rest] = people;
  const group = await ThreadGroup.create('thread-50', await createKeyPackage(admin!), authority());
  const packages = await Promise.all(rest.map((p) => createKeyPackage(p)));
  let t = performance.now();
  const add = await group.commit({ add: packages.map((p) => p.publicPackage) }, { size: 0, root: new Uint8Array(32) });
  const addMs = performance.now() - t;
  group.apply(add);
  const welcome: number[] = [];
  const members: ThreadGroup[] = [];
  for (const p of packages.slice(0, 5)) {
    t = performance.now();
    members.push(await ThreadGroup.join('thread-50', add.welcome!, p, authority()));
    welcome.push(performance.now() - t);
  }
  const receiver = members[0]!;
  const text =
    'A message of ordinary length, about two hundred characters: who covers victim identification in Romania, and does she speak French? Please reply before Friday.';
  const encrypt: number[] = [];
  const decrypt: number[] = [];
  for (let i = 0; i < 200; i++) {
    t = performance.now();
    const m = await group.encrypt(utf8(text), `m${i}`);
    encrypt.push(performance.now() - t);
    t = performance.now();
    await receiver.process(m);
    decrypt.push(performance.now() - t);
  }
  // Removing one member at a time (50, 49, ... members), each commit also processed by a member.
  const remove: number[] = [];
  const processRemove: number[] = [];
  for (let i = 0; i < 5; i++) {
    const leaf = group.members().find((m) => m.userId === `member-${49 - i}`)!.leafIndex;
    t = performance.now();
    const commit = await group.commit({ remove: [leaf] }, { size: 0, root: new Uint8Array(32) });
    remove.push(performance.now() - t);
    group.apply(commit);
    t = performance.now();
    await receiver.process(commit.commit);
    processRemove.push(performance.now() - t);
  }
  return {
    encryptMs: median(encrypt),
    decryptMs: median(decrypt),
    add49Ms: addMs,
    welcomeMs: median(welcome),
    removeMs: median(remove),
    processRemoveMs: median(processRemove),
  };
}

/** Two people's devices in this browser against the real server: set up, a thread, a message. */
async function deviceStory(base: string, people: { id: string; token: string }[]): Promise<string[]> {
  const transportOf = (p: { token: string }) =>
    httpTransport(async (method, path, body) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    });
  const storage = () => {
    const data = new Map<string, unknown>();
    return {
      load: async <T>(key: string) => data.get(key) as T | undefined,
      save: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
    };
  };
  const [ana, jurgen] = await Promise.all(people.map((p) => DeviceClient.setUp(p.id, transportOf(p), storage())));
  const threadId = crypto.randomUUID();
  await ana!.client.startThread(threadId, [people[1]!.id]);
  await jurgen!.client.joinWelcomes();
  await ana!.client.send(threadId, 'ça marche dans Chromium');
  const events = await jurgen!.client.sync(threadId);
  return events.flatMap((e) => (e.kind === 'message' ? [e.body.text] : []));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

(globalThis as unknown as { liaisonKat: unknown }).liaisonKat = {
  mlsTimings,
  deviceStory,
  mls: async (baseUrl: string) => {
    const vectors = Object.fromEntries(
      await Promise.all(
        Object.entries(MLS_VECTOR_FILES).map(async ([key, file]) => [
          key,
          await (await fetch(`${baseUrl}/${file}`)).json(),
        ]),
      ),
    ) as MlsVectors;
    const results = await runMlsTestVectors(vectors);
    const bySuite = results.reduce<Record<string, number>>((n, r) => ({ ...n, [r.suite]: (n[r.suite] ?? 0) + 1 }), {});
    return { bySuite, failures: describeFailures(results), roundTrip: await mlsRoundTrip() };
  },
  run: async (vectors: KatVectors) => {
    const results = await runKnownAnswerTests(vectors);
    return { count: results.length, failures: describeFailures(results), roundTrip: await roundTrip() };
  },
};
