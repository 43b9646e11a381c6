import { api } from './client';

export interface Person {
  id: string;
  displayName: string;
  /** Null for someone whose directory entry the reader may not see. */
  email: string | null;
  organisationId: string | null;
  organisationName: string | null;
}

/** An encrypted thread (MLS) as the server lists it: ids and counts, never what it says. */
export interface ThreadSummary {
  id: string;
  epoch: number;
  lastSeq: number;
  role: 'admin' | 'member';
  linkedType: 'working_group' | null;
  linkedId: string | null;
  retentionDays: number | null;
  createdAt: string;
  unread: number;
  lastReadSeq: number;
  memberCount: number;
  lastMessageAt: string | null;
}

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
