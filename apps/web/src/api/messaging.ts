import { api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

export type Person = Schemas['PersonDto'];

/** An encrypted thread (MLS) as the server lists it: ids and counts, never what it says. */
export type ThreadSummary = Schemas['MlsThreadSummaryDto'];

export interface ThreadDetail extends Omit<ThreadSummary, 'unread' | 'lastReadSeq' | 'memberCount' | 'lastMessageAt'> {
  members: { userId: string; role: 'admin' | 'member'; devices: string[]; leftDevices: string[] }[];
}

const thread = (id: string) => `/threads/${encodeURIComponent(id)}` as const;

export const messagingApi = {
  people: (query: { q?: string; ids?: string; email?: string }) => api.get<{ items: Person[] }>('/people', { query }),
  threads: () => api.get<{ items: ThreadSummary[] }>('/threads'),
  thread: (id: string) => api.get<ThreadDetail>(thread(id)),
  setRole: (threadId: string, userId: string, role: 'admin' | 'member') =>
    api.put<{ userId: string; role: 'admin' | 'member' }>(
      `${thread(threadId)}/members/${encodeURIComponent(userId)}/role`,
      { role },
    ),
  markRead: (threadId: string, seq: number) => api.post<{ lastReadSeq: number }>(`${thread(threadId)}/read`, { seq }),
  uploadAttachment: (threadId: string, id: string, ciphertext: Uint8Array) =>
    api.put<{ id: string; size: number; sha256: string }>(
      `${thread(threadId)}/attachments/${encodeURIComponent(id)}`,
      ciphertext,
      { contentType: 'application/octet-stream' },
    ),
  downloadAttachment: (threadId: string, id: string) =>
    api.download(`${thread(threadId)}/attachments/${encodeURIComponent(id)}`),
};
