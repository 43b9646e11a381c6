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

(globalThis as unknown as { liaisonKat: unknown }).liaisonKat = {
  run: async (vectors: KatVectors) => {
    const results = await runKnownAnswerTests(vectors);
    return { count: results.length, failures: describeFailures(results), roundTrip: await roundTrip() };
  },
};
