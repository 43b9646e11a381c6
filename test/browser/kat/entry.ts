// Bundled for Chromium by kat.vite.config.mjs: the protocol library's known-answer tests and
// a protocol round trip, exposed to the page as globalThis.liaisonKat.
import {
  createBackupKeys,
  describeFailures,
  generateIdentity,
  newRecoveryKey,
  openBackup,
  runKnownAnswerTests,
  sealBackup,
  ThreadCrypto,
} from '../../../libs/e2ee/src/index.js';
import type { KatVectors } from '../../../libs/e2ee/src/kat/known-answers.js';

async function roundTrip(): Promise<string[]> {
  const [ana, jurgen] = await Promise.all([generateIdentity('ana'), generateIdentity('jurgen')]);
  const keysOf = (id: string) => [id === 'ana' ? ana.signPublicKey : jurgen.signPublicKey];
  const kemOf = (id: string) => (id === 'ana' ? ana.kemPublicKey : jurgen.kemPublicKey);
  const created = await ThreadCrypto.create('thread-1', ana, [{ userId: 'jurgen', role: 'member' }], kemOf, keysOf);
  const snapshot = { id: 'thread-1', rosterEvents: created.rosterEvents, keyDistributions: [created.keyDistribution] };
  const sender = await ThreadCrypto.load(snapshot, ana, keysOf);
  const receiver = await ThreadCrypto.load(snapshot, jurgen, keysOf);
  const m = sender.encrypt({ v: 1, kind: 'text', text: 'ça marche' }, 'm1');
  const { key } = newRecoveryKey();
  const backup = sealBackup(await createBackupKeys('ana', key), { identities: [], epochSecrets: {} });
  const opened = await openBackup(backup, { recoveryKey: key });
  return [receiver.decrypt(m).text, String(opened.payload.identities.length)];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Client-side costs for bench/messaging.mjs: one message each way, a 50-member rotation, a key pair. */
async function timings() {
  const keygen: number[] = [];
  const people = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    people.push(await generateIdentity(`member-${i}`));
    if (i < 5) keygen.push(performance.now() - t);
  }
  const byId = new Map(people.map((p) => [p.userId, p]));
  const keysOf = (id: string) => [byId.get(id)!.signPublicKey];
  const kemOf = (id: string) => byId.get(id)!.kemPublicKey;
  const [admin, ...rest] = people;
  const created = await ThreadCrypto.create(
    'thread-50',
    admin!,
    rest.map((p) => ({ userId: p.userId, role: 'member' as const })),
    kemOf,
    keysOf,
  );
  const snapshot = { id: 'thread-50', rosterEvents: created.rosterEvents, keyDistributions: [created.keyDistribution] };
  const sender = await ThreadCrypto.load(snapshot, admin!, keysOf);
  const receiver = await ThreadCrypto.load(snapshot, rest[0]!, keysOf);
  const text =
    'A message of ordinary length, about two hundred characters: who covers victim identification in Romania, and does she speak French? Please reply before Friday.';
  const encrypt: number[] = [];
  const decrypt: number[] = [];
  for (let i = 0; i < 200; i++) {
    let t = performance.now();
    const m = sender.encrypt({ v: 1, kind: 'text', text }, `m${i}`);
    encrypt.push(performance.now() - t);
    t = performance.now();
    receiver.decrypt(m);
    decrypt.push(performance.now() - t);
  }
  const rotate: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await sender.change({ kind: 'rotate' }, kemOf, keysOf);
    rotate.push(performance.now() - t);
  }
  return { encryptMs: median(encrypt), decryptMs: median(decrypt), rotateMs: median(rotate), keygenMs: median(keygen) };
}

(globalThis as unknown as { liaisonKat: unknown }).liaisonKat = {
  timings,
  run: async (vectors: KatVectors) => {
    const results = await runKnownAnswerTests(vectors);
    return { count: results.length, failures: describeFailures(results), roundTrip: await roundTrip() };
  },
};
