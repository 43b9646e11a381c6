import type { DeviceStorage } from '@liaison/e2ee';

/**
 * This browser's end-to-end encryption state in IndexedDB: the device (identity and device keys,
 * trust store, transparency monitor, KeyPackages), each thread's MLS group state, and what this
 * device decrypted (MLS opens a message once: the decrypted text is kept here, never on the
 * server). Nothing here leaves the browser except inside the encrypted backup.
 */
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

export const localStore = {
  get: <T>(key: string) => run<T | undefined>('readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
  put: async (key: string, value: unknown) => {
    await run('readwrite', (s) => s.put(value, key));
  },
};

/** The device client's storage: the same key-value store. */
export const deviceStorage: DeviceStorage = {
  load: (key) => localStore.get(key),
  save: (key, value) => localStore.put(key, value),
};
