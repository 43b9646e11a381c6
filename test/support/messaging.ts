import {
  DeviceClient,
  type DeviceStorage,
  fromB64,
  httpTransport,
  identityFromSecret,
  revokeDevice,
  toB64,
  type LiaisonTransport,
  type ThreadEvent,
} from '@liaison/e2ee';
import { aUser, type TestUser } from './identity.js';
import type { TestApi } from './test-api.js';

/** A browser's device storage, kept in memory (the web client keeps it in IndexedDB). */
export const memoryStorage = (): DeviceStorage => {
  const data = new Map<string, string>();
  return {
    load: async <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    save: async (key, value) => void data.set(key, JSON.stringify(value)),
  };
};

/** The device client's transport over the test API, as a user's session. */
export const transportOf = (api: TestApi, user: TestUser): LiaisonTransport =>
  httpTransport((method, path, body) => api.json(method, `/api/v1${path}`, body, user.auth));

/** A signed-in person with one device set up (protocol v2: identity, device, KeyPackages, backup). */
export interface Person {
  user: TestUser;
  client: DeviceClient;
}

export async function aPerson(api: TestApi): Promise<Person> {
  const user = await aUser(api);
  const { client } = await DeviceClient.setUp(user.id, transportOf(api, user), memoryStorage());
  return { user, client };
}

/** A thread the creator starts with the others in it, every other device joined from its Welcome. */
export async function aThread(creator: Person, others: Person[]): Promise<string> {
  const threadId = crypto.randomUUID();
  await creator.client.startThread(
    threadId,
    others.map((o) => o.user.id),
  );
  for (const other of others) await other.client.joinWelcomes();
  return threadId;
}

/** The texts of the messages among a device's thread events. */
export const texts = (events: ThreadEvent[]) => events.flatMap((e) => (e.kind === 'message' ? [e.body.text] : []));

/**
 * Revokes one of a person's devices with the identity key another of their devices holds (what
 * the person does when a browser is stolen); answers the API's status.
 */
export async function revokeWith(
  api: TestApi,
  user: TestUser,
  holder: DeviceClient,
  deviceId: string,
): Promise<number> {
  const secret = (holder as unknown as { state: { identitySecret: string } }).state.identitySecret;
  const revocation = revokeDevice(identityFromSecret(user.id, fromB64(secret)), deviceId);
  const answer = await api.json(
    'POST',
    `/api/v1/transparency/devices/${deviceId}/revoke`,
    { identityKey: toB64(revocation.identityKey), signature: toB64(revocation.signature) },
    user.auth,
  );
  return answer.status;
}
