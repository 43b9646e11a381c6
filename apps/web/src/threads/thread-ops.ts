import { type RosterChange, ThreadCrypto, type ThreadRole } from '@liaison/e2ee';
import { messagingApi, type ThreadDetail } from '../api/messaging';
import type { LocalKeys } from '../e2ee/key-store';
import { keyStore } from '../e2ee/key-store';
import { keyLookups, keysOfPeople, knownSecrets, rememberEpochSecrets } from '../e2ee/vault';

/** People without published keys cannot be in an encrypted thread yet. */
export class WithoutKeysError extends Error {
  constructor(readonly userIds: string[]) {
    super('some people have not set up encryption yet');
  }
}

/**
 * Starts an encrypted thread: signs the roster, wraps the first epoch key for everyone, and sends
 * the subject as the first (encrypted) message. Returns the new thread's id.
 */
export async function createEncryptedThread(
  keys: LocalKeys,
  options: {
    members: { userId: string; role: ThreadRole }[];
    subject: string;
    shareHistory: boolean;
    linkedTo?: { type: 'working_group' | 'action_item'; id: string };
  },
): Promise<string> {
  const me = keys.identity.userId;
  const members = options.members.filter((m) => m.userId !== me);
  const people = await keysOfPeople(me, [me, ...members.map((m) => m.userId)]);
  const without = members.filter((m) => !people.has(m.userId)).map((m) => m.userId);
  if (without.length > 0) throw new WithoutKeysError(without);
  const threadId = crypto.randomUUID();
  const { keysOf, kemOf } = keyLookups(keys, people);
  const created = await ThreadCrypto.create(threadId, keys.identity, members, kemOf, keysOf);
  await messagingApi.createThread({
    threadId,
    rosterEvents: created.rosterEvents,
    keyDistribution: created.keyDistribution,
    shareHistory: options.shareHistory,
    ...(options.linkedTo ? { linkedTo: options.linkedTo } : {}),
  });
  await rememberEpochSecrets(me, threadId, new Map([[1, created.epochSecret]]));
  const client = await ThreadCrypto.load(
    { id: threadId, rosterEvents: created.rosterEvents, keyDistributions: [created.keyDistribution] },
    keys.identity,
    keysOf,
  );
  await messagingApi.send(
    threadId,
    client.encrypt({ v: 1, kind: 'subject', text: options.subject }, crypto.randomUUID()),
  );
  await keyStore.saveSubject(me, threadId, options.subject);
  return threadId;
}

/** A thread's verified roster and keys as this browser holds them (for changes outside the thread page). */
export async function openThreadCrypto(
  threadId: string,
  keys: LocalKeys,
): Promise<{ crypto: ThreadCrypto; detail: ThreadDetail }> {
  const me = keys.identity.userId;
  const detail = await messagingApi.thread(threadId);
  const people = await keysOfPeople(me, [
    ...detail.members.map((m) => m.userId),
    ...detail.rosterEvents.flatMap((e) => [e.actor, e.subject]),
  ]);
  const crypto = await ThreadCrypto.load(
    {
      id: threadId,
      rosterEvents: detail.rosterEvents,
      keyDistributions: detail.keyDistributions,
      historyShares: detail.historyShares,
    },
    keys.identity,
    keyLookups(keys, people).keysOf,
    { earlierIdentities: keys.earlier, knownSecrets: await knownSecrets(me, threadId) },
  );
  await rememberEpochSecrets(me, threadId, crypto.secrets);
  return { crypto, detail };
}

/**
 * One signed change of a thread's roster, sent with what it needs: the epoch key wrapped for the
 * members after it (a removal opens a new epoch), and for a newcomer to a thread that shares its
 * history, the earlier epochs' keys in a history share.
 */
export async function changeRoster(
  keys: LocalKeys,
  crypto: ThreadCrypto,
  detail: ThreadDetail,
  change:
    | { kind: 'add'; subject: string; role?: ThreadRole }
    | { kind: 'remove'; subject: string }
    | { kind: 'role'; subject: string; role: ThreadRole },
): Promise<void> {
  const me = keys.identity.userId;
  const people = await keysOfPeople(me, [...crypto.roster.members.keys(), change.subject]);
  const { keysOf, kemOf } = keyLookups(keys, people);
  if (change.kind === 'add' && !people.has(change.subject)) throw new WithoutKeysError([change.subject]);
  const rosterChange: RosterChange =
    change.kind === 'add' ? { kind: 'add', subject: change.subject, role: change.role ?? 'member' } : change;
  const signed = await crypto.change(rosterChange, kemOf, keysOf, { shareHistory: detail.shareHistory });
  await messagingApi.changeMembership(detail.id, {
    event: signed.event,
    ...(signed.keyDistribution ? { keyDistribution: signed.keyDistribution } : {}),
    ...(signed.historyShare ? { historyShare: signed.historyShare } : {}),
  });
  if (signed.epochSecret && signed.keyDistribution)
    await rememberEpochSecrets(me, detail.id, new Map([[signed.keyDistribution.epoch, signed.epochSecret]]));
}
