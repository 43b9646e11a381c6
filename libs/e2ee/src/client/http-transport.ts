import type { DeviceBackupBlob } from '../mls/backup.js';
import { type LiaisonTransport, StaleEpochError } from './transport.js';

/** One JSON request to the API (`/api/v1` + path), answering the status and the parsed body. */
export type JsonRequest = (
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** An API answer that is not a success, with the error body's code. */
export class TransportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const q = encodeURIComponent;

/** The transport over Liaison's REST API (the routes of `openapi.json`), for any JSON request function. */
export function httpTransport(request: JsonRequest): LiaisonTransport {
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const res = await request(method, path, body);
    if (res.status >= 200 && res.status < 300) return res.body as T;
    const err = (res.body ?? {}) as { code?: string; message?: string; context?: { currentEpoch?: number } };
    if (res.status === 409 && err.code === 'stale_epoch' && typeof err.context?.currentEpoch === 'number')
      throw new StaleEpochError(err.context.currentEpoch);
    throw new TransportError(res.status, err.code, err.message ?? `${method} ${path} answered ${res.status}`);
  };
  return {
    logKey: async () => (await call<{ logKey: string }>('GET', '/transparency/key')).logKey,
    head: (knownSize) => call('GET', `/transparency/head?knownSize=${knownSize}`),
    consistency: (from, to) => call('GET', `/transparency/consistency?from=${from}&to=${to}`),
    records: (userId, size) => call('GET', `/transparency/users/${q(userId)}?size=${size}`),
    publishIdentity: async (body) => {
      await call('POST', '/transparency/identity', body);
    },
    publishDevice: async (body) => {
      await call('POST', '/transparency/devices', body);
    },
    uploadKeyPackages: async (deviceId, keyPackages) =>
      (await call<{ available: number }>('PUT', `/devices/${q(deviceId)}/key-packages`, { keyPackages })).available,
    availableKeyPackages: async (deviceId) =>
      (await call<{ available: number }>('GET', `/devices/${q(deviceId)}/key-packages`)).available,
    claimKeyPackages: (userIds, devices) =>
      call('POST', '/key-packages/claim', devices ? { userIds, devices } : { userIds }),
    backup: async () => {
      try {
        return await call<{ blob: DeviceBackupBlob; version: number }>('GET', '/keys/me/backup');
      } catch (err) {
        if (err instanceof TransportError && err.status === 404) return null;
        throw err;
      }
    },
    saveBackup: async (blob, expectedVersion) =>
      (await call<{ version: number }>('PUT', '/keys/me/backup', { blob, expectedVersion })).version,
    createThread: async (body) => {
      await call('POST', '/threads', body);
    },
    commit: (threadId, body) => call('POST', `/threads/${q(threadId)}/commits`, body),
    send: (threadId, body) => call('POST', `/threads/${q(threadId)}/messages`, body),
    leave: (threadId, body) => call('POST', `/threads/${q(threadId)}/leave`, body),
    messages: (threadId, deviceId, afterSeq) =>
      call('GET', `/threads/${q(threadId)}/messages?deviceId=${q(deviceId)}&afterSeq=${afterSeq}&limit=500`),
    welcomes: (deviceId) => call('GET', `/threads/welcomes?deviceId=${q(deviceId)}`),
  };
}
