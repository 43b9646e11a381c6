import {
  DeviceClient,
  type DeviceStorage,
  httpTransport,
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
