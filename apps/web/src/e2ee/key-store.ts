import type { BackupKeys, IdentityKeys } from '@liaison/e2ee';

/**
 * This browser's keys, in IndexedDB (never sent anywhere but inside the encrypted backup):
 * the identity and earlier ones, the backup's data key, pinned fingerprints of other people,
 * the epoch secrets opened so far, and the subjects of threads as decrypted here.
 */
export interface Pin {
  fingerprint: string;
  verified: boolean;
  /** A key change seen and not yet accepted by the user: sending is blocked until then. */
  changedTo?: string;
}

export interface LocalKeys {
  identity: IdentityKeys;
  earlier: IdentityKeys[];
  backup: BackupKeys;
  backupVersion: number;
}

const DB = 'liaison-e2ee';
const STORE = 'kv';

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

const get = <T>(key: string) => run<T | undefined>('readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
const put = (key: string, value: unknown) => run('readwrite', (s) => s.put(value, key));
const del = (key: string) => run('readwrite', (s) => s.delete(key));

export const keyStore = {
  keys: (userId: string) => get<LocalKeys>(`keys:${userId}`),
  saveKeys: (userId: string, keys: LocalKeys) => put(`keys:${userId}`, keys),
  forgetKeys: (userId: string) => del(`keys:${userId}`),

  pins: async (userId: string) => (await get<Record<string, Pin>>(`pins:${userId}`)) ?? {},
  savePins: (userId: string, pins: Record<string, Pin>) => put(`pins:${userId}`, pins),

  epochSecrets: async (userId: string) =>
    (await get<Record<string, Record<string, Uint8Array>>>(`epochs:${userId}`)) ?? {},
  saveEpochSecrets: (userId: string, secrets: Record<string, Record<string, Uint8Array>>) =>
    put(`epochs:${userId}`, secrets),

  subjects: async (userId: string) => (await get<Record<string, string>>(`subjects:${userId}`)) ?? {},
  saveSubject: async (userId: string, threadId: string, subject: string) => {
    const subjects = (await get<Record<string, string>>(`subjects:${userId}`)) ?? {};
    await put(`subjects:${userId}`, { ...subjects, [threadId]: subject });
  },
};
