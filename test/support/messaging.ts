import {
  fromB64,
  generateIdentity,
  type IdentityKeys,
  publicIdentity,
  type SigningKeysOf,
  ThreadCrypto,
  type ThreadRole,
} from '@liaison/e2ee';
import { aUser, type TestUser } from './identity.js';
import type { TestApi } from './test-api.js';

/** A signed-in user with an identity published to the key directory, as a client would hold it. */
export interface Member extends TestUser {
  keys: IdentityKeys;
}

export async function aMember(api: TestApi, options: Parameters<typeof aUser>[1] = {}): Promise<Member> {
  const user = await aUser(api, options);
  const keys = await generateIdentity(user.id);
  const { userId: _, ...published } = publicIdentity(keys);
  const res = await api.json('PUT', '/api/v1/keys/me', published, user.auth);
  if (res.status !== 200) throw new Error(`publishing keys answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...user, keys };
}

/** Public keys from the key directory (with history), as a client reads them. */
export async function directoryKeys(
  api: TestApi,
  as: TestUser,
  userIds: string[],
): Promise<{ keysOf: SigningKeysOf; kemOf: (userId: string) => Uint8Array }> {
  const sign = new Map<string, Uint8Array[]>();
  const kem = new Map<string, Uint8Array>();
  for (const id of new Set(userIds)) {
    const res = await api.json('GET', `/api/v1/keys/${id}`, undefined, as.auth);
    if (res.status !== 200) continue;
    sign.set(
      id,
      [res.body.current, ...res.body.history].map((k: { signPublicKey: string }) => fromB64(k.signPublicKey)),
    );
    kem.set(id, fromB64(res.body.current.encPublicKey));
  }
  return {
    keysOf: (id) => sign.get(id) ?? [],
    kemOf: (id) => {
      const key = kem.get(id);
      if (!key) throw new Error(`no KEM key for ${id}`);
      return key;
    },
  };
}

/** Creates a thread the way the client does: signed roster, first key distribution, POST /threads. */
export async function aThread(
  api: TestApi,
  creator: Member,
  members: { member: TestUser; role?: ThreadRole }[],
  options: { retentionDays?: number; shareHistory?: boolean } = {},
): Promise<string> {
  const threadId = crypto.randomUUID();
  const { keysOf, kemOf } = await directoryKeys(api, creator, [creator.id, ...members.map((m) => m.member.id)]);
  const created = await ThreadCrypto.create(
    threadId,
    creator.keys,
    members.map((m) => ({ userId: m.member.id, role: m.role ?? 'member' })),
    kemOf,
    keysOf,
  );
  const res = await api.json(
    'POST',
    '/api/v1/threads',
    { threadId, rosterEvents: created.rosterEvents, keyDistribution: created.keyDistribution, ...options },
    creator.auth,
  );
  if (res.status !== 201) throw new Error(`creating the thread answered ${res.status}: ${JSON.stringify(res.body)}`);
  return threadId;
}

/** A member's client state for a thread, loaded from GET /threads/:id and the key directory. */
export async function openThread(api: TestApi, member: Member, threadId: string): Promise<ThreadCrypto> {
  const res = await api.json('GET', `/api/v1/threads/${threadId}`, undefined, member.auth);
  if (res.status !== 200) throw new Error(`reading the thread answered ${res.status}`);
  const actors = res.body.rosterEvents.flatMap((e: { actor: string; subject: string }) => [e.actor, e.subject]);
  const { keysOf } = await directoryKeys(api, member, actors);
  return ThreadCrypto.load({ id: threadId, ...res.body }, member.keys, keysOf);
}
