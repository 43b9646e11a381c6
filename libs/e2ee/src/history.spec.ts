import { toB64 } from './bytes.js';
import { createDistribution } from './distribution.js';
import { E2eeError } from './errors.js';
import { createHistoryShare, openHistoryShare } from './history.js';
import { generateIdentity, type IdentityKeys } from './identity.js';
import { ThreadCrypto } from './thread-client.js';

describe('shared history', () => {
  let ana: IdentityKeys, jurgen: IdentityKeys, thijs: IdentityKeys;
  const all = () => [ana, jurgen, thijs];
  const keysOf = (id: string) =>
    all()
      .filter((k) => k.userId === id)
      .map((k) => k.signPublicKey);
  const kemOf = (id: string) => all().find((k) => k.userId === id)!.kemPublicKey;
  beforeAll(async () => {
    [ana, jurgen, thijs] = await Promise.all(['ana', 'jurgen', 'thijs'].map((id) => generateIdentity(id)));
  });

  it('lets a newcomer read earlier epochs only when the admin shares them, and refuses forged shares', async () => {
    const created = await ThreadCrypto.create('t', ana, [{ userId: 'jurgen', role: 'member' }], kemOf, keysOf);
    const snapshot = { id: 't', rosterEvents: created.rosterEvents, keyDistributions: [created.keyDistribution] };
    const client = await ThreadCrypto.load(snapshot, ana, keysOf);
    const early = client.encrypt({ v: 1, kind: 'text', text: 'before Thijs' }, 'early');
    const rotation = await client.change({ kind: 'rotate' }, kemOf);
    snapshot.rosterEvents.push(rotation.event);
    snapshot.keyDistributions.push(rotation.keyDistribution!);
    await client.update(snapshot);
    expect(client.epoch).toBe(2);

    const added = await client.change({ kind: 'add', subject: 'thijs', role: 'member' }, kemOf, keysOf, {
      shareHistory: true,
    });
    expect(added.historyShare?.epochs.map((e) => e.epoch)).toEqual([1]);
    const withThijs = {
      ...snapshot,
      rosterEvents: [...snapshot.rosterEvents, added.event],
      keyDistributions: [...snapshot.keyDistributions, added.keyDistribution!],
    };
    const closed = await ThreadCrypto.load(withThijs, thijs, keysOf);
    expect(() => closed.decrypt(early)).toThrow(expect.objectContaining({ reason: 'unknown_epoch' }));
    const shared = await ThreadCrypto.load({ ...withThijs, historyShares: [added.historyShare!] }, thijs, keysOf);
    expect(shared.decrypt(early).text).toBe('before Thijs');

    // Forgeries: by a non-admin, for someone else, or with the current epoch slipped in.
    await client.update(withThijs);
    const byMember = await createHistoryShare(
      client.roster,
      jurgen,
      { userId: 'thijs', kemPublicKey: thijs.kemPublicKey },
      client.secrets,
    );
    const reason = async (work: Promise<unknown>) =>
      work.then(
        () => 'accepted',
        (err) => (err instanceof E2eeError ? err.reason : String(err)),
      );
    expect(await reason(openHistoryShare(client.roster, byMember, keysOf, thijs))).toBe('distribution_not_admin');
    expect(await reason(openHistoryShare(client.roster, added.historyShare!, keysOf, jurgen))).toBe(
      'distribution_not_for_me',
    );
    const current = await createDistribution(client.roster, ana, client.secrets.get(2)!, kemOf);
    const widened = {
      ...added.historyShare!,
      epochs: [
        ...added.historyShare!.epochs,
        { epoch: 2, enc: current.wrapped[0]!.enc, ciphertext: current.wrapped[0]!.ciphertext },
      ],
    };
    expect(await reason(openHistoryShare(client.roster, widened, keysOf, thijs))).toBe('malformed');
    const tampered = {
      ...added.historyShare!,
      epochs: [{ ...added.historyShare!.epochs[0]!, epoch: 1 }],
      signature: toB64(new Uint8Array(64)),
    };
    expect(await reason(openHistoryShare(client.roster, tampered, keysOf, thijs))).toBe('distribution_bad_signature');
  });
});
